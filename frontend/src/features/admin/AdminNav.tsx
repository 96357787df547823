import { t } from '../../i18n';
import { href } from '../../router';
import { SubNav } from './SubNav';

const LINKS = [
  { path: href('/admin/users'), label: 'admin.users.title' },
  { path: href('/admin/contracts'), label: 'admin.contracts.title' },
  { path: href('/admin/audit'), label: 'admin.audit.title' },
  { path: href('/admin/join-requests'), label: 'admin.join.title' },
  { path: href('/admin/closure-requests'), label: 'admin.closures.title' },
] as const;

/** Links between the organisation's administration pages. */
export function AdminNav() {
  return <SubNav label={t('admin.title')} links={LINKS} />;
}
