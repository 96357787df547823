import { api, type ListPage } from '../../api';
import { t } from '../../i18n';
import { href } from '../../router';
import { DataTable, usePagedList, type Column } from '../../ui/list';
import { EmptyState, PageCard } from '../../ui/status';
import { OngoingList, StateChip } from './WeatherBadge';
import type { Hit } from './model';
import './adminMessages';

/** "Which customers are hit": every contract with open events, across
 * organisations, the worst first, each leading to its weather. */
export default function HitsPage() {
  const list = usePagedList<Hit>((cursor, signal) => api.get<ListPage<Hit>>('/backoffice/weather', { query: { cursor }, signal }), []);
  const columns: Column<Hit>[] = [
    { key: 'organisation', header: t('weather.admin.organisation'), cell: (h) => h.organisation },
    {
      key: 'contract',
      header: t('weather.admin.contract'),
      cell: (h) => (
        <a href={href('/backoffice/organisations/:orgId/contracts/:id/weather', { orgId: h.orgId, id: h.weather.contractId })} aria-label={t('weather.admin.open', { name: h.contract })}>
          {h.contract} <span class="weather-event-meta">({h.reference})</span>
        </a>
      ),
    },
    { key: 'state', header: t('weather.admin.state'), cell: (h) => <StateChip state={h.state} /> },
    {
      key: 'events',
      header: t('weather.admin.events'),
      cell: (h) => <OngoingList events={h.weather.ongoing ?? []} />,
    },
  ];
  return (
    <PageCard title={t('weather.admin.hitsTitle')} lead={t('weather.admin.hitsLead')} wide>
      <DataTable caption={t('weather.admin.hitsTitle')} columns={columns} rowKey={(h) => h.orgId + '/' + h.weather.contractId} list={list} empty={<EmptyState title={t('weather.admin.hitsNone')} />} />
    </PageCard>
  );
}
