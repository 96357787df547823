import { t } from '../../i18n';
import type { PageProps } from '../../page';
import { href, navigate, safeReturnPath } from '../../router';
import { sessionStarted, signIn } from '../../session';
import { Button } from '../../ui/Button';
import { PasswordField, TextField } from '../../ui/fields';
import { Form } from '../../ui/Form';
import { PageCard } from '../../ui/status';
import { useForm } from '../../ui/useForm';
import { setChallenge } from './challenge';
import { knownEmail } from './knownEmail';
import { PasskeyButton } from './PasskeyButton';
import { usePasskeysOff } from './passkeySupport';
import { validateSignIn, type SignInValues } from './validate';

export default function SignInPage({ query }: PageProps) {
  const next = safeReturnPath(query.get('next'));
  const passkeys = usePasskeysOff();
  const form = useForm<SignInValues>({
    fields: { email: 'signin.email', password: 'signin.password' },
    initial: { email: knownEmail(), password: '' },
    validate: validateSignIn,
    submit: async (v) => {
      const outcome = await signIn(v.email.trim(), v.password);
      if (outcome.kind === 'mfa') {
        setChallenge({ challenge: outcome.challenge, methods: outcome.methods });
        navigate(href('/signin/mfa', undefined, { next }));
      } else {
        navigate(next ?? '/', { replace: true });
      }
    },
  });

  return (
    <PageCard title={t('signin.title')} lead={t('signin.intro')}>
      {query.get('reason') === 'expired' && (
        <p class="notice" role="status">
          {t('app.sessionExpired')}
        </p>
      )}
      <Form form={form}>
        <TextField {...form.field('email')} type="email" autocomplete="username" />
        <PasswordField {...form.field('password')} autocomplete="current-password" />
        <p class="form-aside">
          <a href={href('/forgot-password')}>{t('signin.forgot')}</a>
        </p>
        <Button type="submit" id="signin-submit" busy={form.busy} class="button-block">
          {t('signin.submit')}
        </Button>
      </Form>
      {passkeys === 'server' && (
        <p class="notice" role="status" id="passkeys-off">
          {t('signin.passkey.serverOff')}
        </p>
      )}
      {passkeys === null && (
        <PasskeyButton
          id="passkey-signin"
          run={async () => {
            // The WebAuthn code loads when the button is pressed.
            const { signInWithPasskey } = await import('./webauthn');
            sessionStarted(await signInWithPasskey());
            navigate(next ?? '/', { replace: true });
          }}
        />
      )}
      <p class="card-footer">
        {t('signin.noAccount')} <a href={href('/register')}>{t('signin.register')}</a>
        <br />
        <a href={href('/request-user')}>{t('applications.newUser.link')}</a>
      </p>
    </PageCard>
  );
}

