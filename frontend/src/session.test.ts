import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { api, setCsrfToken } from './api';
import { getLanguage, setLanguage } from './i18n';
import { clearSession, displayName, getSession, loadSession, sessionStarted, signedIn, signIn, signOut, type User } from './session';

const user: User = {
  id: 'u1',
  orgId: 'demo',
  email: 'user@demo-industries.example',
  login: 'demo.user',
  firstName: 'Ulysse',
  lastName: 'Utilisateur',
  lang: 'en',
  role: 'user',
  status: 'ready',
  created: '2026-01-01T00:00:00Z',
};

function answer(status: number, body?: unknown) {
  const fn = vi.fn(async (_url: string, _init: RequestInit) =>
    new Response(body === undefined ? null : JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } }),
  );
  vi.stubGlobal('fetch', fn);
  return fn;
}

beforeEach(() => clearSession());
afterEach(() => vi.unstubAllGlobals());

describe('loadSession', () => {
  it('is signed in on 200 and keeps the CSRF token for later calls', async () => {
    answer(200, { user, csrf: 'tok' });
    await loadSession();
    expect(getSession()).toEqual({ status: 'signed-in', user, actor: undefined, mfaEnrolmentRequired: undefined });
    const fn = answer(204);
    await api.post('/x');
    expect((fn.mock.calls[0][1].headers as Record<string, string>)['X-CSRF-Token']).toBe('tok');
  });

  it('is anonymous when the server answers that nobody is signed in', async () => {
    signedIn({ user, csrf: 'tok' });
    answer(200, { user: null });
    await loadSession();
    expect(getSession()).toEqual({ status: 'anonymous' });
  });

  it('is anonymous on 401 and when the server is unreachable', async () => {
    answer(401, { error: { code: 'unauthenticated', message: 'Veuillez vous connecter.' } });
    await loadSession();
    expect(getSession()).toEqual({ status: 'anonymous' });
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => {
        throw new TypeError('offline');
      }),
    );
    await loadSession();
    expect(getSession()).toEqual({ status: 'anonymous' });
  });

  it('carries the impersonation actor', async () => {
    answer(200, { user, csrf: 'tok', actor: { userId: 'op' } });
    await loadSession();
    expect(getSession()).toMatchObject({ status: 'signed-in', actor: { userId: 'op' } });
  });
});

describe('signIn', () => {
  it('opens a session', async () => {
    const fn = answer(200, { user, csrf: 'tok' });
    expect(await signIn('user@demo-industries.example', 'pw')).toEqual({ kind: 'signed-in' });
    expect(fn.mock.calls[0][1].body).toBe('{"email":"user@demo-industries.example","password":"pw"}');
    expect(getSession().status).toBe('signed-in');
  });

  it('stops at the second factor without a session', async () => {
    answer(200, { mfaRequired: true, challenge: 'ch1', methods: ['totp', 'recovery'] });
    expect(await signIn('a@b.fr', 'pw')).toEqual({ kind: 'mfa', challenge: 'ch1', methods: ['totp', 'recovery'] });
    expect(getSession().status).toBe('anonymous');
  });

  it('rejects with the server error', async () => {
    answer(401, { error: { code: 'invalid_credentials', message: 'Identifiants incorrects.' } });
    await expect(signIn('a@b.fr', 'pw')).rejects.toMatchObject({ status: 401, code: 'invalid_credentials' });
  });
});

describe('the rights of a user', () => {
  it('are asked for when a sign-in answer lacks them, and kept', async () => {
    const fn = answer(200, { user, csrf: 'tok2', rights: { c1: { sections: { users: 'manager' } } } });
    sessionStarted({ user, csrf: 'tok' });
    await vi.waitFor(() => expect(fn).toHaveBeenCalledTimes(1));
    expect(fn.mock.calls[0][0]).toContain('/api/v1/session');
    await vi.waitFor(() => expect(getSession()).toMatchObject({ rights: { c1: { sections: { users: 'manager' } } } }));
  });

  it('are not asked for an administrator, nor when the answer has them', () => {
    const fn = answer(200, {});
    sessionStarted({ user: { ...user, role: 'admin' }, csrf: 'tok' });
    sessionStarted({ user, csrf: 'tok', rights: {} });
    expect(fn).not.toHaveBeenCalled();
  });
});

describe('signOut', () => {
  it('ends the session on 204 and on 401 (already gone)', async () => {
    for (const status of [204, 401]) {
      signedIn({ user, csrf: 'tok' });
      const fn = answer(status, status === 401 ? { error: { code: 'unauthenticated', message: 'x' } } : undefined);
      await signOut();
      expect(fn.mock.calls[0][1].method).toBe('DELETE');
      expect((fn.mock.calls[0][1].headers as Record<string, string>)['X-CSRF-Token']).toBe('tok');
      expect(getSession().status).toBe('anonymous');
    }
  });

  it('keeps the session when the server cannot be reached', async () => {
    signedIn({ user, csrf: 'tok' });
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => {
        throw new TypeError('offline');
      }),
    );
    await expect(signOut()).rejects.toMatchObject({ code: 'network' });
    expect(getSession().status).toBe('signed-in');
    setCsrfToken(null);
  });
});

describe('the profile language', () => {
  // The device speaks French (its browser, or a choice made while signed out);
  // the person's profile says English.
  beforeEach(() => setLanguage('fr'));

  it('wins when a sign-in opens the session', async () => {
    answer(200, { user, csrf: 'tok' });
    await signIn('user@demo-industries.example', 'pw');
    expect(getLanguage()).toBe('en');
  });

  it('wins when the portal loads onto an open session, or a session starts another way', async () => {
    answer(200, { user, csrf: 'tok' });
    await loadSession(sessionStarted);
    expect(getLanguage()).toBe('en');
    setLanguage('fr');
    sessionStarted({ user, csrf: 'tok' });
    expect(getLanguage()).toBe('en');
  });

  it('waits for the second factor: a challenge is no session', async () => {
    answer(200, { mfaRequired: true, challenge: 'ch1', methods: ['totp'] });
    await signIn('user@demo-industries.example', 'pw');
    expect(getLanguage()).toBe('fr');
  });

  it('leaves alone the language chosen during the session when the session is only read again', async () => {
    answer(200, { user, csrf: 'tok' });
    await loadSession();
    expect(getLanguage()).toBe('fr');
    signedIn({ user, csrf: 'tok2' });
    expect(getLanguage()).toBe('fr');
  });

  it('is the other person’s during a log-in-as, so it does not apply', () => {
    sessionStarted({ user, csrf: 'tok', actor: { userId: 'op', orgId: 'guichet', role: 'operator' } });
    expect(getLanguage()).toBe('fr');
    expect(getSession().status).toBe('signed-in');
  });

  it('is ignored when it is not a language of the portal', () => {
    sessionStarted({ user: { ...user, lang: '' }, csrf: 'tok' });
    expect(getLanguage()).toBe('fr');
    sessionStarted({ user: { ...user, lang: 'de' }, csrf: 'tok' });
    expect(getLanguage()).toBe('fr');
  });
});

describe('displayName', () => {
  it('joins the names, or falls back to the email', () => {
    expect(displayName(user)).toBe('Ulysse Utilisateur');
    expect(displayName({ ...user, firstName: '', lastName: '' })).toBe('user@demo-industries.example');
  });
});
