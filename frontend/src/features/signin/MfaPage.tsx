import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, api } from '../../api';
import { t, type Key } from '../../i18n';
import type { PageProps } from '../../page';
import { href, navigate, safeReturnPath } from '../../router';
import { sessionStarted, type SessionView } from '../../session';
import { Button } from '../../ui/Button';
import { TextField } from '../../ui/fields';
import { Form } from '../../ui/Form';
import { PageCard } from '../../ui/status';
import { useForm } from '../../ui/useForm';
import { onField } from '../register/fieldError';
import { getChallenge, setChallenge } from './challenge';
import { checkMfaCode, type MfaMode } from './validate';
import { PasskeyButton } from './PasskeyButton';
import { PASSKEYS_OFF_NOTE, usePasskeysOff } from './passkeySupport';
import { passkeySecondFactor } from './webauthn';

/** The code field's label and hint per mode. */
const LABELS: Record<MfaMode, { label: Key; hint: Key }> = {
  totp: { label: 'signin.mfa.code', hint: 'signin.mfa.codeHint' },
  recovery: { label: 'signin.mfa.recoveryCode', hint: 'signin.mfa.recoveryHint' },
};

/** The second step of a sign-in for accounts with two-step verification: a code of
 * the authenticator app, one of the recovery codes, or a passkey, as the account
 * allows. Without a challenge in memory (after a reload) the sign-in starts again. */
export default function MfaPage({ query }: PageProps) {
  // The challenge as it was on arrival: once it ends, the page still says why.
  const [challenge] = useState(getChallenge);
  const next = safeReturnPath(query.get('next'));
  const back = href('/signin', undefined, { next });
  const [mode, setMode] = useState<MfaMode>(challenge?.methods.includes('totp') || !challenge?.methods.includes('recovery') ? 'totp' : 'recovery');
  // Set when the challenge expired or was used up: the person must sign in again.
  const [ended, setEnded] = useState<string | null>(null);
  const switched = useRef(false);
  const passkeys = usePasskeysOff();
  useEffect(() => {
    if (!challenge) navigate(back, { replace: true });
  }, []);
  // After a switch between the app and a recovery code, the new field has focus.
  useEffect(() => {
    if (switched.current) document.getElementById('code')?.focus();
  }, [mode]);
  if (!challenge) return null;

  const done = (view: SessionView) => {
    setChallenge(null);
    sessionStarted(view);
    navigate(next ?? '/', { replace: true });
  };
  // An ended challenge cannot be answered again; other errors are the form's.
  const failed = (err: unknown) => {
    if (err instanceof ApiError && err.code === 'mfa_challenge_invalid') {
      setChallenge(null);
      setEnded(err.message);
      return true;
    }
    return false;
  };

  if (ended !== null) {
    return (
      <PageCard title={t('signin.mfa.title')}>
        <p class="notice" role="alert">
          {ended}
        </p>
        <p>
          <a href={back}>{t('signin.mfa.back')}</a>
        </p>
      </PageCard>
    );
  }

  const methods = challenge.methods;
  const codes = methods.includes('totp') || methods.includes('recovery');
  const other: MfaMode = mode === 'totp' ? 'recovery' : 'totp';
  return (
    <PageCard title={t('signin.mfa.title')} lead={t('signin.mfa.intro')}>
      {codes && (
        <CodeForm key={mode} mode={mode} challenge={challenge.challenge} onDone={done} onFailed={failed} />
      )}
      {methods.includes(other) && (
        <p class="form-aside">
          <Button
            variant="link"
            onClick={() => {
              switched.current = true;
              setMode(other);
            }}
          >
            {t(other === 'recovery' ? 'signin.mfa.useRecovery' : 'signin.mfa.useApp')}
          </Button>
        </p>
      )}
      {methods.includes('passkey') && passkeys !== null && (!codes || passkeys === 'server') && (
        <p role="alert">{t(PASSKEYS_OFF_NOTE[passkeys])}</p>
      )}
      {methods.includes('passkey') && passkeys === null && (
        <PasskeyButton
          id="mfa-passkey"
          alone={!codes}
          run={async () => {
            try {
              done(await passkeySecondFactor(challenge.challenge));
            } catch (err) {
              if (!failed(err)) throw err;
            }
          }}
        />
      )}
      <p class="card-footer">
        <a href={back}>{t('signin.mfa.back')}</a>
      </p>
    </PageCard>
  );
}

interface StepProps {
  challenge: string;
  onDone: (view: SessionView) => void;
  /** Handles the errors that end the step; false leaves the error to the caller. */
  onFailed: (err: unknown) => boolean;
}

function CodeForm({ mode, challenge, onDone, onFailed }: StepProps & { mode: MfaMode }) {
  const form = useForm<{ code: string }>({
    fields: { code: LABELS[mode].label },
    initial: { code: '' },
    validate: (v) => {
      const e = checkMfaCode(mode, v.code);
      return e ? { code: e } : {};
    },
    submit: async ({ code }) => {
      const body = mode === 'totp' ? { challenge, code: code.replace(/\s/g, '') } : { challenge, recoveryCode: code.trim() };
      try {
        onDone(await api.post<SessionView>('/session/mfa', body, { authRedirect: false }));
      } catch (err) {
        if (onFailed(err)) return;
        // A wrong code is an answer about the field.
        throw err instanceof ApiError && err.code === 'invalid_code' ? onField(err, 'code') : err;
      }
    },
  });
  return (
    <Form form={form}>
      <TextField
        {...form.field('code')}
        hint={t(LABELS[mode].hint)}
        autocomplete="one-time-code"
        inputMode={mode === 'totp' ? 'numeric' : 'text'}
        maxLength={mode === 'totp' ? 7 : 32}
        spellcheck={false}
      />
      <Button type="submit" id="mfa-submit" busy={form.busy} class="button-block">
        {t('signin.mfa.submit')}
      </Button>
    </Form>
  );
}
