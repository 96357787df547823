import { useEffect, useState } from 'preact/hooks';
import { getLanguage, t, type Key } from '../../i18n';
import { href, navigate } from '../../router';
import { Button } from '../../ui/Button';
import { Select, TextArea, TextField } from '../../ui/fields';
import { Form } from '../../ui/Form';
import type { FieldBinding } from '../../ui/useForm';
import { useForm } from '../../ui/useForm';
import { isBlank } from '../../validation';
import { countryOptions } from './countries';
import { defaultChoice, needsChoice, NEW_ORG, PARTNER, updateFlow, type Candidates, type Flow, type NewOrganisation } from './flow';
import { SignupCard } from './SignupCard';
import { useFlowAt } from './useFlowAt';

type Values = NewOrganisation & { choice: string };
type Field = keyof Values & string;

const REQUIRED: readonly (keyof NewOrganisation)[] = ['legalName', 'registrationNo', 'address', 'country'];

/** Step 3: the "additional access" (a customer organisation, today's path, or a
 * partner), then the organisation to join among those that verified the domain, or
 * a new one (or the partner company) for the operators to check. */
export default function OrganisationStep() {
  const flow = useFlowAt(2);
  return flow?.candidates ? <OrganisationForm flow={flow} candidates={flow.candidates} /> : null;
}

function OrganisationForm({ flow, candidates }: { flow: Flow; candidates: Candidates }) {
  const choose = needsChoice(candidates);
  // What the server said of these fields when the last step was sent; each goes
  // away once its field is edited.
  const [server, setServer] = useState<Record<string, string>>(flow.orgErrors);
  const form = useForm<Values>({
    fields: {
      choice: 'register.org.choose',
      legalName: 'register.org.legalName',
      registrationNo: 'register.org.registrationNo',
      address: 'register.org.address',
      country: 'register.org.country',
      website: 'register.org.website',
    },
    initial: { choice: flow.choice, ...flow.organisation },
    validate: (v) => {
      const errors: Partial<Record<Field, Key>> = {};
      if (!v.choice) errors.choice = 'register.org.required';
      if (v.choice === NEW_ORG || v.choice === PARTNER) for (const f of REQUIRED) if (isBlank(v[f])) errors[f] = 'ui.field.required';
      return errors;
    },
    submit: async ({ choice, ...organisation }) => {
      updateFlow({ choice, organisation, orgErrors: {} });
      navigate(href('/register/details'));
    },
  });

  // Back from the last step with errors here: start at the first of them.
  useEffect(() => {
    const first = (Object.keys(form.labels) as Field[]).find((f) => server[f]);
    if (first) document.getElementById(form.idOf(first))?.focus();
  }, []);

  const bind = (name: Field): FieldBinding => {
    const b = form.field(name);
    return {
      ...b,
      error: b.error ?? server[name],
      onValue: (v) => {
        if (server[name]) setServer({ ...server, [name]: '' });
        b.onValue(v);
      },
    };
  };

  const partner = form.values.choice === PARTNER;
  const only = candidates.organisations.length === 1 && !choose && !partner ? candidates.organisations[0] : null;
  const isNew = form.values.choice === NEW_ORG || partner;
  return (
    <SignupCard step={2} title={t('register.org.title')} lead={t('register.org.lead', { domain: candidates.domain })}>
      {Object.values(server).some(Boolean) && (
        <p class="notice state-refused" role="alert">
          {t('register.org.fix')} {!choose && server.choice}
        </p>
      )}
      <Form form={form}>
        <Access partner={partner} onPartner={(p) => form.set('choice', p ? PARTNER : defaultChoice(candidates))} />
        {only && <p class="notice">{t('register.org.one', { name: only.name })}</p>}
        {choose && !partner && <Choices binding={bind('choice')} candidates={candidates} />}
        {isNew && (
          <>
            <p class="notice">
              {partner ? t('register.access.partnerNotice') : `${candidates.organisations.length === 0 ? t('register.org.none') : ''} ${t('register.org.delay')}`}
            </p>
            <TextField {...bind('legalName')} autocomplete="organization" maxLength={200} />
            <TextField {...bind('registrationNo')} hint={t('register.org.registrationNoHint')} maxLength={40} spellcheck={false} />
            <TextArea {...bind('address')} rows={3} maxLength={500} />
            <Select {...bind('country')} options={countryOptions(getLanguage())} />
            <TextField {...bind('website')} type="url" inputMode="url" required={false} maxLength={200} />
          </>
        )}
        <div class="actions">
          <Button type="submit" id="organisation-submit" busy={form.busy}>
            {t('register.next')}
          </Button>
          <a href={href('/register')}>{t('register.code.change')}</a>
        </div>
      </Form>
    </SignupCard>
  );
}

/** The "additional access": a customer organisation (joined or asked for), or a
 * partner. */
function Access({ partner, onPartner }: { partner: boolean; onPartner: (partner: boolean) => void }) {
  const options = [
    { value: false, id: 'access-customer', label: t('register.access.customer') },
    { value: true, id: 'access-partner', label: t('register.access.partner') },
  ];
  return (
    <fieldset class="field choice-list">
      <legend>{t('register.access.label')}</legend>
      {options.map((o) => (
        <label key={o.id} class="choice">
          <input type="radio" id={o.id} name="access" checked={partner === o.value} onChange={() => onPartner(o.value)} />
          {o.label}
        </label>
      ))}
    </fieldset>
  );
}

/** The organisations to choose from, and "not listed" when a new one may be asked
 * for. The first radio carries the field's id, for the error summary's link. */
function Choices({ binding: b, candidates }: { binding: FieldBinding; candidates: Candidates }) {
  const options = candidates.organisations.map((o) => ({ value: o.id, label: o.name }));
  if (candidates.canCreate) options.push({ value: NEW_ORG, label: t('register.org.notListed') });
  return (
    <fieldset class={b.error ? 'field field-invalid choice-list' : 'field choice-list'}>
      <legend>{b.label}</legend>
      {options.map((o, i) => (
        <label key={o.value} class="choice">
          <input
            type="radio"
            id={i === 0 ? b.id : `${b.id}-${i}`}
            name={b.name}
            value={o.value}
            checked={b.value === o.value}
            onChange={() => b.onValue(o.value)}
            aria-invalid={b.error ? 'true' : undefined}
            aria-describedby={b.error ? `${b.id}-error` : undefined}
          />
          {o.label}
        </label>
      ))}
      {b.error && (
        <p id={`${b.id}-error`} class="field-error">
          {b.error}
        </p>
      )}
    </fieldset>
  );
}
