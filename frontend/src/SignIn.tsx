import { useRef, useState } from 'preact/hooks';
import { t, type Key } from './i18n';
import { href } from './router';
import { hasErrors, validateSignIn, type SignInErrors, type SignInValues } from './validation';

type Field = keyof SignInValues;

export function SignIn() {
  const [values, setValues] = useState<SignInValues>({ email: '', password: '' });
  const [errors, setErrors] = useState<SignInErrors>({});
  const [submitted, setSubmitted] = useState(false);
  const [status, setStatus] = useState<Key | null>(null);
  const emailRef = useRef<HTMLInputElement>(null);
  const passwordRef = useRef<HTMLInputElement>(null);

  const update = (field: Field) => (e: Event) => {
    const next = { ...values, [field]: (e.currentTarget as HTMLInputElement).value };
    setValues(next);
    // After a first submit, keep errors in sync as the user fixes them.
    if (submitted) setErrors(validateSignIn(next));
  };

  const onSubmit = (e: Event) => {
    e.preventDefault();
    const found = validateSignIn(values);
    setSubmitted(true);
    setErrors(found);
    if (hasErrors(found)) {
      setStatus(null);
      (found.email ? emailRef : passwordRef).current?.focus();
      return;
    }
    setStatus('signin.unavailable');
  };

  return (
    <section class="card" aria-labelledby="page-title">
      <h1 id="page-title" tabIndex={-1}>
        {t('signin.title')}
      </h1>
      <p class="lead">{t('signin.intro')}</p>
      <form class="form" noValidate onSubmit={onSubmit}>
        <TextField
          id="email"
          type="email"
          label={t('signin.email')}
          autocomplete="username"
          value={values.email}
          error={errors.email}
          inputRef={emailRef}
          onInput={update('email')}
        />
        <TextField
          id="password"
          type="password"
          label={t('signin.password')}
          autocomplete="current-password"
          value={values.password}
          error={errors.password}
          inputRef={passwordRef}
          onInput={update('password')}
        />
        <p class="form-aside">
          <a href={href('/forgot-password')}>{t('signin.forgot')}</a>
        </p>
        <button type="submit" class="button button-primary" id="signin-submit">
          {t('signin.submit')}
        </button>
        <p id="signin-status" class="form-status" role="status" aria-live="polite">
          {status ? t(status) : ''}
        </p>
      </form>
      <p class="card-footer">
        {t('signin.noAccount')} <a href={href('/register')}>{t('signin.register')}</a>
      </p>
    </section>
  );
}

interface TextFieldProps {
  id: string;
  type: 'email' | 'password';
  label: string;
  autocomplete: string;
  value: string;
  error?: Key;
  inputRef: preact.Ref<HTMLInputElement>;
  onInput: (e: Event) => void;
}

function TextField({ id, type, label, autocomplete, value, error, inputRef, onInput }: TextFieldProps) {
  const errorId = `${id}-error`;
  return (
    <div class={error ? 'field field-invalid' : 'field'}>
      <label for={id}>{label}</label>
      <input
        ref={inputRef}
        id={id}
        name={id}
        // Preact's input typings discriminate on a literal `type`; a union
        // prop cannot be narrowed, and role is not set here anyway.
        type={type as 'text'}
        autocomplete={autocomplete}
        required
        spellcheck={false}
        value={value}
        onInput={onInput}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={error ? errorId : undefined}
      />
      {error && (
        <p id={errorId} class="field-error">
          {t(error)}
        </p>
      )}
    </div>
  );
}
