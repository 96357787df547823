export type Health = 'checking' | 'ok' | 'down';

export const HEALTH_URL = '/api/v1/health';

type FetchLike = (input: string, init?: RequestInit) => Promise<Pick<Response, 'ok' | 'json'>>;

let passkeysOff = false;
const passkeysListeners = new Set<() => void>();

/** Whether the server said passkeys are off (its address is an IP address, and
 * WebAuthn needs a domain name): the health answer's `"passkeys": false`. */
export function serverPasskeysOff(): boolean {
  return passkeysOff;
}

/** Calls fn when the health answer changes serverPasskeysOff(). */
export function onServerPasskeys(fn: () => void): () => void {
  passkeysListeners.add(fn);
  return () => passkeysListeners.delete(fn);
}

/** GET /api/v1/health; "ok" only for a 2xx JSON answer {"status":"ok"}. It also
 * records whether the server said passkeys are off (serverPasskeysOff). */
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
    if (typeof body !== 'object' || body === null) return 'down';
    const { status, passkeys } = body as { status?: unknown; passkeys?: unknown };
    if (status === 'ok' && (passkeys === false) !== passkeysOff) {
      passkeysOff = passkeys === false;
      passkeysListeners.forEach((fn) => fn());
    }
    return status === 'ok' ? 'ok' : 'down';
  } catch {
    return 'down';
  } finally {
    if (timer) clearTimeout(timer);
  }
}
