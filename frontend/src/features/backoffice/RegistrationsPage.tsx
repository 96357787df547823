import { api, type ListPage } from '../../api';
import { getLanguage, t } from '../../i18n';
import type { PageProps } from '../../page';
import { href, navigate } from '../../router';
import { DataTable, FilterSelect, usePagedList, type Column } from '../../ui/list';
import { EmptyState, PageCard } from '../../ui/status';
import { KIND_LABELS } from '../register/RegistrationDetails';
import { formatDate, personName, type Registration, type RegistrationKind } from '../register/registration';
import { RegistrationNav } from './RegistrationNav';

const KINDS: readonly RegistrationKind[] = ['organisation', 'partner', 'join'];

/** The operators' queue: pending registrations, oldest first, of one kind or both. */
export default function RegistrationsPage({ query }: PageProps) {
  const asked = query.get('kind');
  const kind = KINDS.find((k) => k === asked) ?? '';
  const list = usePagedList<Registration>(
    (cursor, signal) => api.get<ListPage<Registration>>('/backoffice/registrations', { query: { kind, cursor }, signal }),
    [kind],
  );
  const lang = getLanguage();
  const columns: Column<Registration>[] = [
    { key: 'kind', header: t('backoffice.reg.kind'), cell: (r) => t(KIND_LABELS[r.kind]) },
    {
      key: 'org',
      header: t('backoffice.reg.organisation'),
      cell: (r) => <a href={href('/backoffice/registrations/:id', { id: r.id })}>{r.organisation?.legalName ?? r.orgName}</a>,
    },
    { key: 'person', header: t('backoffice.reg.person'), cell: (r) => personName(r) },
    { key: 'email', header: t('backoffice.reg.email'), cell: (r) => r.email },
    { key: 'created', header: t('backoffice.reg.created'), cell: (r) => formatDate(r.created, lang) },
  ];
  return (
    <PageCard title={t('backoffice.reg.title')} lead={t('backoffice.reg.lead')} wide>
      <RegistrationNav />
      <div class="toolbar">
        <FilterSelect
          id="registration-kind"
          label={t('backoffice.reg.kind')}
          value={kind}
          options={KINDS.map((k) => ({ value: k, label: t(KIND_LABELS[k]) }))}
          onChange={(v) => navigate(href('/backoffice/registrations', undefined, { kind: v }), { replace: true })}
        />
      </div>
      <DataTable
        caption={t('backoffice.reg.caption')}
        columns={columns}
        rowKey={(r) => r.id}
        list={list}
        empty={<EmptyState title={t('backoffice.reg.empty')} />}
      />
    </PageCard>
  );
}
