import { api, ApiError } from '../../api';
import { getLanguage, isLang, LANGS, t } from '../../i18n';
import { href, navigate } from '../../router';
import { Button } from '../../ui/Button';
import { Select, TextField } from '../../ui/fields';
import { Form } from '../../ui/Form';
import { useForm } from '../../ui/useForm';
import { checkEmail } from '../../validation';
import { codeSent, getFlow, type CodeSent } from './flow';
import { SignupCard } from './SignupCard';

type Values = { email: string; lang: string };

/** How long to wait, when the server says a code went to the address a moment ago
 * without saying when: its resend delay. */
const RESEND_AFTER = 60;

/** Step 1: the business address, and the language of the mail. */
export default function EmailStep() {
  const flow = getFlow();
  const form = useForm<Values>({
    fields: { email: 'register.email.label', lang: 'register.email.lang' },
    initial: { email: flow?.email ?? '', lang: flow?.lang ?? getLanguage() },
    validate: (v) => {
      const e = checkEmail(v.email);
      return e ? { email: e } : {};
    },
    submit: async (v) => {
      const lang = isLang(v.lang) ? v.lang : getLanguage();
      const email = v.email.trim();
      try {
        codeSent(lang, await api.post<CodeSent>('/signup', { email, lang }), Date.now());
      } catch (err) {
        // A code went to this address a moment ago and still works: go and type it.
        if (!(err instanceof ApiError) || err.code !== 'code_resend_too_soon') throw err;
        const same = flow && flow.email === email.toLowerCase();
        if (!same) codeSent(lang, { email: email.toLowerCase(), expiresInSeconds: 600, resendAfterSeconds: RESEND_AFTER }, Date.now());
      }
      navigate(href('/register/code'));
    },
  });
  const langs = LANGS.map((l) => ({ value: l, label: t(`app.lang.${l}`) }));

  return (
    <SignupCard step={0} title={t('register.title')} lead={t('register.email.lead')}>
      <Form form={form}>
        <TextField {...form.field('email')} type="email" autocomplete="email" hint={t('register.email.hint')} />
        <Select {...form.field('lang')} options={langs} />
        <Button type="submit" id="register-submit" busy={form.busy} class="button-block">
          {t('register.email.submit')}
        </Button>
      </Form>
      <p class="card-footer">
        {t('register.email.haveAccount')} <a href={href('/signin')}>{t('signin.submit')}</a>
      </p>
    </SignupCard>
  );
}
