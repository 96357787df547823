import { useEffect, useRef, useState } from 'preact/hooks';
import { api, ApiError, type ListPage } from '../../api';
import { t, type Key } from '../../i18n';
import { href, navigate } from '../../router';
import { Button } from '../../ui/Button';
import { Checkbox, PasswordField, Select, TextField } from '../../ui/fields';
import { Form } from '../../ui/Form';
import { ruleStates } from '../../ui/password';
import { PasswordMeter } from '../../ui/PasswordMeter';
import { EmptyState, PageCard, Spinner } from '../../ui/status';
import { Stepper } from '../../ui/Stepper';
import { toast } from '../../ui/toast';
import { useForm } from '../../ui/useForm';
import { checkEmail, isValidEmail } from '../../validation';
import { useLoaded } from '../register/load';
import { LoadError } from '../register/LoadError';
import { AdminNav } from './AdminNav';
import { checkDetails, DETAIL_LABELS, DetailsFields, detailsBody, EMPTY_DETAILS, type DetailValues } from './DetailsFields';
import { GrantsEditor } from './GrantsEditor';
import {
  allPages,
  checkLogin,
  fullName,
  labelOf,
  grantsBody,
  LEVEL_KEY,
  ROLE_KEY,
  ROLES,
  SECTION_KEY,
  STATUS_KEY,
  type Contract,
  type Grant,
  type UserDetail,
  type Validation,
} from './model';

type Person = DetailValues & { email: string; login: string; role: string };

const PERSON_LABELS: Record<keyof Person, Key> = {
  email: 'admin.field.email',
  login: 'admin.field.login',
  role: 'admin.users.role',
  ...DETAIL_LABELS,
};

/** Step 1 as the API takes it; the activation choice comes at step 3. */
function personBody(v: Person) {
  return { email: v.email.trim(), login: v.login.trim(), role: v.role, ...detailsBody(v) };
}

const STEPS: readonly Key[] = ['admin.wizard.step1', 'admin.wizard.step2', 'admin.wizard.step3'];

/**
 * Adding a user in three steps: the person and their login (checked by the API
 * without writing anything; an address that already has an account attaches that
 * person, keeping their login), their contracts and rights, then a summary where the
 * administrator chooses between the activation mail and a password they set.
 */
