import { afterEach, describe, expect, it, vi } from 'vitest';
import { checkActivation } from './check';

/** Answers every request with `status` and `body`, and keeps what was asked. */
function answer(status: number, body: unknown) {
  const calls: { url: string; body: unknown }[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string, init: RequestInit) => {
      calls.push({ url, body: JSON.parse(String(init.body)) });
      return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
    }),
  );
  return calls;
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('checkActivation', () => {
  it('lets the form show when the link works', async () => {
    const calls = answer(200, { expiresAt: '2026-12-09T10:00:00Z' });
    expect(await checkActivation('tok-1')).toBe('ok');
    expect(calls).toEqual([{ url: '/api/v1/activation/check', body: { token: 'tok-1' } }]);
  });
  it('tells an expired link', async () => {
    answer(400, { error: { code: 'link_expired', message: 'Ce lien a expiré.' } });
    expect(await checkActivation('tok-2')).toBe('expired');
  });
  it('tells a used, replaced or unknown link', async () => {
    answer(400, { error: { code: 'link_invalid', message: 'Ce lien n’est pas valable.' } });
    expect(await checkActivation('tok-3')).toBe('invalid');
  });
  it('leaves the verdict to the activation itself when the check fails otherwise', async () => {
    answer(503, { error: { code: 'unavailable', message: 'Service indisponible.' } });
    expect(await checkActivation('tok-4')).toBe('unknown');
  });
});
