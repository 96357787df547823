export type Health = 'checking' | 'ok' | 'down';

export const HEALTH_URL = '/api/v1/health';

type FetchLike = (input: string, init?: RequestInit) => Promise<Pick<Response, 'ok' | 'json'>>;

/** GET /api/v1/health; "ok" only for a 2xx JSON answer {"status":"ok"}. */
export async function checkHealth(fetchImpl: FetchLike = fetch, timeoutMs = 5000): Promise<Health> {
  const controller = typeof AbortController === 'undefined' ? null : new AbortController();
  const timer = controller ? setTimeout(() => controller.abort(), timeoutMs) : null;
  try {
    const res = await fetchImpl(HEALTH_URL, {
      headers: { Accept: 'application/json' },
      cache: 'no-store',
      signal: controller?.signal,
    });
    if (!res.ok) return 'down';
    const body: unknown = await res.json();
    return typeof body === 'object' && body !== null && (body as { status?: unknown }).status === 'ok' ? 'ok' : 'down';
  } catch {
    return 'down';
  } finally {
    if (timer) clearTimeout(timer);
  }
}
