import { api } from '../../api';
import { isRegistrant } from '../../access';
import { getLanguage, t } from '../../i18n';
import { href } from '../../router';
import { useSession } from '../../session';
import { PageCard, Spinner } from '../../ui/status';
import { Stepper } from '../../ui/Stepper';
import { useLoaded } from './load';
import { LoadError } from './LoadError';
import { formatDate, type RegistrationKind, type RegistrationState } from './registration';
import { registrationSteps } from './SignupCard';
import './register.css';

/** GET /signup/status: the signed-in person's registration. */
interface Status {
  kind: RegistrationKind;
  state: RegistrationState;
  organisation: string;
  reason?: string;
  created: string;
  decided?: string;
}

/** Where the signed-in person's registration stands, and what comes next. */
export default function StatusPage() {
  const session = useSession();
  const status = useLoaded((signal) => api.get<Status>('/signup/status', { signal }), []);
  const lang = getLanguage();
  const steps = registrationSteps();
  const s = status.data;

  let body;
  if (status.error?.code === 'registration_not_found') {
    body = <p>{t('register.status.none')}</p>;
  } else if (status.error) {
    body = <LoadError error={status.error} retry={status.reload} />;
  } else if (!s) {
    body = <Spinner />;
  } else if (s.state === 'pending') {
    body = (
      <div class="notice" id="registration-state">
        <p>
          {t(s.kind === 'join' ? 'register.status.joinPending' : s.kind === 'partner' ? 'register.status.partnerPending' : 'register.status.orgPending', {
            organisation: s.organisation,
          })}
        </p>
        <p>{t(s.kind === 'join' ? 'register.status.joinNext' : 'register.status.orgNext')}</p>
      </div>
    );
  } else if (s.state === 'approved') {
    body = (
      <div class="notice state-approved" id="registration-state">
        <p>{t('register.status.approved', { organisation: s.organisation })}</p>
      </div>
    );
  } else {
    body = (
      <div class="notice state-refused" id="registration-state">
        <p>{t('register.status.refused')}</p>
        {s.reason && <p class="pre-line">{t('register.status.reason', { reason: s.reason })}</p>}
      </div>
    );
  }

  const limited = isRegistrant(session);
  return (
    <PageCard title={t('register.status.title')}>
      {s && <Stepper steps={steps} current={s.state === 'pending' ? steps.length - 1 : steps.length} />}
      {body}
      {s && (
        <p class="field-hint">
          {t('register.status.created', { date: formatDate(s.created, lang) })}
          {s.decided && <> {t('register.status.decided', { date: formatDate(s.decided, lang) })}</>}
        </p>
      )}
      {limited ? (
        <>
          {s?.state === 'pending' && <p>{t('register.status.meanwhile')}</p>}
          <ul>
            <li>
              <a href={href('/account')}>{t('account.title')}</a>
            </li>
            <li>
              <a href={href('/help')}>{t('help.title')}</a>
            </li>
          </ul>
        </>
      ) : (
        <p>
          <a href={href('/')}>{t('register.status.home')}</a>
        </p>
      )}
    </PageCard>
  );
}
