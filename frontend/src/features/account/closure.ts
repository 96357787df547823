// A person's request to close their account (docs/api.md, "Closing one's account"),
// and what "Close my account" shows of it.
import type { Key } from '../../i18n';

export type ClosureState = 'pending' | 'declined' | 'withdrawn';

export interface ClosureRequest {
  userId: string;
  orgId: string;
  name: string;
  email: string;
  login: string;
  comment?: string;
  state: ClosureState;
  created: string;
  decided?: string;
  decidedBy?: string;
  reason?: string;
  version: number;
}

/** What the page offers for the person's request as read (null: none yet): wait
 * (and withdraw) while it is pending, else ask, saying why the last one was
 * declined when it was. */
export function closureStep(r: ClosureRequest | null): { step: 'waiting' | 'ask'; notice?: Key } {
  if (r?.state === 'pending') return { step: 'waiting', notice: 'account.close.waiting' };
  if (r?.state === 'declined') return { step: 'ask', notice: 'account.close.declined' };
  return { step: 'ask' };
}
