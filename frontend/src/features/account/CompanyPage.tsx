// "My company": the organisation, its administrators and a message to them; its
// administrators also set whether every member must use two-step verification.
import { useState } from 'preact/hooks';
import { api } from '../../api';
import { getLanguage, t, tn, type Key } from '../../i18n';
import { useSession } from '../../session';
import { Button } from '../../ui/Button';
import { TextArea, TextField } from '../../ui/fields';
import { Form } from '../../ui/Form';
import { Spinner } from '../../ui/status';
import { toast } from '../../ui/toast';
import { useForm } from '../../ui/useForm';
import { countryName } from '../register/countries';
import { useLoaded } from '../register/load';
import { LoadError } from '../register/LoadError';
import { useConfirm } from '../register/useConfirm';
import { AccountLayout } from './AccountLayout';

interface Organisation {
  id: string;
  name: string;
  registrationNo?: string;
  country?: string;
  website?: string;
  address?: string;
  domains?: string[];
  mfaRequired?: boolean;
}

interface Company {
  organisation: Organisation;
  administrators: { firstName: string; lastName: string; email: string }[];
}

export default function CompanyPage() {
  const company = useLoaded((signal) => api.get<Company>('/me/company', { signal }), []);
  const session = useSession();
  const isAdmin = session.status === 'signed-in' && session.user.role === 'admin';
  const c = company.data;
  return (
    <AccountLayout title={t('account.company.title')}>
      {company.error ? (
        <LoadError error={company.error} retry={company.reload} />
      ) : !c ? (
        <Spinner />
      ) : (
        <>
          <Details org={c.organisation} />
          <section aria-labelledby="admins-title">
            <h2 id="admins-title" class="section-title">
              {t('account.company.admins')}
            </h2>
            {c.administrators.length === 0 ? (
              <p>{t('account.company.noAdmins')}</p>
            ) : (
              <ul class="plain-list">
                {c.administrators.map((a) => (
                  <li key={a.email}>
                    {`${a.firstName} ${a.lastName}`.trim()} — <a href={`mailto:${a.email}`}>{a.email}</a>
                  </li>
                ))}
              </ul>
            )}
          </section>
          {isAdmin && <MfaPolicy required={!!c.organisation.mfaRequired} onChanged={company.set} />}
          {c.administrators.length > 0 && <Contact />}
        </>
      )}
    </AccountLayout>
  );
}

function Details({ org }: { org: Organisation }) {
  const rows: [Key, string | undefined][] = [
    ['account.company.name', org.name],
    ['account.company.registrationNo', org.registrationNo],
    ['account.company.address', org.address],
    ['account.company.country', org.country && countryName(org.country, getLanguage())],
    ['account.company.website', org.website],
    ['account.company.domains', org.domains?.join(', ')],
  ];
  return (
    <dl class="facts">
      {rows
        .filter(([, v]) => v)
        .map(([k, v]) => (
          <div key={k} class="facts-row">
            <dt>{t(k)}</dt>
            <dd class="pre-line">{v}</dd>
          </div>
        ))}
    </dl>
  );
}

function MfaPolicy({ required, onChanged }: { required: boolean; onChanged: (c: Company) => void }) {
  const confirm = useConfirm();
  const change = () =>
    confirm.ask({
      title: t(required ? 'account.policy.offTitle' : 'account.policy.onTitle'),
      body: <p>{t(required ? 'account.policy.offBody' : 'account.policy.onBody')}</p>,
      confirmLabel: t(required ? 'account.policy.off' : 'account.policy.on'),
      danger: required,
      run: async () => {
        const r = await api.put<Company>('/me/company/security', { mfaRequired: !required });
        toast(t(r.organisation.mfaRequired ? 'account.policy.onDone' : 'account.policy.offDone'), 'success');
        onChanged(r);
      },
    });
  return (
    <section aria-labelledby="policy-title">
      <h2 id="policy-title" class="section-title">
        {t('account.policy.title')}
      </h2>
      <p>{t(required ? 'account.policy.isOn' : 'account.policy.isOff')}</p>
      <Button variant={required ? 'secondary' : 'primary'} onClick={change}>
        {t(required ? 'account.policy.off' : 'account.policy.on')}
      </Button>
      {confirm.dialog}
    </section>
  );
}

type ContactValues = { subject: string; message: string };

function Contact() {
  const [round, setRound] = useState(0);
  return <ContactForm key={round} sent={() => setRound((n) => n + 1)} />;
}

function ContactForm({ sent }: { sent: () => void }) {
  const form = useForm<ContactValues>({
    idPrefix: 'contact-',
    fields: { subject: 'account.contact.subject', message: 'account.contact.message' },
    initial: { subject: '', message: '' },
    validate: (v) => {
      const errors: Partial<Record<keyof ContactValues, Key>> = {};
      if (v.subject.trim() === '') errors.subject = 'ui.field.required';
      if (v.message.trim() === '') errors.message = 'ui.field.required';
      return errors;
    },
    submit: async (v) => {
      const r = await api.post<{ sent: number }>('/me/company/contact', { subject: v.subject.trim(), message: v.message.trim() });
      toast(tn('account.contact.sent', r.sent), 'success');
      sent();
    },
  });
  return (
    <section aria-labelledby="contact-title">
      <h2 id="contact-title" class="section-title">
        {t('account.contact.title')}
      </h2>
      <p>{t('account.contact.intro')}</p>
      <Form form={form} label={t('account.contact.title')}>
        <TextField {...form.field('subject')} maxLength={200} />
        <TextArea {...form.field('message')} rows={6} maxLength={5000} />
        <div class="actions">
          <Button type="submit" busy={form.busy}>
            {t('account.contact.send')}
          </Button>
        </div>
      </Form>
    </section>
  );
}
