// Enrolling an authenticator app: a QR code (and the secret, to type instead), then
// a first code from the app confirms it and brings the recovery codes, shown once.
// Used in "Security" and on the page where a company's policy sends the person.
import { useState } from 'preact/hooks';
import { ApiError, api, setCsrfToken } from '../../api';
import { t } from '../../i18n';
import { Button } from '../../ui/Button';
import { TextField } from '../../ui/fields';
import { Form } from '../../ui/Form';
import { toast } from '../../ui/toast';
import { useForm } from '../../ui/useForm';
import { checkMfaCode } from '../signin/validate';
import { groupSecret, qrImageSrc, recoveryCodesFile, type TotpStart } from './me';
import '../register/register.css';
import './account.css';
import './accountMessages';

/** The setup, from the button that starts it to the confirmed code. onEnrolled gets
 * the recovery codes once the app is enrolled (the CSRF token is already updated). */
export function TotpSetup({ onEnrolled }: { onEnrolled: (codes: string[]) => void | Promise<void> }) {
  const [started, setStarted] = useState<TotpStart | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const start = async () => {
    setBusy(true);
    setError(null);
    try {
      setStarted(await api.post<TotpStart>('/me/totp/start'));
    } catch (err) {
      setError(err instanceof ApiError ? err.message : t('app.api.unexpected'));
    } finally {
      setBusy(false);
    }
  };

  if (!started) {
    return (
      <div>
        <Button id="totp-start" busy={busy} onClick={() => void start()}>
          {t('account.totp.start')}
        </Button>
        {error && (
          <p class="field-error" role="alert">
            {error}
          </p>
        )}
      </div>
    );
  }
  return (
    <div class="totp-setup">
      <ol class="steps">
        <li>
          <p>{t('account.totp.scan')}</p>
          <img class="qr-code" src={qrImageSrc(started.qrCode)} alt={t('account.totp.qrAlt')} width={192} height={192} />
          <p>{t('account.totp.manual')}</p>
          <p>
            <code id="totp-secret" class="secret">
              {groupSecret(started.secret)}
            </code>
          </p>
        </li>
        <li>
          <ConfirmCode onEnrolled={onEnrolled} />
        </li>
      </ol>
    </div>
  );
}

function ConfirmCode({ onEnrolled }: { onEnrolled: (codes: string[]) => void | Promise<void> }) {
  const form = useForm<{ code: string }>({
    idPrefix: 'totp-',
    fields: { code: 'account.totp.code' },
    initial: { code: '' },
    validate: (v) => {
      const e = checkMfaCode('totp', v.code);
      return e ? { code: e } : {};
    },
    submit: async (v) => {
      const r = await api.post<{ recoveryCodes: string[]; csrf?: string }>('/me/totp/confirm', { code: v.code.replace(/\s/g, '') });
      if (r.csrf) setCsrfToken(r.csrf);
      await onEnrolled(r.recoveryCodes);
    },
  });
  return (
    <Form form={form} class="form inline-form">
      <TextField {...form.field('code')} hint={t('account.totp.codeHint')} autocomplete="one-time-code" inputMode="numeric" maxLength={7} />
      <Button type="submit" id="totp-confirm" busy={form.busy}>
        {t('account.totp.confirm')}
      </Button>
    </Form>
  );
}

/** New recovery codes, shown once, with ways to keep them. */
export function RecoveryCodes({ codes, onDone }: { codes: readonly string[]; onDone: () => void }) {
  const text = recoveryCodesFile(codes, t('account.recovery.fileHeading'));
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      toast(t('account.recovery.copied'), 'success');
    } catch {
      toast(t('account.recovery.copyFailed'), 'error');
    }
  };
  const download = () => {
    const url = URL.createObjectURL(new Blob([text], { type: 'text/plain;charset=utf-8' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = 'guichet-recovery-codes.txt';
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 0);
  };
  return (
    <section class="recovery" aria-labelledby="recovery-title">
      <h3 id="recovery-title">{t('account.recovery.title')}</h3>
      <p class="notice">{t('account.recovery.once')}</p>
      <ol id="recovery-codes" class="recovery-codes">
        {codes.map((c) => (
          <li key={c}>
            <code>{c}</code>
          </li>
        ))}
      </ol>
      <div class="actions">
        <Button variant="secondary" onClick={() => void copy()}>
          {t('account.recovery.copy')}
        </Button>
        <Button variant="secondary" onClick={download}>
          {t('account.recovery.download')}
        </Button>
        <Button id="recovery-done" onClick={onDone}>
          {t('account.recovery.done')}
        </Button>
      </div>
    </section>
  );
}
