// A new password from a "forgot password" link. Every session of the person ends;
// they then sign in as usual (a lock or a second factor still applies).
import { api } from '../../api';
import { t } from '../../i18n';
import type { PageProps } from '../../page';
import { href, navigate } from '../../router';
import { clearSession, getSession } from '../../session';
import { Button } from '../../ui/Button';
import { PasswordField } from '../../ui/fields';
import { Form } from '../../ui/Form';
import { newPasswordErrors } from '../../ui/password';
import { PasswordMeter } from '../../ui/PasswordMeter';
import { toast } from '../../ui/toast';
import { useForm } from '../../ui/useForm';
import { LinkPage } from './LinkPage';

export default function ResetPasswordPage({ query }: PageProps) {
  const token = query.get('token') ?? '';
  const form = useForm<{ password: string; confirm: string }>({
    fields: { password: 'recovery.reset.password', confirm: 'ui.password.confirm' },
    initial: { password: '', confirm: '' },
    validate: (v) => newPasswordErrors(v.password, v.confirm, 'register.password.invalid'),
    submit: async (v) => {
      await api.post('/password/reset', { token, password: v.password }, { authRedirect: false });
      // Every session of the person ended, this browser's included if it had one.
      if (getSession().status === 'signed-in') clearSession();
      toast(t('recovery.reset.done'), 'success');
      navigate(href('/signin'), { replace: true });
    },
  });
  return (
    <LinkPage title="recovery.reset.title" lead={t('recovery.reset.lead')} token={token}>
      <Form form={form}>
        <PasswordField {...form.field('password')} autocomplete="new-password" meter={<PasswordMeter id={form.idOf('password')} password={form.values.password} />} />
        <PasswordField {...form.field('confirm')} autocomplete="new-password" />
        <Button type="submit" busy={form.busy} class="button-block">
          {t('recovery.reset.submit')}
        </Button>
      </Form>
      <p class="card-footer">
        {t('recovery.expired')} <a href={href('/forgot-password')}>{t('recovery.newLink')}</a>
      </p>
    </LinkPage>
  );
}
