// Who is signed in. The state lives here, outside any component, so the API
// client's 401 handler, the router and the pages all see the same thing.
import { api, ApiError, setCsrfToken } from './api';
import { useExternal } from './hooks';
import { getLanguage, isLang, setLanguage } from './i18n';

export type Role = 'user' | 'admin' | 'operator';

/** The signed-in person, as GET /api/v1/session returns it. */
export interface User {
  id: string;
  orgId: string;
  email: string;
  login: string;
  civility?: string;
  firstName: string;
  lastName: string;
  jobTitle?: string;
  phone?: string;
  lang: string;
  role: Role;
  status: string;
  created: string;
  /** An administrator chose the password: the portal asks for a new one first. */
  mustChangePassword?: boolean;
}

/** A customer user's rights on one contract, as the session names them: a level
 * per section (a missing one is none), and the supported and referent flags. */
export interface OwnContractRights {
  sections?: Partial<Record<string, 'none' | 'visitor' | 'manager'>>;
  supported?: boolean;
  referent?: boolean;
}

/** The person really at the keyboard while they act as someone else. */
export interface Actor {
  userId: string;
  orgId: string;
  role: Role;
}

/** The answer of GET and POST /api/v1/session. `actor`, when present, is the person
 * really at the keyboard while they act as `user` (impersonation), until
 * `impersonationEnds`; `mfaEnrolmentRequired` says the session may only enrol a
 * second factor. */
export interface SessionView {
  user: User;
  csrf: string;
  actor?: Actor;
  impersonationEnds?: string;
  mfaEnrolmentRequired?: boolean;
  /** A customer user's own rights by contract: GET answers them, a sign-in does not. */
  rights?: Record<string, OwnContractRights>;
}

export type SessionState =
  | { status: 'loading' }
  | { status: 'anonymous' }
  | {
      status: 'signed-in';
      user: User;
      actor?: Actor;
      impersonationEnds?: string;
      mfaEnrolmentRequired?: boolean;
      rights?: Record<string, OwnContractRights>;
    };

let state: SessionState = { status: 'loading' };
const listeners = new Set<() => void>();

export function getSession(): SessionState {
  return state;
}

function set(next: SessionState): void {
  state = next;
  for (const fn of listeners) fn();
}

/** Calls fn whenever the session changes; returns the unsubscribe function. */
export function onSessionChange(fn: () => void): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

/** The session, re-rendering the component when it changes. */
export function useSession(): SessionState {
  return useExternal(onSessionChange, getSession);
}

/** Records a session the server opened or confirmed, leaving the language as it
 * is: sessionStarted says when a session's start sets it. */
export function signedIn(view: SessionView): void {
  setCsrfToken(view.csrf);
  set({
    status: 'signed-in',
    user: view.user,
    actor: view.actor,
    impersonationEnds: view.impersonationEnds,
    mfaEnrolmentRequired: view.mfaEnrolmentRequired,
    rights: view.rights,
  });
}

/**
 * Records a session that starts in this tab: a sign-in (password, second factor,
 * passkey, the end of a registration), coming back from a log-in-as, or the portal
 * loading onto a session that is already open.
 *
 * The language rule: when a session starts, the person's profile language wins
 * over what this device had (the browser's, or a choice made while signed out), so
 * a French-speaking person is answered in French on an English browser. While the
 * session runs, answers that only refresh it (a new password, the end of an
 * enrolment, a saved profile) leave the language alone, and the header's switch is
 * the person's explicit choice: it applies at once and, when they are signed in as
 * themself, is saved to their profile too (app/language.ts), so the next start (a
 * reload, another tab or device) agrees with it instead of undoing it. During a
 * log-in-as the profile is the other person's, so it neither sets the language nor
 * receives the switch; coming back applies the person's own profile again.
 */
export function sessionStarted(view: SessionView): void {
  signedIn(view);
  // A customer user's rights come with GET /session only: a sign-in's answer lacks
  // them, so they are asked for, for the pages they give.
  if (view.user.role === 'user' && view.rights === undefined) void loadSession();
  const lang = view.user.lang;
  if (!view.actor && isLang(lang) && lang !== getLanguage()) setLanguage(lang);
}

/** Forgets the session locally (after sign-out, or when the server says it ended). */
export function clearSession(): void {
  setCsrfToken(null);
  set({ status: 'anonymous' });
}

/** Asks the server who is signed in: a user is a session, given to record
 * (signedIn when the session is already known here, sessionStarted when it starts
 * here); `user: null` (or an error, or no answer) is nobody. */
export async function loadSession(record: (view: SessionView) => void = signedIn): Promise<void> {
  try {
    const view = await api.get<SessionView | { user: null }>('/session', { authRedirect: false });
    if (view.user) record(view as SessionView);
    else clearSession();
  } catch (err) {
    if (!(err instanceof ApiError)) throw err;
    clearSession();
  }
}

/** What POST /api/v1/session may answer: a session, or a second factor to give
 * (the challenge to send back with it, and the methods the account has). */
export type SignInOutcome = { kind: 'signed-in' } | { kind: 'mfa'; challenge: string; methods: string[] };

type MfaAnswer = { mfaRequired: true; challenge: string; methods?: string[] };

/** Opens a session with an email and a password. Rejects with the server's
 * ApiError (invalid_credentials, field errors, 429, …). */
export async function signIn(email: string, password: string): Promise<SignInOutcome> {
  const answer = await api.post<SessionView | MfaAnswer>(
    '/session',
    { email, password },
    { authRedirect: false },
  );
  if ('mfaRequired' in answer && answer.mfaRequired) return { kind: 'mfa', challenge: answer.challenge, methods: answer.methods ?? [] };
  sessionStarted(answer as SessionView);
  return { kind: 'signed-in' };
}

/** Closes the session on the server, then locally. An answer other than 204 (401:
 * the session had already ended) signs out too; only an unreachable or failing
 * server keeps the session, since its cookie may still be valid. */
export async function signOut(): Promise<void> {
  try {
    await api.delete('/session', { authRedirect: false });
  } catch (err) {
    if (!(err instanceof ApiError) || err.status === 0 || err.status >= 500) throw err;
  }
  clearSession();
}

/** Display name: "Ulysse Utilisateur", or the email when no name is known. */
export function displayName(user: User): string {
  return `${user.firstName ?? ''} ${user.lastName ?? ''}`.trim() || user.email;
}
