import { afterEach, describe, expect, it, vi } from 'vitest';
import { api, setCsrfToken } from './api';

afterEach(() => {
  vi.unstubAllGlobals();
  setCsrfToken(null);
});

describe('a body that is not JSON', () => {
  it('goes as it is, with its content type and the CSRF token', async () => {
    const calls: RequestInit[] = [];
    vi.stubGlobal('fetch', async (_url: string, init: RequestInit) => {
      calls.push(init);
      return new Response('{"total":1}', { status: 200, headers: { 'Content-Type': 'application/json' } });
    });
    setCsrfToken('tok');
    const csv = 'email;login\r\nlea@example.com;lea.durand\r\n';
    expect(await api.post('/org/users/import', csv, { contentType: 'text/csv', query: { dryRun: true } })).toEqual({ total: 1 });
    const headers = calls[0].headers as Record<string, string>;
    expect(headers['Content-Type']).toBe('text/csv');
    expect(headers['X-CSRF-Token']).toBe('tok');
    expect(calls[0].body).toBe(csv);
  });
});