export default function NewUserPage() {
  const [step, setStep] = useState(0);
  const [checked, setChecked] = useState<Validation | null>(null);
  const [known, setKnown] = useState<Validation['attach'] | null>(null);
  const [grants, setGrants] = useState<Record<string, Grant>>({});
  const [recheck, setRecheck] = useState(false);
  const contracts = useLoaded(
    (signal) => allPages((cursor) => api.get<ListPage<Contract>>('/org/contracts', { query: { limit: 200, cursor }, signal })),
    [],
  );
  const moved = useRef(false);

  const person = useForm<Person>({
    fields: PERSON_LABELS,
    initial: { email: '', login: '', role: 'user', ...EMPTY_DETAILS },
    validate: (v) => {
      const email = checkEmail(v.email);
      if (known) return email ? { email } : {};
      const login = checkLogin(v.login);
      return { ...(email && { email }), ...(login && { login }), ...checkDetails(v) };
    },
    submit: async (v) => {
      const answer = await api.post<Validation>('/org/users/validate', { ...personBody(v), sendActivation: true });
      setChecked(answer);
      setKnown(answer.attach ?? null);
      go(1);
    },
  });

  // A save refused for a step-1 field (a login taken meanwhile) comes back here and
  // checks again, which shows the error under its field.
  useEffect(() => {
    if (recheck && step === 0) {
      setRecheck(false);
      person.onSubmit(new Event('submit'));
    }
  }, [recheck, step]);

  const go = (n: number) => {
    moved.current = true;
    setStep(n);
  };
  // The new step's heading takes the focus (not on the first display: the router
  // focuses the page's title then).
  useEffect(() => {
    if (moved.current) document.getElementById('wizard-step-title')?.focus();
  }, [step]);

  const lookUp = useLookUp(person.values.email, setKnown);

  return (
    <PageCard title={t('admin.wizard.title')} wide>
      <AdminNav />
      <Stepper steps={STEPS.map((k) => t(k))} current={step} />
      <h2 id="wizard-step-title" class="section-title" tabIndex={-1}>
        {t(STEPS[step])}
      </h2>
      {step === 0 && (
        <Form form={person} label={t(STEPS[0])}>
          <div onFocusOut={lookUp}>
            <TextField {...person.field('email')} type="email" autocomplete="off" maxLength={254} />
          </div>
          {known ? (
            <Attached attach={known} />
          ) : (
            <>
              <TextField {...person.field('login')} autocomplete="off" spellcheck={false} maxLength={64} hint={t('admin.field.loginHint')} />
              <Select {...person.field('role')} options={ROLES.map((r) => ({ value: r, label: t(ROLE_KEY[r]) }))} hint={t('admin.wizard.roleHint')} />
              <DetailsFields field={person.field} />
            </>
          )}
          <div class="actions">
            <Button id="wizard-next" type="submit" busy={person.busy}>
              {t('admin.wizard.next')}
            </Button>
            <a href={href('/admin/users')}>{t('ui.dialog.cancel')}</a>
          </div>
        </Form>
      )}
      {step === 1 && (
        <>
          {checked?.attach && <Attached attach={checked.attach} />}
          <p>{t('admin.wizard.rightsLead')}</p>
          {contracts.error ? (
            <LoadError error={contracts.error} retry={contracts.reload} />
          ) : !contracts.data ? (
            <Spinner />
          ) : contracts.data.length === 0 ? (
            <EmptyState title={t('admin.wizard.noContracts')} />
          ) : (
            <GrantsEditor contracts={contracts.data} grants={grants} onChange={(id, g) => setGrants({ ...grants, [id]: g })} />
          )}
          <div class="actions">
            <Button variant="secondary" onClick={() => go(0)}>
              {t('admin.wizard.back')}
            </Button>
            <Button id="wizard-next" onClick={() => go(2)}>
              {t('admin.wizard.next')}
            </Button>
          </div>
        </>
      )}
      {step === 2 && checked && (
        <Summary
          person={person.values}
          checked={checked}
          grants={grants}
          contracts={contracts.data ?? []}
          onBack={() => go(1)}
          onStepOne={() => {
            go(0);
            setRecheck(true);
          }}
        />
      )}
    </PageCard>
  );
}

/** Asks, when the focus leaves the address field, whether the address already has
 * an account, so that step 1 asks nothing the attachment would ignore. */
function useLookUp(email: string, setKnown: (a: Validation['attach'] | null) => void) {
  const asked = useRef('');
  const ctl = useRef<AbortController | null>(null);
  return () => {
    const value = email.trim();
    if (!isValidEmail(value) || value === asked.current) return;
    asked.current = value;
    ctl.current?.abort();
    const c = (ctl.current = new AbortController());
    api.post<Validation>('/org/users/validate', { email: value, sendActivation: true }, { signal: c.signal }).then(
      (answer) => !c.signal.aborted && setKnown(answer.attach ?? null),
      // A new address answers with the other fields' errors: not an account. The
      // "Next" button tells the rest.
      () => !c.signal.aborted && setKnown(null),
    );
  };
}

/** The existing account the person will be attached to. */
function Attached({ attach }: { attach: NonNullable<Validation['attach']> }) {
  return (
    <div class="notice" id="wizard-attach" role="status">
      <p>
        <strong>{t('admin.wizard.attachTitle')}</strong>
      </p>
      <p>
        {t('admin.wizard.attachBody', {
          name: fullName(attach),
          login: attach.login,
          status: labelOf(STATUS_KEY, attach.status),
        })}
      </p>
    </div>
  );
}

type Finish = { sendActivation: boolean; password: string };

