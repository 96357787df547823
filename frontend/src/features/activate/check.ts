// Whether an activation link still works, asked as the page opens so that a
// person with an expired or used link is told before typing a password.
import { api, ApiError } from '../../api';

/** What the page shows for its link: the form ('ok', and 'unknown' when the check
 * itself failed — the activation answers again), or why the link no longer works. */
export type LinkState = 'ok' | 'expired' | 'invalid' | 'unknown';

export async function checkActivation(token: string): Promise<LinkState> {
  try {
    await api.post<{ expiresAt: string }>('/activation/check', { token }, { authRedirect: false });
    return 'ok';
  } catch (err) {
    if (err instanceof ApiError && err.code === 'link_expired') return 'expired';
    if (err instanceof ApiError && err.code === 'link_invalid') return 'invalid';
    return 'unknown';
  }
}
