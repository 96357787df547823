// The customer administrators' queue: their organisation's requests for the
// applications its administrators approve.
import { t } from '../../i18n';
import { href } from '../../router';
import { PageCard } from '../../ui/status';
import { DecisionQueue } from './DecisionQueue';

export default function ApprovalsPage() {
  return (
    <PageCard title={t('applications.approvals.title')} lead={t('applications.approvals.intro')} wide>
      <DecisionQueue base="/access-requests" operator={false} />
      <p class="card-footer">
        <a href={href('/applications')}>{t('applications.title')}</a>
      </p>
    </PageCard>
  );
}
