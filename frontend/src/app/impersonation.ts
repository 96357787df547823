// "Log in as user": starting it (from the administrators' and operators' pages) and
// coming back (from the banner, on every page). The session answer names the real
// person by id only, so the portal remembers, in this tab, their name and the page
// they started from, for the banner and the way back.
import { api, ApiError } from '../api';
import { t } from '../i18n';
import { href, navigate } from '../router';
import { clearSession, displayName, loadSession, sessionStarted, signedIn, type SessionView, type User } from '../session';
import { toast } from '../ui/toast';

const MEMO_KEY = 'guichet.actingAs';

/** What the tab remembers of the real person while they act as someone else. */
export interface ActingMemo {
  actorId: string;
  actorName: string;
  /** Where to go back to: "#/admin/users/…". */
  back: string;
}

function storage(): Storage | null {
  try {
    return typeof sessionStorage === 'undefined' ? null : sessionStorage;
  } catch {
    return null;
  }
}

/** The memo of the real person actorId, when this tab started the log-in-as. */
export function recallActing(actorId: string): ActingMemo | null {
  try {
    const memo = JSON.parse(storage()?.getItem(MEMO_KEY) ?? 'null') as ActingMemo | null;
    return memo && memo.actorId === actorId ? memo : null;
  } catch {
    return null;
  }
}

function remember(memo: ActingMemo | null): void {
  try {
    if (memo) storage()?.setItem(MEMO_KEY, JSON.stringify(memo));
    else storage()?.removeItem(MEMO_KEY);
  } catch {
    // Without storage the banner names the real person by their role.
  }
}

/** Logs `me` in as another user (orgId: the customer, for operators) and goes to
 * the home page as them. Rejects with the server's ApiError (reason too short…). */
export async function actAs(me: User, body: { userId: string; reason: string; orgId?: string }): Promise<void> {
  const view = await api.post<SessionView>('/impersonation', body);
  remember({ actorId: me.id, actorName: displayName(me), back: location.hash });
  signedIn(view);
  navigate(href('/'));
}

/** Ends the log-in-as and brings the real person back to their own session and to
 * the page they started from; when that session has ended too, to sign-in. */
export async function returnToOwnAccount(actorId: string): Promise<void> {
  const memo = recallActing(actorId);
  let view: SessionView | undefined;
  try {
    view = await api.delete<SessionView | undefined>('/impersonation', { authRedirect: false });
  } catch (err) {
    // The log-in-as already ended (another tab): show the session as it is.
    if (err instanceof ApiError && err.code === 'not_impersonating') return loadSession(sessionStarted);
    throw err;
  }
  remember(null);
  if (view) {
    sessionStarted(view);
    navigate(memo?.back || href('/'), { replace: true });
    toast(t('app.acting.back'), 'success');
  } else {
    clearSession();
    navigate(href('/signin'), { replace: true });
    toast(t('app.acting.signInAgain'), 'info');
  }
}

/** Whole minutes left until ends (rounded up), 0 once it has passed. */
export function minutesLeft(ends: string | undefined, now: number): number {
  if (!ends) return 0;
  const ms = new Date(ends).getTime() - now;
  return Number.isNaN(ms) || ms <= 0 ? 0 : Math.ceil(ms / 60_000);
}
