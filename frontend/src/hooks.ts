import { useEffect, useState } from 'preact/hooks';

/**
 * Reads a value kept outside the component tree (the session, the language, the
 * place) and re-renders when it changes. The subscription starts after the first
 * paint; a change in between (a fast answer to GET /session) is caught by comparing
 * with what was rendered.
 */
export function useExternal<T>(subscribe: (fn: () => void) => () => void, get: () => T): T {
  const value = get();
  const [, setTick] = useState(0);
  useEffect(() => {
    const update = () => setTick((n) => n + 1);
    const unsubscribe = subscribe(update);
    if (get() !== value) update();
    return unsubscribe;
  }, []);
  return value;
}