/** Step 3: what will be saved, the activation choice, and the save. */
function Summary({
  person,
  checked,
  grants,
  contracts,
  onBack,
  onStepOne,
}: {
  person: Person;
  checked: Validation;
  grants: Record<string, Grant>;
  contracts: readonly Contract[];
  onBack: () => void;
  onStepOne: () => void;
}) {
  const attach = checked.attach;
  const body = grantsBody(grants);
  const names = new Map(contracts.map((c) => [c.id, c]));
  const form = useForm<Finish>({
    fields: { sendActivation: 'admin.wizard.sendActivation', password: 'admin.wizard.password' },
    initial: { sendActivation: true, password: '' },
    idPrefix: 'finish-',
    validate: (v) => {
      if (attach || v.sendActivation) return {};
      if (v.password === '') return { password: 'ui.field.required' };
      return ruleStates(v.password, null).some((s) => s.ok === false) ? { password: 'admin.wizard.passwordRules' } : {};
    },
    submit: async (v) => {
      let saved: UserDetail;
      try {
        saved = await api.post<UserDetail>('/org/users', {
          ...personBody(person),
          sendActivation: attach ? true : v.sendActivation,
          password: attach || v.sendActivation ? '' : v.password,
          contracts: body,
        });
      } catch (err) {
        if (err instanceof ApiError && err.fields.some((f) => f.field in PERSON_LABELS)) {
          onStepOne();
          return;
        }
        throw err;
      }
      toast(t(attach ? 'admin.wizard.attached' : 'admin.wizard.created', { name: fullName(saved.user) }), 'success');
      navigate(href('/admin/users/:id', { id: saved.user.id }));
    },
  });
  return (
    <Form form={form} label={t(STEPS[2])}>
      <dl class="facts">
        <div class="facts-row">
          <dt>{t('admin.field.email')}</dt>
          <dd>{checked.email}</dd>
        </div>
        <div class="facts-row">
          <dt>{t('admin.field.login')}</dt>
          <dd>{attach ? attach.login : checked.login}</dd>
        </div>
        <div class="facts-row">
          <dt>{t('admin.users.name')}</dt>
          <dd>{attach ? fullName(attach) : fullName(person)}</dd>
        </div>
        {!attach && (
          <div class="facts-row">
            <dt>{t('admin.users.role')}</dt>
            <dd>{labelOf(ROLE_KEY, person.role)}</dd>
          </div>
        )}
        <div class="facts-row">
          <dt>{t('admin.user.rights')}</dt>
          <dd>
            {body.length === 0 ? (
              t('admin.wizard.noRights')
            ) : (
              <ul class="plain-list">
                {body.map((g) => {
                  const c = names.get(g.contractId);
                  const levels = Object.entries(g.sections).map(([s, l]) =>
                    t('admin.user.sectionLevel', { section: t(SECTION_KEY[s as keyof typeof SECTION_KEY]), level: t(LEVEL_KEY[l!]) }),
                  );
                  if (g.supported) levels.push(t('admin.rights.supported'));
                  return (
                    <li key={g.contractId}>
                      <strong>{c ? t('admin.contracts.label', { name: c.name, reference: c.reference }) : g.contractId}</strong> — {levels.join(', ')}
                    </li>
                  );
                })}
              </ul>
            )}
          </dd>
        </div>
      </dl>
      {attach ? (
        <p class="notice">{t('admin.wizard.attachSave')}</p>
      ) : (
        <>
          <Checkbox
            {...form.check('sendActivation')}
            hint={t(form.values.sendActivation ? 'admin.wizard.activationOn' : 'admin.wizard.activationOff')}
          />
          {!form.values.sendActivation && (
            <PasswordField
              {...form.field('password')}
              autocomplete="new-password"
              hint={t('admin.wizard.passwordHint')}
              meter={
                <PasswordMeter
                  id={form.idOf('password')}
                  password={form.values.password}
                  personal={{ email: person.email, firstName: person.firstName, lastName: person.lastName }}
                />
              }
            />
          )}
        </>
      )}
      <div class="actions">
        <Button variant="secondary" onClick={onBack} disabled={form.busy}>
          {t('admin.wizard.back')}
        </Button>
        <Button id="wizard-save" type="submit" busy={form.busy}>
          {t(attach ? 'admin.wizard.attach' : 'admin.wizard.save')}
        </Button>
      </div>
    </Form>
  );
}
