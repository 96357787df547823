import { api } from '../../api';
import { t } from '../../i18n';
import type { PageProps } from '../../page';
import { href } from '../../router';
import { PageCard, Spinner } from '../../ui/status';
import { Decision } from '../register/Decision';
import { useLoaded } from '../register/load';
import { LoadError } from '../register/LoadError';
import { RegistrationDetails } from '../register/RegistrationDetails';
import { type Registration } from '../register/registration';
import { RegistrationNav } from './RegistrationNav';

/** One registration for an operator: who asks for what, and the decision. */
export default function RegistrationPage({ params }: PageProps) {
  const path = `/backoffice/registrations/${encodeURIComponent(params.id)}`;
  const reg = useLoaded((signal) => api.get<Registration>(path, { signal }), [path]);
  const r = reg.data;
  const name = r ? (r.organisation?.legalName ?? r.orgName) : '';
  return (
    <PageCard title={r ? `${t('backoffice.reg.detailTitle')} — ${name}` : t('backoffice.reg.detailTitle')} wide>
      <RegistrationNav />
      <p>
        <a href={href('/backoffice/registrations')}>{t('backoffice.reg.back')}</a>
      </p>
      {reg.error ? (
        <LoadError error={reg.error} retry={reg.reload} />
      ) : !r ? (
        <Spinner />
      ) : (
        <>
          <RegistrationDetails reg={r} domainHref={href('/backoffice/domains/:domain', { domain: r.domain })} />
          <Decision reg={r} path={path} onDecided={reg.set} onStale={reg.reload} />
        </>
      )}
    </PageCard>
  );
}
