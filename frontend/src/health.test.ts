import { describe, expect, it } from 'vitest';
import { checkHealth, HEALTH_URL } from './health';

const answer = (ok: boolean, body: unknown) => async () => ({ ok, json: async () => body });

describe('checkHealth', () => {
  it('is ok for {"status":"ok"}', async () => {
    let url = '';
    const h = await checkHealth(async (u) => {
      url = u;
      return { ok: true, json: async () => ({ status: 'ok' }) };
    });
    expect(h).toBe('ok');
    expect(url).toBe(HEALTH_URL);
    expect(HEALTH_URL).toBe('/api/v1/health');
  });

  it('is down for other bodies, HTTP errors, bad JSON and network errors', async () => {
    expect(await checkHealth(answer(true, { status: 'degraded' }))).toBe('down');
    expect(await checkHealth(answer(true, null))).toBe('down');
    expect(await checkHealth(answer(false, { status: 'ok' }))).toBe('down');
    expect(
      await checkHealth(async () => ({
        ok: true,
        json: async () => {
          throw new SyntaxError('bad json');
        },
      })),
    ).toBe('down');
    expect(
      await checkHealth(async () => {
        throw new TypeError('network');
      }),
    ).toBe('down');
  });
});
