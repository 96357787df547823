import { describe, expect, it } from 'vitest';
import { checkHealth, HEALTH_URL, onServerPasskeys, serverPasskeysOff } from './health';

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

describe('passkeys off on the server', () => {
  it('is recorded from the health answer, and the portal shows a note instead of passkey buttons', async () => {
    const { passkeysOff, PASSKEYS_OFF_NOTE } = await import('./features/signin/passkeySupport');
    const { translate } = await import('./i18n');
    let told = 0;
    const stop = onServerPasskeys(() => told++);
    await checkHealth(answer(true, { status: 'ok', passkeys: true }));
    expect(serverPasskeysOff()).toBe(false);
    expect(told).toBe(0);

    await checkHealth(answer(true, { status: 'ok', passkeys: false }));
    expect(serverPasskeysOff()).toBe(true);
    expect(told).toBe(1);
    // Whatever the browser can do, the server's answer is the reason given.
    expect(passkeysOff()).toBe('server');
    const note = PASSKEYS_OFF_NOTE.server;
    expect(translate('fr', note)).toContain('adresse IP');
    expect(translate('en', note)).toContain('IP address');
    stop();
  });
});
