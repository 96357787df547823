import { afterEach, describe, expect, it, vi } from 'vitest';
import { confirmNotificationEmail, profileValues } from './profile';
import type { Me } from './me';

const me: Me = {
  id: 'u1', orgId: 'acme', email: 'zoe@acme.example', login: 'zoe', firstName: 'Zoé', lastName: 'Martin',
  lang: 'fr', role: 'user', status: 'ready', version: 3, notificationEmail: 'old@acme.example',
  pendingNotificationEmail: 'new@acme.example',
  security: { totp: false, recoveryCodesLeft: 0, passkeys: 0, mfaRequired: false },
} as Me;

afterEach(() => vi.unstubAllGlobals());

describe('the notification address', () => {
  it('edits the address in use, not the one waiting for its code', () => {
    expect(profileValues(me).notificationEmail).toBe('old@acme.example');
  });

  it('confirms the waiting address with the code, spaces forgiven', async () => {
    const calls: { url: string; init: RequestInit }[] = [];
    vi.stubGlobal('fetch', vi.fn(async (url: string, init: RequestInit) => {
      calls.push({ url, init });
      return new Response(JSON.stringify({ ...me, notificationEmail: 'new@acme.example', pendingNotificationEmail: undefined }), {
        status: 200, headers: { 'Content-Type': 'application/json' },
      });
    }));
    const next = await confirmNotificationEmail(' 123 456 ');
    expect(calls).toHaveLength(1);
    expect(calls[0].url).toBe('/api/v1/me/notification-email/confirm');
    expect(calls[0].init.method).toBe('POST');
    expect(JSON.parse(String(calls[0].init.body))).toEqual({ code: '123456' });
    expect(next.notificationEmail).toBe('new@acme.example');
  });
});
