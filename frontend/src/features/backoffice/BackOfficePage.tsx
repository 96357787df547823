import { t } from '../../i18n';
import { href } from '../../router';
import { Hub, type HubArea } from '../../ui/Hub';
import { PageCard } from '../../ui/status';

const AREAS: readonly HubArea[] = [
  { path: href('/backoffice/organisations'), title: 'backoffice.orgs.title', body: 'backoffice.home.organisations' },
  { path: href('/backoffice/weather'), title: 'weather.admin.hitsTitle', body: 'weather.admin.hitsHub' },
  { path: href('/backoffice/registrations'), title: 'backoffice.reg.title', body: 'backoffice.home.registrations' },
  { path: href('/backoffice/access-requests'), title: 'applications.backoffice.queueTitle', body: 'backoffice.home.accessRequests' },
  { path: href('/backoffice/refusals'), title: 'backoffice.refusals.title', body: 'backoffice.home.refusals' },
  { path: href('/backoffice/applications'), title: 'applications.backoffice.catalogTitle', body: 'backoffice.home.catalog' },
  { path: href('/backoffice/catalogue'), title: 'catalogue.backofficeTitle', body: 'backoffice.home.services' },
  { path: href('/backoffice/domains'), title: 'backoffice.domain.title', body: 'backoffice.home.domains' },
  { path: href('/backoffice/freemail'), title: 'backoffice.freemail.title', body: 'backoffice.home.freemail' },
];

/** The vendor's back office: where each queue and list is. */
export default function BackOfficePage() {
  return (
    <PageCard title={t('backoffice.title')} lead={t('backoffice.home.lead')} wide>
      <Hub areas={AREAS} />
    </PageCard>
  );
}
