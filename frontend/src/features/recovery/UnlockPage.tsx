// The self-unlock link of the "account locked" mail: the password again proves it
// is the person, and lifts the lock.
import { api } from '../../api';
import { t } from '../../i18n';
import type { PageProps } from '../../page';
import { href, navigate } from '../../router';
import { Button } from '../../ui/Button';
import { PasswordField } from '../../ui/fields';
import { Form } from '../../ui/Form';
import { toast } from '../../ui/toast';
import { useForm } from '../../ui/useForm';
import { LinkPage } from './LinkPage';

export default function UnlockPage({ query }: PageProps) {
  const token = query.get('token') ?? '';
  const form = useForm<{ password: string }>({
    fields: { password: 'signin.password' },
    initial: { password: '' },
    validate: (v) => (v.password === '' ? { password: 'ui.field.required' } : {}),
    submit: async (v) => {
      await api.post('/account/unlock', { token, password: v.password }, { authRedirect: false });
      toast(t('recovery.unlock.done'), 'success');
      navigate(href('/signin'), { replace: true });
    },
  });
  return (
    <LinkPage title="recovery.unlock.title" lead={t('recovery.unlock.lead')} token={token}>
      <Form form={form}>
        <PasswordField {...form.field('password')} autocomplete="current-password" />
        <Button type="submit" busy={form.busy} class="button-block">
          {t('recovery.unlock.submit')}
        </Button>
      </Form>
      <p class="card-footer">
        {t('recovery.unlock.forgot')} <a href={href('/forgot-password')}>{t('signin.forgot')}</a>
      </p>
    </LinkPage>
  );
}
