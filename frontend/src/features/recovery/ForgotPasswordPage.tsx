// "Forgot password": the same confirmation whether or not the address has an
// account, so that the page tells nobody which addresses exist.
import { useState } from 'preact/hooks';
import { api } from '../../api';
import { t } from '../../i18n';
import { href } from '../../router';
import { Button } from '../../ui/Button';
import { TextField } from '../../ui/fields';
import { Form } from '../../ui/Form';
import { PageCard } from '../../ui/status';
import { useForm } from '../../ui/useForm';
import { checkEmail } from '../../validation';
import './linkMessages';

export default function ForgotPasswordPage() {
  const [sentTo, setSentTo] = useState<string | null>(null);
  const form = useForm<{ email: string }>({
    fields: { email: 'signin.email' },
    initial: { email: '' },
    validate: (v) => {
      const e = checkEmail(v.email);
      return e ? { email: e } : {};
    },
    submit: async (v) => {
      await api.post('/password/forgot', { email: v.email.trim() }, { authRedirect: false });
      setSentTo(v.email.trim());
    },
  });
  if (sentTo !== null) {
    return (
      <PageCard title={t('recovery.title')}>
        <div class="notice" role="status">
          <p>{t('recovery.forgot.sent', { email: sentTo })}</p>
        </div>
        <p>{t('recovery.forgot.spam')}</p>
        <p class="card-footer">
          <a href={href('/signin')}>{t('signin.mfa.back')}</a>
        </p>
      </PageCard>
    );
  }
  return (
    <PageCard title={t('recovery.title')} lead={t('recovery.forgot.lead')}>
      <Form form={form}>
        <TextField {...form.field('email')} type="email" autocomplete="username" />
        <Button type="submit" busy={form.busy} class="button-block">
          {t('recovery.forgot.submit')}
        </Button>
      </Form>
      <p class="card-footer">
        <a href={href('/signin')}>{t('signin.mfa.back')}</a>
      </p>
    </PageCard>
  );
}
