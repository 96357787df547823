import { api, type ListPage } from '../../api';
import { getLanguage, t } from '../../i18n';
import { href } from '../../router';
import { DataTable, usePagedList, type Column } from '../../ui/list';
import { EmptyState, PageCard } from '../../ui/status';
import { AdminNav } from './AdminNav';
import { formatDay, type Contract } from './model';

/** The organisation's contracts, each leading to its rights matrix. */
export default function ContractsPage() {
  const list = usePagedList<Contract>((cursor, signal) => api.get<ListPage<Contract>>('/org/contracts', { query: { section: 'users', cursor }, signal }), []);
  const lang = getLanguage();
  const columns: Column<Contract>[] = [
    { key: 'name', header: t('admin.contracts.name'), cell: (c) => <a href={href('/admin/contracts/:id/rights', { id: c.id })}>{c.name}</a> },
    { key: 'reference', header: t('admin.contracts.reference'), cell: (c) => c.reference },
    { key: 'offer', header: t('admin.contracts.offer'), cell: (c) => c.offer ?? '' },
    { key: 'start', header: t('admin.contracts.start'), cell: (c) => formatDay(c.start, lang) },
    { key: 'end', header: t('admin.contracts.end'), cell: (c) => (c.end ? formatDay(c.end, lang) : t('admin.contracts.openEnded')) },
  ];
  return (
    <PageCard title={t('admin.contracts.title')} lead={t('admin.contracts.lead')} wide>
      <AdminNav />
      <DataTable
        caption={t('admin.contracts.title')}
        columns={columns}
        rowKey={(c) => c.id}
        list={list}
        empty={<EmptyState title={t('admin.contracts.empty')}>{t('admin.contracts.emptyBody')}</EmptyState>}
      />
    </PageCard>
  );
}
