import { api, type ListPage } from '../../api';
import { getLanguage, t } from '../../i18n';
import type { PageProps } from '../../page';
import { href, navigate } from '../../router';
import { DataTable, FilterSelect, SearchBox, usePagedList, type Column } from '../../ui/list';
import { EmptyState, PageCard } from '../../ui/status';
import { formatDate } from '../register/registration';
import { AdminNav, useIsAdmin } from './AdminNav';
import {
  fillPage,
  fullName,
  readUserFilters,
  ROLE_KEY,
  ROLES,
  SORTS,
  STATUS_KEY,
  STATUSES,
  userListParams,
  type OrgUser,
  type SortChoice,
  type UserFilters,
} from './model';
import { StatusBadge } from './StatusBadge';

const PAGE_SIZE = 25;

/** The organisation's users: search, filters by status and role, sort, pages. The
 * filters live in the page's address, so the back button and links keep them.
 * Delegated administrators see the list without the administrators' actions. */
export default function UsersPage({ query }: PageProps) {
  const admin = useIsAdmin();
  const filters = readUserFilters(query);
  const params = userListParams(filters);
  const list = usePagedList<OrgUser>(
    (cursor, signal) =>
      fillPage((c) => api.get<ListPage<OrgUser>>('/org/users', { query: { ...params, limit: PAGE_SIZE, cursor: c }, signal }), cursor, PAGE_SIZE),
    [params],
  );
  const change = (patch: Partial<UserFilters>) => {
    const next = { ...filters, ...patch };
    navigate(href('/admin/users', undefined, { q: next.q, status: next.status, role: next.role, sort: next.sort === 'name' ? null : next.sort }), {
      replace: true,
    });
  };
  const filtered = filters.q !== '' || filters.status !== '' || filters.role !== '';
  const lang = getLanguage();
  const columns: Column<OrgUser>[] = [
    { key: 'name', header: t('admin.users.name'), cell: (u) => <a href={href('/admin/users/:id', { id: u.id })}>{fullName(u)}</a> },
    { key: 'email', header: t('admin.users.email'), cell: (u) => u.email },
    { key: 'login', header: t('admin.users.login'), cell: (u) => u.login },
    { key: 'role', header: t('admin.users.role'), cell: (u) => t(ROLE_KEY[u.role]) },
    { key: 'status', header: t('admin.users.status'), cell: (u) => <StatusBadge status={u.status} /> },
    { key: 'created', header: t('admin.users.created'), cell: (u) => formatDate(u.created, lang) },
  ];

  return (
    <PageCard title={t('admin.users.title')} wide>
      <AdminNav />
      {admin ? (
        <p class="actions page-actions">
          <a class="button button-primary" href={href('/admin/users/new')}>
            {t('admin.users.add')}
          </a>
          <a class="button button-secondary" href={href('/admin/users/import')}>
            {t('admin.users.import')}
          </a>
        </p>
      ) : (
        <p class="lead">{t('admin.delegate.usersLead')}</p>
      )}
      <div class="toolbar">
        <SearchBox id="users-q" label={t('admin.users.search')} value={filters.q} onSearch={(q) => change({ q })} />
        <FilterSelect
          id="users-status"
          label={t('admin.users.status')}
          value={filters.status}
          options={STATUSES.map((s) => ({ value: s, label: t(STATUS_KEY[s]) }))}
          onChange={(v) => change({ status: v as UserFilters['status'] })}
        />
        <FilterSelect
          id="users-role"
          label={t('admin.users.role')}
          value={filters.role}
          options={ROLES.map((r) => ({ value: r, label: t(ROLE_KEY[r]) }))}
          onChange={(v) => change({ role: v as UserFilters['role'] })}
        />
        <div class="filter">
          <label for="users-sort">{t('admin.users.sort')}</label>
          <select id="users-sort" value={filters.sort} onChange={(e) => change({ sort: e.currentTarget.value as SortChoice })}>
            {(Object.keys(SORTS) as SortChoice[]).map((s) => (
              <option key={s} value={s}>
                {t(SORTS[s].label)}
              </option>
            ))}
          </select>
        </div>
      </div>
      <DataTable
        caption={t('admin.users.caption')}
        columns={columns}
        rowKey={(u) => u.id}
        list={list}
        empty={
          <EmptyState
            title={t(filtered ? 'admin.users.noMatch' : 'admin.users.empty')}
            action={
              filtered ? (
                <a href={href('/admin/users')}>{t('admin.users.clear')}</a>
              ) : !admin ? undefined : (
                <a class="button button-primary" href={href('/admin/users/new')}>
                  {t('admin.users.add')}
                </a>
              )
            }
          />
        }
      />
    </PageCard>
  );
}
