// "Request a new user", from the sign-in page: a person without an account gives
// their business address, their details and the applications they need. The
// answer is the same whatever the address (no enumeration): only the mail to it
// tells what happened.
import { useEffect, useState } from 'preact/hooks';
import { api } from '../../api';
import { getLanguage, LANGS, t, translate } from '../../i18n';
import { href } from '../../router';
import { checkEmail, isBlank } from '../../validation';
import { Button } from '../../ui/Button';
import { CivilityField } from '../../ui/Civility';
import { Select, TextArea, TextField } from '../../ui/fields';
import { Form } from '../../ui/Form';
import { EmptyState, PageCard, Spinner } from '../../ui/status';
import { useForm } from '../../ui/useForm';
import { AppChoice } from './AppChoice';
import { parseChoice } from './model';
import { useCatalog } from './useCatalog';

type Values = {
  email: string;
  civility: string;
  firstName: string;
  lastName: string;
  jobTitle: string;
  phone: string;
  lang: string;
  applications: string;
  comment: string;
};

export default function RequestUserPage() {
  const catalog = useCatalog();
  const [sentTo, setSentTo] = useState<string | null>(null);
  const form = useForm<Values>({
    fields: {
      email: 'applications.newUser.email',
      civility: 'applications.newUser.civility',
      firstName: 'applications.newUser.firstName',
      lastName: 'applications.newUser.lastName',
      jobTitle: 'applications.newUser.jobTitle',
      phone: 'applications.newUser.phone',
      lang: 'applications.newUser.lang',
      applications: 'applications.choice.label',
      comment: 'applications.comment',
    },
    initial: { email: '', civility: '', firstName: '', lastName: '', jobTitle: '', phone: '', lang: getLanguage(), applications: '', comment: '' },
    validate: (v) => ({
      ...(checkEmail(v.email) ? { email: checkEmail(v.email) } : {}),
      ...(isBlank(v.firstName) ? { firstName: 'ui.field.required' as const } : {}),
      ...(isBlank(v.lastName) ? { lastName: 'ui.field.required' as const } : {}),
      ...(parseChoice(v.applications).length === 0 ? { applications: 'applications.choice.required' as const } : {}),
    }),
    submit: async (v) => {
      await api.post('/new-user-requests', { ...v, email: v.email.trim(), applications: parseChoice(v.applications) }, { authRedirect: false });
      setSentTo(v.email.trim());
    },
  });

  // The confirmation replaces the form: its heading takes the focus.
  useEffect(() => {
    if (sentTo) document.getElementById('page-title')?.focus();
  }, [sentTo]);

  if (sentTo) {
    return (
      <PageCard title={t('applications.newUser.doneTitle')}>
        <p role="status">{t('applications.newUser.done', { email: sentTo })}</p>
        <p>{t('applications.newUser.next')}</p>
        <p>
          <a href={href('/signin')}>{t('applications.newUser.backToSignIn')}</a>
        </p>
      </PageCard>
    );
  }

  return (
    <PageCard title={t('applications.newUser.title')} lead={t('applications.newUser.intro')}>
      {catalog.state === 'loading' && <Spinner />}
      {catalog.state === 'failed' && (
        <p class="list-error" role="alert">
          {catalog.error}
        </p>
      )}
      {catalog.state === 'ready' && catalog.value.length === 0 && <EmptyState title={t('applications.none')} />}
      {catalog.state === 'ready' && catalog.value.length > 0 && (
        <Form form={form}>
          <TextField {...form.field('email')} type="email" autocomplete="email" hint={t('applications.newUser.emailHint')} />
          <CivilityField {...form.field('civility')} />
          <TextField {...form.field('firstName')} autocomplete="given-name" maxLength={100} />
          <TextField {...form.field('lastName')} autocomplete="family-name" maxLength={100} />
          <TextField {...form.field('jobTitle')} required={false} autocomplete="organization-title" maxLength={100} />
          <TextField {...form.field('phone')} type="tel" required={false} autocomplete="tel" />
          <Select {...form.field('lang')} options={LANGS.map((l) => ({ value: l, label: translate(l, `app.lang.${l}`) }))} />
          <AppChoice {...form.field('applications')} apps={catalog.value} />
          <TextArea {...form.field('comment')} required={false} maxLength={1000} />
          <Button type="submit" busy={form.busy} class="button-block">
            {t('applications.newUser.submit')}
          </Button>
        </Form>
      )}
      <p class="card-footer">
        {t('applications.newUser.haveAccount')} <a href={href('/signin')}>{t('applications.newUser.signIn')}</a>
      </p>
    </PageCard>
  );
}
