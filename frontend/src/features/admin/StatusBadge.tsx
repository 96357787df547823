import { labelOf, STATUS_KEY, type UserStatus } from './model';

/** A user's status as a coloured label (the words say it; the colour helps). */
export function StatusBadge({ status }: { status: UserStatus }) {
  return <span class={`badge badge-${status}`}>{labelOf(STATUS_KEY, status)}</span>;
}
