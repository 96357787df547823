// Loading what a page shows (useLoad), and the applications anyone may request
// (GET /api/v1/applications, no session needed) for the "Request a new user" form
// and the queues' filters.
import { useEffect, useState } from 'preact/hooks';
import { api, ApiError } from '../../api';
import { t } from '../../i18n';
import type { Application } from './model';

export type Loaded<T> = { state: 'loading' } | { state: 'failed'; error: string } | { state: 'ready'; value: T };

/** Runs load once per change of deps and keeps its outcome; reload() runs it again. */
export function useLoad<T>(load: (signal: AbortSignal) => Promise<T>, deps: readonly unknown[]): [Loaded<T>, () => void] {
  const [loaded, setLoaded] = useState<Loaded<T>>({ state: 'loading' });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    const ctl = new AbortController();
    load(ctl.signal).then(
      (value) => !ctl.signal.aborted && setLoaded({ state: 'ready', value }),
      (err: unknown) => !ctl.signal.aborted && setLoaded({ state: 'failed', error: err instanceof ApiError ? err.message : t('app.api.unexpected') }),
    );
    return () => ctl.abort();
  }, [...deps, tick]);
  return [loaded, () => setTick((n) => n + 1)];
}

/** The requestable applications, sorted by name in the caller's language. */
export function useCatalog(): Loaded<Application[]> {
  return useLoad((signal) => api.get<{ items: Application[] }>('/applications', { signal, authRedirect: false }).then((r) => r.items), [])[0];
}
