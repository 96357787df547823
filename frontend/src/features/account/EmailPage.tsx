// Changing the sign-in address in two steps: the password and the new address (a
// code goes to it, a notice with an undo link to the current one), then the code.
// The current address keeps signing in until the code is confirmed.
import { useState } from 'preact/hooks';
import { api } from '../../api';
import { t, type Key } from '../../i18n';
import { loadSession } from '../../session';
import { Button } from '../../ui/Button';
import { PasswordField, TextField } from '../../ui/fields';
import { Form } from '../../ui/Form';
import { Spinner } from '../../ui/status';
import { toast } from '../../ui/toast';
import { useForm } from '../../ui/useForm';
import { checkEmail } from '../../validation';
import { useLoaded } from '../register/load';
import { LoadError } from '../register/LoadError';
import { checkMfaCode } from '../signin/validate';
import { AccountLayout } from './AccountLayout';
import type { Me } from './me';

export default function EmailPage() {
  const me = useLoaded((signal) => api.get<Me>('/me', { signal }), []);
  // The address waiting for its code; null shows the form that asks for one.
  const [pending, setPending] = useState<string | null | undefined>(undefined);
  const waiting = pending === undefined ? (me.data?.pendingEmail ?? null) : pending;
  return (
    <AccountLayout title={t('account.email.title')}>
      {me.error ? (
        <LoadError error={me.error} retry={me.reload} />
      ) : !me.data ? (
        <Spinner />
      ) : (
        <>
          <p>{t('account.email.current', { email: me.data.email })}</p>
          {waiting ? (
            <ConfirmStep
              pending={waiting}
              current={me.data.email}
              onConfirmed={(next) => {
                toast(t('account.email.changed', { email: next.email }), 'success');
                setPending(null);
                me.set(next);
                void loadSession();
              }}
              onRestart={() => setPending(null)}
            />
          ) : (
            <RequestStep onRequested={setPending} />
          )}
        </>
      )}
    </AccountLayout>
  );
}

type RequestValues = { newEmail: string; password: string };

function RequestStep({ onRequested }: { onRequested: (email: string) => void }) {
  const form = useForm<RequestValues>({
    fields: { newEmail: 'account.email.new', password: 'account.email.password' },
    initial: { newEmail: '', password: '' },
    validate: (v) => {
      const errors: Partial<Record<keyof RequestValues, Key>> = {};
      const e = checkEmail(v.newEmail);
      if (e) errors.newEmail = e;
      if (v.password === '') errors.password = 'ui.field.required';
      return errors;
    },
    submit: async (v) => {
      const r = await api.post<{ pendingEmail: string }>('/me/email', { newEmail: v.newEmail.trim(), password: v.password });
      onRequested(r.pendingEmail);
    },
  });
  return (
    <Form form={form}>
      <p class="field-hint">{t('account.email.how')}</p>
      <TextField {...form.field('newEmail')} type="email" autocomplete="email" maxLength={254} />
      <PasswordField {...form.field('password')} autocomplete="current-password" />
      <div class="actions">
        <Button type="submit" busy={form.busy}>
          {t('account.email.send')}
        </Button>
      </div>
    </Form>
  );
}

function ConfirmStep({
  pending,
  current,
  onConfirmed,
  onRestart,
}: {
  pending: string;
  current: string;
  onConfirmed: (me: Me) => void;
  onRestart: () => void;
}) {
  const form = useForm<{ code: string }>({
    fields: { code: 'account.email.code' },
    initial: { code: '' },
    validate: (v) => {
      const e = checkMfaCode('totp', v.code);
      return e ? { code: e } : {};
    },
    submit: async (v) => onConfirmed(await api.post<Me>('/me/email/confirm', { code: v.code.replace(/\s/g, '') })),
  });
  return (
    <>
      <div class="notice" role="status">
        <p>{t('account.email.sent', { email: pending })}</p>
        <p>{t('account.email.oldWorks', { email: current })}</p>
      </div>
      <Form form={form}>
        <TextField {...form.field('code')} autocomplete="one-time-code" inputMode="numeric" maxLength={7} />
        <div class="actions">
          <Button type="submit" busy={form.busy}>
            {t('account.email.confirm')}
          </Button>
          <Button variant="link" onClick={onRestart}>
            {t('account.email.restart')}
          </Button>
        </div>
      </Form>
    </>
  );
}
