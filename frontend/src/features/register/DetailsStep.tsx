import { useEffect, useState } from 'preact/hooks';
import { api, ApiError } from '../../api';
import { LANGS, t, type Key } from '../../i18n';
import { href, navigate } from '../../router';
import { sessionStarted, type User } from '../../session';
import { Button } from '../../ui/Button';
import { CivilityField } from '../../ui/Civility';
import { PasswordField, Select, TextField } from '../../ui/fields';
import { Form } from '../../ui/Form';
import { PASSWORD_RULES } from '../../ui/password';
import { PasswordMeter } from '../../ui/PasswordMeter';
import { useForm } from '../../ui/useForm';
import { isBlank } from '../../validation';
import { clearFlow, completeBody, organisationErrors, updateFlow, type Details, type Flow } from './flow';
import { SignupCard } from './SignupCard';
import { useFlowAt } from './useFlowAt';

type Values = Details & { password: string };

/** POST /signup/complete's answer: the session it opened. */
interface Completed {
  user: User;
  csrf: string;
  mfaEnrolmentRequired?: boolean;
}

/** Answers after which this sign-up cannot go on. */
type Dead = 'signup_expired' | 'email_taken';

/** Step 4: the person and their password; sending it creates the account and signs
 * the person in. */
export default function DetailsStep() {
  const flow = useFlowAt(3);
  return flow ? <DetailsForm flow={flow} /> : null;
}

function DetailsForm({ flow }: { flow: Flow }) {
  const [dead, setDead] = useState<Dead | null>(null);
  const form = useForm<Values>({
    fields: {
      civility: 'register.details.civility',
      firstName: 'register.details.firstName',
      lastName: 'register.details.lastName',
      jobTitle: 'register.details.jobTitle',
      phone: 'register.details.phone',
      lang: 'register.details.lang',
      password: 'register.details.password',
    },
    initial: {
      civility: '',
      firstName: '',
      lastName: '',
      jobTitle: '',
      phone: '',
      lang: flow.lang,
      ...flow.details,
      password: '',
    },
    validate: (v) => {
      const errors: Partial<Record<keyof Values, Key>> = {};
      if (isBlank(v.firstName)) errors.firstName = 'ui.field.required';
      if (isBlank(v.lastName)) errors.lastName = 'ui.field.required';
      if (!v.password) errors.password = 'ui.field.required';
      else if (!PASSWORD_RULES.every((r) => !r.test || r.test(v.password))) errors.password = 'register.password.invalid';
      return errors;
    },
    submit: async ({ password, ...details }) => {
      let done: Completed;
      try {
        done = await api.post<Completed>('/signup/complete', completeBody(flow, details, password));
      } catch (err) {
        const org = organisationErrors(err);
        if (org) {
          // Those are the previous step's fields: show them there.
          updateFlow({ orgErrors: org });
          navigate(href('/register/organisation'));
          return;
        }
        if (err instanceof ApiError && (err.code === 'signup_expired' || err.code === 'email_taken')) setDead(err.code);
        throw err;
      }
      clearFlow();
      // The account exists and the answer opened its session; both changes render
      // together, so the status page opens signed in.
      sessionStarted(done);
      navigate(href('/register/status'), { replace: true });
    },
  });

  // What was typed survives a trip back to the organisation step (not the password).
  const { password, ...details } = form.values;
  useEffect(() => updateFlow({ details }), [JSON.stringify(details)]);

  const langs = LANGS.map((l) => ({ value: l, label: t(`app.lang.${l}`) }));
  return (
    <SignupCard step={3} title={t('register.details.title')} lead={t('register.details.lead')}>
      <Form form={form}>
        <CivilityField {...form.field('civility')} />
        <TextField {...form.field('firstName')} autocomplete="given-name" maxLength={100} />
        <TextField {...form.field('lastName')} autocomplete="family-name" maxLength={100} />
        <TextField {...form.field('jobTitle')} autocomplete="organization-title" maxLength={100} required={false} />
        <TextField {...form.field('phone')} type="tel" autocomplete="tel" required={false} hint={t('register.details.phoneHint')} />
        <Select {...form.field('lang')} options={langs} />
        <PasswordField
          {...form.field('password')}
          autocomplete="new-password"
          meter={
            <PasswordMeter
              id={form.idOf('password')}
              password={password}
              personal={{ email: flow.email, firstName: details.firstName, lastName: details.lastName }}
            />
          }
        />
        {dead && (
          <p class="notice state-refused">
            {dead === 'email_taken' ? <a href={href('/signin')}>{t('signin.submit')}</a> : <a href={href('/register')}>{t('register.restart')}</a>}
          </p>
        )}
        <div class="actions">
          <Button type="submit" id="details-submit" busy={form.busy}>
            {t('register.details.submit')}
          </Button>
          <a href={href('/register/organisation')}>{t('register.back')}</a>
        </div>
      </Form>
    </SignupCard>
  );
}
