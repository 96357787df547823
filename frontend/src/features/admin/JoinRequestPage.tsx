import { api } from '../../api';
import { t } from '../../i18n';
import type { PageProps } from '../../page';
import { href } from '../../router';
import { PageCard, Spinner } from '../../ui/status';
import { Decision } from '../register/Decision';
import { useLoaded } from '../register/load';
import { LoadError } from '../register/LoadError';
import { RegistrationDetails } from '../register/RegistrationDetails';
import { personName, type Registration } from '../register/registration';

/** One join request of the organisation: who asks, and the decision. */
export default function JoinRequestPage({ params }: PageProps) {
  const path = `/org/join-requests/${encodeURIComponent(params.id)}`;
  const reg = useLoaded((signal) => api.get<Registration>(path, { signal }), [path]);
  const r = reg.data;
  return (
    <PageCard title={r ? `${t('admin.join.detailTitle')} — ${personName(r)}` : t('admin.join.detailTitle')} wide>
      <p>
        <a href={href('/admin/join-requests')}>{t('admin.join.back')}</a>
      </p>
      {reg.error ? (
        <LoadError error={reg.error} retry={reg.reload} />
      ) : !r ? (
        <Spinner />
      ) : (
        <>
          <RegistrationDetails reg={r} />
          <Decision reg={r} path={path} onDecided={reg.set} onStale={reg.reload} />
        </>
      )}
    </PageCard>
  );
}
