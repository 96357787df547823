import { allows } from '../../access';
import { t, type Key } from '../../i18n';
import type { Access } from '../../page';
import { href } from '../../router';
import { useSession, type SessionState } from '../../session';
import { SubNav } from './SubNav';

/** The administration's pages, with who may open each (as routes.ts says). */
const LINKS: readonly { path: string; label: Key; access: Access }[] = [
  { path: href('/admin/users'), label: 'admin.users.title', access: 'org-users' },
  { path: href('/admin/contracts'), label: 'admin.contracts.title', access: 'org-users' },
  { path: href('/admin/audit'), label: 'admin.audit.title', access: 'admin' },
  { path: href('/admin/join-requests'), label: 'admin.join.title', access: 'admin' },
  { path: href('/admin/closure-requests'), label: 'admin.closures.title', access: 'admin' },
];

/** The administration's pages the session may open: all of them for an
 * administrator, the users and their contracts' rights for a delegated one. */
export function adminLinks(session: SessionState) {
  return LINKS.filter((l) => allows(l.access, session));
}

/** Whether the session administers the whole organisation (not only some
 * contracts' users): what the pages show of the administrators' actions. */
export function useIsAdmin(): boolean {
  const s = useSession();
  return s.status === 'signed-in' && s.user.role === 'admin';
}

/** Links between the organisation's administration pages. */
export function AdminNav() {
  return <SubNav label={t('admin.title')} links={adminLinks(useSession())} />;
}
