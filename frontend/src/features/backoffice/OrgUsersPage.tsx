import { api, type ListPage } from '../../api';
import { t } from '../../i18n';
import type { PageProps } from '../../page';
import { href, navigate } from '../../router';
import { useSession } from '../../session';
import { Button } from '../../ui/Button';
import { DataTable, FilterSelect, SearchBox, usePagedList, type Column } from '../../ui/list';
import { EmptyState, PageCard } from '../../ui/status';
import { impersonation } from '../admin/confirmations';
import { fillPage, fullName, readUserFilters, ROLE_KEY, STATUS_KEY, STATUSES, userListParams, type OrgUser } from '../admin/model';
import { StatusBadge } from '../admin/StatusBadge';
import { useConfirm } from '../register/useConfirm';
import { OrgNav, useOrganisation } from './OrgNav';

const PAGE_SIZE = 25;

/** A customer's users, for operators: find one and log in as them (with a
 * reason, for 30 minutes at most). */
export default function OrgUsersPage({ params, query }: PageProps) {
  const orgId = params.orgId;
  const session = useSession();
  const me = session.status === 'signed-in' ? session.user : null;
  const { dialog, ask } = useConfirm();
  const filters = readUserFilters(query);
  const apiParams = userListParams(filters);
  const org = useOrganisation(orgId);
  const path = `/backoffice/organisations/${encodeURIComponent(orgId)}/users`;
  const list = usePagedList<OrgUser>(
    (cursor, signal) =>
      fillPage((c) => api.get<ListPage<OrgUser>>(path, { query: { ...apiParams, limit: PAGE_SIZE, cursor: c }, signal }), cursor, PAGE_SIZE),
    [path, apiParams],
  );
  const change = (q: string, status: string) =>
    navigate(href('/backoffice/organisations/:orgId/users', { orgId }, { q, status }), { replace: true });

  const columns: Column<OrgUser>[] = [
    { key: 'name', header: t('admin.users.name'), cell: (u) => fullName(u) },
    { key: 'email', header: t('admin.users.email'), cell: (u) => u.email },
    { key: 'login', header: t('admin.users.login'), cell: (u) => u.login },
    { key: 'role', header: t('admin.users.role'), cell: (u) => t(ROLE_KEY[u.role]) },
    { key: 'status', header: t('admin.users.status'), cell: (u) => <StatusBadge status={u.status} /> },
    {
      key: 'act',
      header: t('admin.acting.start'),
      cell: (u) =>
        me &&
        u.status !== 'disabled' && (
          <Button variant="secondary" aria-label={t('backoffice.org.actAs', { name: fullName(u) })} onClick={() => ask(impersonation(me, { ...u, orgId }))}>
            {t('admin.acting.start')}
          </Button>
        ),
    },
  ];

  return (
    <PageCard title={org.data ? t('backoffice.orgs.usersOf', { name: org.data.name }) : t('backoffice.org.usersTitle')} lead={t('backoffice.org.lead', { orgId })} wide>
      <OrgNav orgId={orgId} name={org.data?.name} />
      <div class="toolbar">
        <SearchBox id="org-users-q" label={t('admin.users.search')} value={filters.q} onSearch={(q) => change(q, filters.status)} />
        <FilterSelect
          id="org-users-status"
          label={t('admin.users.status')}
          value={filters.status}
          options={STATUSES.map((s) => ({ value: s, label: t(STATUS_KEY[s]) }))}
          onChange={(v) => change(filters.q, v)}
        />
      </div>
      <DataTable
        caption={t('backoffice.org.usersTitle')}
        columns={columns}
        rowKey={(u) => u.id}
        list={list}
        empty={<EmptyState title={t('admin.users.noMatch')} />}
      />
      {dialog}
    </PageCard>
  );
}
