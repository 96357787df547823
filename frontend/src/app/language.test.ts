import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Me } from '../features/account/me';
import { getLanguage, setLanguage } from '../i18n';
import { clearSession, getSession, sessionStarted, signedIn, type SessionView, type User } from '../session';
import { toast } from '../ui/toast';
import { chooseLanguage } from './language';

vi.mock('../ui/toast', () => ({ toast: vi.fn() }));

// The profile as GET /me gives it: French, with every field PUT /me takes back.
const me: Me = {
  // Who the person is does not matter here.
  id: 'u1', orgId: 'demo', email: 'e@x.fr', login: 'l', role: 'user', status: 'ready', created: '',
  civility: 'mr',
  firstName: 'Ulysse',
  lastName: 'Utilisateur',
  jobTitle: 'Acheteur',
  phone: '+33 1 23 45 67 89',
  lang: 'fr',
  landline: '',
  notificationEmail: 'achats@demo-industries.example',
  address: { line1: '1 rue de la Paix', postalCode: '75002', city: 'Paris', country: 'FR' },
  version: 7,
  security: { totp: false, recoveryCodesLeft: 0, passkeys: 0, mfaRequired: false },
};
const user: User = me;

interface Call {
  method: string;
  url: string;
  body?: unknown;
}

/** Answers GET /me with profile and PUT /me with putStatus; records the calls. */
function server(profile: Me, putStatus = 200) {
  const calls: Call[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string, init: RequestInit) => {
      const method = init.method ?? 'GET';
      calls.push({ method, url, body: init.body ? JSON.parse(init.body as string) : undefined });
      const reply = (status: number, body: unknown) =>
        new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
      if (method === 'GET') return reply(200, profile);
      if (putStatus !== 200) return reply(putStatus, { error: { code: 'version_conflict', message: 'x' } });
      const sent = JSON.parse(init.body as string) as Partial<Me>;
      return reply(200, { ...profile, ...sent, version: profile.version + 1 });
    }),
  );
  return calls;
}

const sessionOf = (view: Partial<SessionView> = {}): SessionView => ({ user, csrf: 'tok', ...view });

beforeEach(() => {
  clearSession();
  setLanguage('fr');
  vi.mocked(toast).mockClear();
});

afterEach(() => vi.unstubAllGlobals());

describe('chooseLanguage', () => {
  it('only switches the device while signed out: the profile wins at the next sign-in', async () => {
    const calls = server(me);
    await chooseLanguage('en');
    expect(getLanguage()).toBe('en');
    expect(calls).toEqual([]);
    sessionStarted(sessionOf());
    expect(getLanguage()).toBe('fr');
  });

  it('saves the choice to the profile of a signed-in person, so the next start keeps it', async () => {
    sessionStarted(sessionOf());
    const calls = server(me);
    await chooseLanguage('en');
    expect(getLanguage()).toBe('en');
    expect(calls.map((c) => `${c.method} ${c.url}`)).toEqual(['GET /api/v1/me', 'PUT /api/v1/me']);
    // PUT replaces the profile: all of it goes back, unchanged but for the language.
    expect(calls[1].body).toEqual({
      version: 7,
      civility: 'mr',
      firstName: 'Ulysse',
      lastName: 'Utilisateur',
      jobTitle: 'Acheteur',
      phone: '+33 1 23 45 67 89',
      lang: 'en',
      address: { line1: '1 rue de la Paix', line2: '', postalCode: '75002', city: 'Paris', country: 'FR' },
      landline: '',
      notificationEmail: 'achats@demo-industries.example',
    });
    expect(toast).not.toHaveBeenCalled();

    // A reload finds the profile in English: the choice stands.
    sessionStarted(sessionOf({ user: { ...user, lang: 'en' } }));
    expect(getLanguage()).toBe('en');
  });

  it('writes nothing when the profile already has the language', async () => {
    signedIn(sessionOf());
    setLanguage('en');
    const calls = server(me);
    await chooseLanguage('fr');
    expect(getLanguage()).toBe('fr');
    expect(calls.map((c) => c.method)).toEqual(['GET']);
  });

  it('does nothing for the language already shown', async () => {
    signedIn(sessionOf());
    const calls = server(me);
    await chooseLanguage('fr');
    expect(calls).toEqual([]);
  });

  it('leaves the profile alone during a log-in-as and while a second factor must be enrolled', async () => {
    for (const view of [sessionOf({ actor: { userId: 'op', orgId: 'guichet', role: 'operator' } }), sessionOf({ mfaEnrolmentRequired: true })]) {
      setLanguage('fr');
      signedIn(view);
      const calls = server(me);
      await chooseLanguage('en');
      expect(getLanguage()).toBe('en');
      expect(calls).toEqual([]);
    }
  });

  it('keeps the language on the device and says so when the profile cannot take it', async () => {
    signedIn(sessionOf());
    server(me, 409);
    await chooseLanguage('en');
    expect(getLanguage()).toBe('en');
    expect(getSession().status).toBe('signed-in');
    expect(toast).toHaveBeenCalledWith('This language could not be saved to your profile: next time you sign in, the portal will use the profile’s.', 'error');
  });
});
