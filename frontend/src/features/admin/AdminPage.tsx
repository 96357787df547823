import { t } from '../../i18n';
import { href } from '../../router';
import { Hub, type HubArea } from '../../ui/Hub';
import { PageCard } from '../../ui/status';
import { AdminNav } from './AdminNav';
import './companyMessages';

const AREAS: readonly HubArea[] = [
  { path: href('/admin/users'), title: 'admin.users.title', body: 'admin.home.users' },
  { path: href('/admin/contracts'), title: 'admin.contracts.title', body: 'admin.home.contracts' },
  { path: href('/admin/audit'), title: 'admin.audit.title', body: 'admin.home.audit' },
  { path: href('/admin/join-requests'), title: 'admin.join.title', body: 'admin.home.join' },
];

/** The organisation's administration: where each part of it is. */
export default function AdminPage() {
  return (
    <PageCard title={t('admin.title')} lead={t('admin.home.lead')} wide>
      <AdminNav />
      <Hub areas={AREAS} />
    </PageCard>
  );
}
