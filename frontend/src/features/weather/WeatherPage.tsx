import { api } from '../../api';
import { t } from '../../i18n';
import type { PageProps } from '../../page';
import { LoadError } from '../register/LoadError';
import { useLoaded } from '../register/load';
import { EmptyState, PageCard, Spinner } from '../../ui/status';
import { EventList } from './EventList';
import { ServiceHistory } from './ServiceHistory';
import { WeatherBadge } from './WeatherBadge';
import type { WeatherSheet } from './model';

type CustomerSheet = WeatherSheet & { contract: { id: string; name: string; reference: string } };

/** A contract's service weather, for its people with Visitor on its Dashboard or
 * Services: the state now with the open events, every event of the last 90 days
 * with its updates, and each service's history. */
export default function WeatherPage({ params }: PageProps) {
  const id = params.id;
  const sheet = useLoaded((signal) => api.get<CustomerSheet>(`/contracts/${encodeURIComponent(id)}/weather`, { signal }), [id]);
  const s = sheet.data;
  const title = s ? `${t('weather.title')} — ${s.contract.name}` : t('weather.title');
  return (
    <PageCard title={title} lead={t('weather.page.lead')} wide>
      {sheet.loading && !s && <Spinner />}
      {sheet.error && <LoadError error={sheet.error} retry={sheet.reload} />}
      {s && (
        <>
          <h2 class="section-title">{t('weather.page.current')}</h2>
          <WeatherBadge weather={s.weather} />
          <h2 class="section-title">{t('weather.page.events')}</h2>
          {s.events.length === 0 ? <EmptyState title={t('weather.page.noEvents')} /> : <EventList events={s.events} />}
          <h2 class="section-title">{t('weather.history.title')}</h2>
          <ServiceHistory services={s.services} />
        </>
      )}
    </PageCard>
  );
}
