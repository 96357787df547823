// The one place that says who may open which page.
import type { Access, RouteDef } from './page';
import { href, placeToPath, safeReturnPath, type Place } from './router';
import type { SessionState } from './session';

export type Decision =
  | { kind: 'wait' } // the session is not known yet
  | { kind: 'render' }
  | { kind: 'redirect'; to: string }
  | { kind: 'forbidden' };

/** The sign-in page, with a way back to place unless place is the home page. */
export function signInHref(place: Place, reason?: 'expired'): string {
  const back = placeToPath(place);
  return href('/signin', undefined, { next: back === '/' ? null : back, reason });
}

/** Account statuses of people whose registration waits for approval or was refused:
 * they may sign in, but the server gives them no organisation's data. */
const REGISTRANT_STATUSES: ReadonlySet<string> = new Set(['pending_approval', 'refused']);

/** The signed-in pages such a person may open (besides public ones): their
 * registration's status and their own account (not their company's). */
export const REGISTRANT_PAGES: readonly string[] = [
  '/register/status',
  '/account',
  '/account/password',
  '/account/email',
  '/account/security',
  '/account/sessions',
];

/** Whether the session is a person whose registration is not approved. */
export function isRegistrant(session: SessionState): boolean {
  return session.status === 'signed-in' && REGISTRANT_STATUSES.has(session.user.status);
}

/** Whether a registrant is kept out of the signed-in page at path (they are sent to
 * their registration's status instead). */
function keptOut(access: Access, session: SessionState, path: string): boolean {
  return access === 'signed-in' && isRegistrant(session) && !REGISTRANT_PAGES.includes(path);
}

/** The one page a session is held on until the person has done what it waits for:
 * enrol the second factor their organisation requires (the server refuses the
 * session anything else), or replace the password an administrator chose. Null
 * when the session may go anywhere. */
export function requiredPage(session: SessionState): '/signin/enrol' | '/account/password' | null {
  if (session.status !== 'signed-in') return null;
  if (session.mfaEnrolmentRequired) return '/signin/enrol';
  if (session.user.mustChangePassword) return '/account/password';
  return null;
}

const LEVEL_RANK = { none: 0, visitor: 1, manager: 2 } as const;

/** The level a session holds on the Users section of a contract, as the server's
 * policy counts it: Manager for administrators, at least Visitor for the contract's
 * referent, else what was granted. */
export function usersLevel(session: SessionState, contractId: string): 'none' | 'visitor' | 'manager' {
  if (session.status !== 'signed-in') return 'none';
  if (session.user.role === 'admin') return 'manager';
  if (session.user.role !== 'user') return 'none';
  const c = session.rights?.[contractId];
  const granted = c?.sections?.users ?? 'none';
  return c?.referent && granted === 'none' ? 'visitor' : granted;
}

/** The contracts whose Users section the session manages (a customer user's; an
 * administrator manages every contract, which this cannot list). */
export function managedContracts(session: SessionState): string[] {
  if (session.status !== 'signed-in') return [];
  return Object.keys(session.rights ?? {}).filter((id) => usersLevel(session, id) === 'manager');
}

/** Whether the session reads the organisation's users: an administrator, or a user
 * holding Visitor or more on some contract's Users section (delegated
 * administration; the server's ActUsersRead). */
export function readsUsers(session: SessionState): boolean {
  if (session.status !== 'signed-in' || isRegistrant(session)) return false;
  if (session.user.role === 'admin') return true;
  return Object.keys(session.rights ?? {}).some((id) => LEVEL_RANK[usersLevel(session, id)] >= LEVEL_RANK.visitor);
}

/** Whether a signed-in person or a visitor may see pages of this access. */
export function allows(access: Access, session: SessionState): boolean {
  const role = session.status === 'signed-in' ? session.user.role : null;
  switch (access) {
    case 'public':
      return true;
    case 'anonymous-only':
      return role === null;
    case 'signed-in':
      return role !== null;
    case 'admin':
    case 'operator':
      return role === access;
    case 'customer':
      return role === 'user' || role === 'admin';
    case 'org-users':
      return readsUsers(session);
  }
}

/** What to do with a page of this access at this place. */
export function decide(access: Access, session: SessionState, place: Place): Decision {
  if (access === 'public') return { kind: 'render' };
  if (session.status === 'loading') return { kind: 'wait' };
  const required = requiredPage(session);
  if (required && place.path !== required) {
    // Afterwards the person goes on to where they were going.
    const back = access === 'anonymous-only' ? safeReturnPath(place.query.get('next')) : placeToPath(place);
    return { kind: 'redirect', to: href(required, undefined, { next: back === '/' ? null : back }) };
  }
  if (keptOut(access, session, place.path)) return { kind: 'redirect', to: href('/register/status') };
  // A user's rights arrive just after a sign-in's answer: wait for them rather
  // than refuse a page they give.
  if (access === 'org-users' && session.status === 'signed-in' && session.user.role === 'user' && session.rights === undefined) return { kind: 'wait' };
  if (allows(access, session)) return { kind: 'render' };
  if (access === 'anonymous-only') return { kind: 'redirect', to: '#' + (safeReturnPath(place.query.get('next')) ?? '/') };
  if (session.status === 'anonymous') return { kind: 'redirect', to: signInHref(place) };
  return { kind: 'forbidden' };
}

/** The header's navigation: routes with a navKey that the session may open (only
 * public ones while it is held on a required page). */
export function navigation(routes: readonly RouteDef[], session: SessionState): RouteDef[] {
  const held = requiredPage(session) !== null;
  return routes.filter(
    (r) => r.navKey && session.status !== 'loading' && allows(r.access, session) && !keptOut(r.access, session, r.path) && (!held || r.access === 'public'),
  );
}
