// Loading one thing for a page (a registration, a domain): the answer, the error,
// and a way to load it again or replace it with what a change answered.
import { useEffect, useState } from 'preact/hooks';
import { ApiError } from '../../api';
import { t } from '../../i18n';

export interface Loaded<T> {
  data: T | null;
  error: ApiError | null;
  loading: boolean;
  reload: () => void;
  /** Shows v (what a change answered) without asking again. */
  set: (v: T) => void;
}

/** Loads with load(signal) now and whenever a value of deps changes. */
export function useLoaded<T>(load: (signal: AbortSignal) => Promise<T>, deps: readonly unknown[]): Loaded<T> {
  const [state, setState] = useState<{ data: T | null; error: ApiError | null; loading: boolean }>({ data: null, error: null, loading: true });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    const ctl = new AbortController();
    setState((s) => ({ ...s, loading: true, error: null }));
    load(ctl.signal).then(
      (data) => !ctl.signal.aborted && setState({ data, error: null, loading: false }),
      (err: unknown) => {
        if (ctl.signal.aborted) return;
        const e = err instanceof ApiError ? err : new ApiError(0, 'unexpected', t('app.api.unexpected'));
        setState((s) => ({ ...s, error: e, loading: false }));
      },
    );
    return () => ctl.abort();
  }, [...deps, tick]);
  return {
    ...state,
    reload: () => setTick((n) => n + 1),
    set: (data) => setState({ data, error: null, loading: false }),
  };
}
