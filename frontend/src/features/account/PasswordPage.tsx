// Changing the password: the current one, then a new one that follows the policy.
// Every other session of the person ends; this one goes on under a new id.
import { useState } from 'preact/hooks';
import { api } from '../../api';
import { t, type Key } from '../../i18n';
import type { PageProps } from '../../page';
import { navigate, safeReturnPath } from '../../router';
import { signedIn, useSession, type SessionView } from '../../session';
import { Button } from '../../ui/Button';
import { PasswordField } from '../../ui/fields';
import { Form } from '../../ui/Form';
import { newPasswordErrors } from '../../ui/password';
import { PasswordMeter } from '../../ui/PasswordMeter';
import { toast } from '../../ui/toast';
import { useForm } from '../../ui/useForm';
import { AccountLayout } from './AccountLayout';

export default function PasswordPage({ query }: PageProps) {
  const session = useSession();
  const user = session.status === 'signed-in' ? session.user : null;
  // An administrator chose the password: the portal waits for a new one.
  const forced = !!user?.mustChangePassword;
  const [round, setRound] = useState(0);
  return (
    <AccountLayout title={t('account.password.title')} lead={t('account.password.lead')}>
      {forced && (
        <p class="notice" role="status">
          {t('account.password.mustChange')}
        </p>
      )}
      <PasswordForm
        key={round}
        personal={{ email: user?.email, firstName: user?.firstName, lastName: user?.lastName }}
        onDone={() => {
          toast(t('account.password.changed'), 'success');
          if (forced) navigate(safeReturnPath(query.get('next')) ?? '/', { replace: true });
          else setRound((n) => n + 1);
        }}
      />
    </AccountLayout>
  );
}

type Values = { current: string; new: string; confirm: string };

/** The form's client checks; with any error, useForm sends nothing. */
export function changeErrors(v: Values): Partial<Record<keyof Values, Key>> {
  const { password, confirm } = newPasswordErrors(v.new, v.confirm, 'register.password.invalid');
  return { current: v.current === '' ? 'ui.field.required' : undefined, new: password, confirm };
}

function PasswordForm({ personal, onDone }: { personal: { email?: string; firstName?: string; lastName?: string }; onDone: () => void }) {
  const form = useForm<Values>({
    fields: { current: 'account.password.current', new: 'account.password.new', confirm: 'ui.password.confirm' },
    initial: { current: '', new: '', confirm: '' },
    validate: changeErrors,
    submit: async (v) => {
      signedIn(await api.post<SessionView>('/me/password', { current: v.current, new: v.new }));
      onDone();
    },
  });
  return (
    <Form form={form}>
      <PasswordField {...form.field('current')} autocomplete="current-password" />
      <PasswordField
        {...form.field('new')}
        autocomplete="new-password"
        meter={<PasswordMeter id={form.idOf('new')} password={form.values.new} personal={personal} />}
      />
      <PasswordField {...form.field('confirm')} autocomplete="new-password" />
      <div class="actions">
        <Button type="submit" busy={form.busy}>
          {t('account.password.submit')}
        </Button>
      </div>
    </Form>
  );
}
