// The password policy as a checklist under a new-password field, and a strength
// meter. The local rules follow each key; the server (POST /password/strength,
// which reads no table) rates the password and adds what only it knows (the common
// list, the person's own details) a moment after the person stops typing.
import { useEffect, useState } from 'preact/hooks';
import { api } from '../api';
import { t, type Key } from '../i18n';
import { ruleStates, type Strength } from './password';

const DEBOUNCE_MS = 300;

/** What the password is compared with, besides the common list. */
export interface PersonalDetails {
  email?: string;
  firstName?: string;
  lastName?: string;
}

export function PasswordMeter({ id, password, personal = {} }: { id: string; password: string; personal?: PersonalDetails }) {
  const [rated, setRated] = useState<{ password: string; strength: Strength } | null>(null);
  const { email, firstName, lastName } = personal;

  useEffect(() => {
    if (password === '') return;
    const ctl = new AbortController();
    const timer = setTimeout(() => {
      api
        .post<Strength>('/password/strength', { password, email, firstName, lastName }, { signal: ctl.signal, authRedirect: false })
        .then(
          (strength) => setRated({ password, strength }),
          // Without an answer the local checklist still guides; the submit will tell.
          () => undefined,
        );
    }, DEBOUNCE_MS);
    return () => {
      clearTimeout(timer);
      ctl.abort();
    };
  }, [password, email, firstName, lastName]);

  const strength = rated && rated.password === password ? rated.strength : null;
  return (
    <div class="password-meter">
      {password !== '' && (
        <p class="password-strength" aria-live="polite">
          <meter id={`${id}-meter`} min={0} max={4} low={2} high={3} optimum={4} value={strength?.score ?? 0} aria-hidden="true" />
          <span>{t('ui.password.strength', { level: strength ? t(`ui.password.level.${strength.level}` as Key) : '…' })}</span>
        </p>
      )}
      <p class="password-rules-title">{t('ui.password.rules')}</p>
      <ul class="password-rules">
        {ruleStates(password, strength?.problems ?? null).map(({ rule, ok }) => (
          <li key={rule.code} class={ok === true ? 'rule-ok' : ok === false ? 'rule-todo' : 'rule-unknown'}>
            <span class="rule-mark" aria-hidden="true">
              {ok === true ? '✓' : '•'}
            </span>
            {t(rule.label)}
            {ok !== null && <span class="visually-hidden"> ({t(ok ? 'ui.password.rule.met' : 'ui.password.rule.unmet')})</span>}
          </li>
        ))}
      </ul>
    </div>
  );
}
