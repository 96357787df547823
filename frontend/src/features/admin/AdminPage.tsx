import { t, type Key } from '../../i18n';
import { href } from '../../router';
import { useSession } from '../../session';
import { Hub, type HubArea } from '../../ui/Hub';
import { PageCard } from '../../ui/status';
import { adminLinks, AdminNav, useIsAdmin } from './AdminNav';
import './companyMessages';
import './delegationMessages';

/** What each part of the administration is for, to an administrator and to a
 * delegated administrator (who manages some contracts' users). */
const BODIES: Record<string, { admin: Key; delegate: Key }> = {
  [href('/admin/users')]: { admin: 'admin.home.users', delegate: 'admin.home.usersDelegate' },
  [href('/admin/contracts')]: { admin: 'admin.home.contracts', delegate: 'admin.home.contractsDelegate' },
  [href('/admin/audit')]: { admin: 'admin.home.audit', delegate: 'admin.home.audit' },
  [href('/admin/join-requests')]: { admin: 'admin.home.join', delegate: 'admin.home.join' },
};

/** The organisation's administration: where each part of it is. */
export default function AdminPage() {
  const session = useSession();
  const admin = useIsAdmin();
  const areas: HubArea[] = adminLinks(session)
    .filter((l) => BODIES[l.path])
    .map((l) => ({ path: l.path, title: l.label, body: BODIES[l.path][admin ? 'admin' : 'delegate'] }));
  return (
    <PageCard title={t('admin.title')} lead={t(admin ? 'admin.home.lead' : 'admin.home.leadDelegate')} wide>
      <AdminNav />
      <Hub areas={areas} />
    </PageCard>
  );
}
