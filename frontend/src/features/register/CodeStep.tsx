import { useEffect, useState } from 'preact/hooks';
import { api, ApiError } from '../../api';
import { t } from '../../i18n';
import { href, navigate } from '../../router';
import { Button } from '../../ui/Button';
import { TextField } from '../../ui/fields';
import { Form } from '../../ui/Form';
import { useForm } from '../../ui/useForm';
import { onField } from './fieldError';
import { codeSent, getFlow, secondsLeft, verified, type CodeSent, type Flow, type Verified } from './flow';
import { SignupCard } from './SignupCard';
import { useFlowAt } from './useFlowAt';

/** The answers about the code itself, shown under its field. */
const CODE_ERRORS = ['code_invalid', 'code_expired', 'code_exhausted'];
/** The answers after which only a new code helps. */
const DEAD_CODE = ['code_expired', 'code_exhausted'];

/** Step 2: the six-digit code mailed to the address. */
export default function CodeStep() {
  const flow = useFlowAt(1);
  return flow ? <CodeForm flow={flow} /> : null;
}

function CodeForm({ flow: first }: { flow: Flow }) {
  // A new code changes the flow; this page re-renders on its own state.
  const flow = getFlow() ?? first;
  const [now, setNow] = useState(Date.now());
  const [dead, setDead] = useState(false);
  const [resend, setResend] = useState<{ busy: boolean; sent: boolean; error: string | null }>({ busy: false, sent: false, error: null });
  const wait = secondsLeft(flow, now);

  // The countdown of the resend button ticks only while there is one.
  useEffect(() => {
    if (wait === 0) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [wait === 0]);

  const form = useForm<{ code: string }>({
    fields: { code: 'register.code.label' },
    initial: { code: '' },
    validate: (v) => {
      const code = v.code.replace(/\s/g, '');
      if (!code) return { code: 'ui.field.required' };
      return /^\d{6}$/.test(code) ? {} : { code: 'register.code.format' };
    },
    submit: async (v) => {
      try {
        verified(await api.post<Verified>('/signup/verify', { email: flow.email, code: v.code.replace(/\s/g, '') }));
      } catch (err) {
        if (!(err instanceof ApiError) || !CODE_ERRORS.includes(err.code)) throw err;
        setDead(DEAD_CODE.includes(err.code));
        throw onField(err, 'code');
      }
      navigate(href('/register/organisation'));
    },
  });

  const sendAgain = async () => {
    setResend({ busy: true, sent: false, error: null });
    try {
      codeSent(flow.lang, await api.post<CodeSent>('/signup', { email: flow.email, lang: flow.lang }), Date.now());
      setNow(Date.now());
      setDead(false);
      form.set('code', '');
      setResend({ busy: false, sent: true, error: null });
      // The button is disabled by its countdown now: the code field is next anyway.
      document.getElementById(form.idOf('code'))?.focus();
    } catch (err) {
      setResend({ busy: false, sent: false, error: err instanceof ApiError ? err.message : t('app.api.unexpected') });
    }
  };

  const resendButton = (
    <Button id="resend" variant="secondary" busy={resend.busy} disabled={wait > 0} onClick={() => void sendAgain()}>
      {wait > 0 ? t('register.code.resendIn', { seconds: wait }) : t('register.code.resend')}
    </Button>
  );
  return (
    <SignupCard step={1} title={t('register.code.title')}>
      <p class="notice" role="status">
        {resend.sent
          ? t('register.code.resent', { email: flow.email })
          : t('register.code.sent', { email: flow.email, minutes: Math.round(flow.expiresIn / 60) })}
      </p>
      {dead && (
        <div class="notice state-refused">
          <p>{t('register.code.renew')}</p>
          {resendButton}
        </div>
      )}
      <Form form={form}>
        <TextField
          {...form.field('code')}
          inputMode="numeric"
          autocomplete="one-time-code"
          maxLength={7}
          spellcheck={false}
        />
        <Button type="submit" id="code-submit" busy={form.busy} class="button-block">
          {t('register.code.submit')}
        </Button>
      </Form>
      <div class="signup-more">
        <p class="field-hint">{t('register.code.spam')}</p>
        <div class="actions">
          {!dead && resendButton}
          <a href={href('/register')}>{t('register.code.change')}</a>
        </div>
        {resend.error && (
          <p class="field-error" role="alert">
            {resend.error}
          </p>
        )}
      </div>
    </SignupCard>
  );
}
