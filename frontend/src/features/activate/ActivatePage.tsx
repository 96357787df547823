// The activation link of an invitation or of a first approval
// (#/activate?token=…&app=…): the person chooses their password (and may correct
// their name), then signs in and lands on "Manage applications" at that
// application, or on the home page for a plain invitation. The sign-in page comes
// with the person's address filled in.
import { useEffect, useState } from 'preact/hooks';
import { api } from '../../api';
import { t } from '../../i18n';
import type { PageProps } from '../../page';
import { href, navigate } from '../../router';
import { Button } from '../../ui/Button';
import { PasswordField, TextField } from '../../ui/fields';
import { Form } from '../../ui/Form';
import { newPasswordErrors } from '../../ui/password';
import { PasswordMeter } from '../../ui/PasswordMeter';
import { PageCard, Spinner } from '../../ui/status';
import { toast } from '../../ui/toast';
import { useForm } from '../../ui/useForm';
import { setKnownEmail } from '../signin/knownEmail';
import { checkActivation, type LinkState } from './check';

type Values = { password: string; confirm: string; firstName: string; lastName: string };

export default function ActivatePage({ query }: PageProps) {
  const token = query.get('token') ?? '';
  const app = query.get('app');
  const [link, setLink] = useState<LinkState | 'checking'>('checking');
  useEffect(() => {
    if (token) void checkActivation(token).then(setLink);
  }, [token]);
  const form = useForm<Values>({
    fields: { password: 'activate.password', confirm: 'ui.password.confirm', firstName: 'activate.firstName', lastName: 'activate.lastName' },
    initial: { password: '', confirm: '', firstName: '', lastName: '' },
    validate: (v) => newPasswordErrors(v.password, v.confirm, 'activate.passwordRules'),
    submit: async (v) => {
      const done = await api.post<{ email: string }>(
        '/activation',
        { token, password: v.password, firstName: v.firstName.trim(), lastName: v.lastName.trim() },
        { authRedirect: false },
      );
      setKnownEmail(done.email);
      toast(t('activate.done'), 'success');
      navigate(href('/signin', undefined, { next: app ? href('/applications', undefined, { app }).slice(1) : null }), { replace: true });
    },
  });

  if (!token) {
    return (
      <PageCard title={t('activate.title')}>
        <p role="alert">{t('activate.noToken')}</p>
        <p>
          <a href={href('/signin')}>{t('activate.toSignIn')}</a>
        </p>
      </PageCard>
    );
  }
  if (link === 'checking') {
    return (
      <PageCard title={t('activate.title')}>
        <Spinner label={t('activate.checking')} />
      </PageCard>
    );
  }
  if (link === 'expired' || link === 'invalid') {
    return (
      <PageCard title={t('activate.title')}>
        <p role="alert">{t(link === 'expired' ? 'activate.linkExpired' : 'activate.linkInvalid')}</p>
        <p>{t(link === 'expired' ? 'activate.linkExpiredNext' : 'activate.linkInvalidNext')}</p>
        <p>
          <a href={href('/signin')}>{t('activate.toSignIn')}</a>
        </p>
      </PageCard>
    );
  }
  return (
    <PageCard title={t('activate.title')} lead={t('activate.intro')}>
      <Form form={form}>
        <PasswordField
          {...form.field('password')}
          autocomplete="new-password"
          meter={<PasswordMeter id={form.idOf('password')} password={form.values.password} personal={{ firstName: form.values.firstName, lastName: form.values.lastName }} />}
        />
        <PasswordField {...form.field('confirm')} autocomplete="new-password" />
        <TextField {...form.field('firstName')} required={false} autocomplete="given-name" maxLength={100} hint={t('activate.nameHint')} />
        <TextField {...form.field('lastName')} required={false} autocomplete="family-name" maxLength={100} />
        <Button type="submit" busy={form.busy} class="button-block">
          {t('activate.submit')}
        </Button>
      </Form>
      <p class="card-footer">
        {t('activate.expired')} <a href={href('/signin')}>{t('activate.toSignIn')}</a>
      </p>
    </PageCard>
  );
}
