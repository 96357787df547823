// The operators' queue: the requests of every organisation for the applications
// the vendor approves.
import { t } from '../../i18n';
import { href } from '../../router';
import { DecisionQueue } from '../applications/DecisionQueue';
import { PageCard } from '../../ui/status';

export default function AccessRequestsPage() {
  return (
    <PageCard title={t('applications.backoffice.queueTitle')} lead={t('applications.backoffice.queueIntro')} wide>
      <DecisionQueue base="/backoffice/access-requests" operator />
      <p class="card-footer">
        <a href={href('/backoffice/applications')}>{t('applications.backoffice.catalogTitle')}</a>
      </p>
    </PageCard>
  );
}
