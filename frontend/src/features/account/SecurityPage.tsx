// "Security": two-step verification with an authenticator app (its recovery codes,
// turning it off) and passkeys. Removing a factor or renewing the codes asks for the
// password again; the organisation's policy may keep the last factor.
import { useState } from 'preact/hooks';
import { api, type ListPage } from '../../api';
import { t } from '../../i18n';
import { Button } from '../../ui/Button';
import { EmptyState, Spinner } from '../../ui/status';
import { toast } from '../../ui/toast';
import { useLoaded } from '../register/load';
import { LoadError } from '../register/LoadError';
import { formatDate } from '../register/registration';
import type { Passkey } from '../signin/webauthn';
import { codeBody, type Me } from './me';
import { AccountLayout } from './AccountLayout';
import { PasskeyAdd } from './PasskeyAdd';
import { usePasswordConfirm } from './PasswordDialog';
import { RecoveryCodes, TotpSetup } from './TotpSetup';

export default function SecurityPage() {
  const me = useLoaded((signal) => api.get<Me>('/me', { signal }), []);
  const secret = usePasswordConfirm();
  // Recovery codes just made: shown once, until the person says they kept them.
  const [codes, setCodes] = useState<string[] | null>(null);
  const security = me.data?.security;

  const turnOff = () =>
    secret.ask({
      title: t('account.totp.offTitle'),
      body: <p>{t('account.totp.offBody')}</p>,
      confirmLabel: t('account.totp.off'),
      withCode: true,
      run: async (v) => {
        await api.post('/me/totp/disable', { password: v.password, ...codeBody(v.code) });
        toast(t('account.totp.offDone'), 'success');
        me.reload();
      },
    });
  const renewCodes = () =>
    secret.ask({
      title: t('account.recovery.renewTitle'),
      body: <p>{t('account.recovery.renewBody')}</p>,
      confirmLabel: t('account.recovery.renew'),
      run: async (v) => {
        const r = await api.post<{ recoveryCodes: string[] }>('/me/totp/recovery-codes', { password: v.password });
        setCodes(r.recoveryCodes);
        me.reload();
      },
    });

  return (
    <AccountLayout title={t('account.security.title')} lead={t('account.security.lead')}>
      {me.error ? (
        <LoadError error={me.error} retry={me.reload} />
      ) : !security ? (
        <Spinner />
      ) : (
        <>
          {security.mfaRequired && <p class="notice">{t('account.security.required')}</p>}
          <section aria-labelledby="totp-title">
            <h2 id="totp-title" class="section-title">
              {t('account.totp.title')}
            </h2>
            {codes ? (
              <RecoveryCodes codes={codes} onDone={() => setCodes(null)} />
            ) : security.totp ? (
              <>
                <p>
                  <strong class="state-on">{t('account.totp.on')}</strong>{' '}
                  {t('account.recovery.left', { n: security.recoveryCodesLeft })}
                </p>
                <div class="actions">
                  <Button variant="secondary" onClick={renewCodes}>
                    {t('account.recovery.renew')}
                  </Button>
                  <Button variant="danger" onClick={turnOff}>
                    {t('account.totp.off')}
                  </Button>
                </div>
              </>
            ) : (
              <>
                <p>{t('account.totp.intro')}</p>
                <TotpSetup
                  onEnrolled={(c) => {
                    setCodes(c);
                    me.reload();
                  }}
                />
              </>
            )}
          </section>
          <Passkeys ask={secret.ask} changed={me.reload} />
        </>
      )}
      {secret.dialog}
    </AccountLayout>
  );
}

function Passkeys({ ask, changed }: { ask: ReturnType<typeof usePasswordConfirm>['ask']; changed: () => void }) {
  const keys = useLoaded((signal) => api.get<ListPage<Passkey>>('/me/passkeys', { signal }), []);
  const remove = (k: Passkey) =>
    ask({
      title: t('account.passkeys.removeTitle', { name: k.name }),
      body: <p>{t('account.passkeys.removeBody')}</p>,
      confirmLabel: t('account.passkeys.remove'),
      run: async (v) => {
        await api.delete(`/me/passkeys/${encodeURIComponent(k.id)}`, { body: { password: v.password } });
        toast(t('account.passkeys.removed', { name: k.name }), 'success');
        keys.reload();
        changed();
      },
    });
  return (
    <section aria-labelledby="passkeys-title">
      <h2 id="passkeys-title" class="section-title">
        {t('account.passkeys.title')}
      </h2>
      <p>{t('account.passkeys.intro')}</p>
      {keys.error ? (
        <LoadError error={keys.error} retry={keys.reload} />
      ) : !keys.data ? (
        <Spinner />
      ) : keys.data.items.length === 0 ? (
        <EmptyState title={t('account.passkeys.none')} />
      ) : (
        <ul class="plain-list item-list">
          {keys.data.items.map((k) => (
            <li key={k.id} class="item">
              <div>
                <strong>{k.name}</strong>
                <p class="field-hint">
                  {t('account.passkeys.added', { date: formatDate(k.created) })}
                  {k.lastUsed && ' · ' + t('account.passkeys.used', { date: formatDate(k.lastUsed) })}
                </p>
              </div>
              <Button variant="secondary" aria-label={`${t('account.passkeys.remove')} ${k.name}`} onClick={() => remove(k)}>
                {t('account.passkeys.remove')}
              </Button>
            </li>
          ))}
        </ul>
      )}
      <PasskeyAdd
        onAdded={(k) => {
          toast(t('account.passkeys.addedDone', { name: k.name }), 'success');
          keys.reload();
          changed();
        }}
      />
    </section>
  );
}
