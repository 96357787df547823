// Creates or edits a service of the catalogue (/backoffice/catalogue/new, …/:id):
// its texts, category and offers, then either its order form (a field builder) or
// its plans with their price grid; an existing service also gets its logo and can
// be retired, after a confirmation. Field errors come from the server, named as the
// body names them ("plans.0.minQuantity"), and show under the matching input.
import { useState } from 'preact/hooks';
import { api, ApiError } from '../../api';
import { t } from '../../i18n';
import type { PageProps } from '../../page';
import { href, navigate } from '../../router';
import { Button } from '../../ui/Button';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { Checkbox, Select, TextArea, TextField } from '../../ui/fields';
import { PageCard, Spinner } from '../../ui/status';
import { toast } from '../../ui/toast';
import type { FieldBinding } from '../../ui/useForm';
import { decimal, parseAmount } from '../../money';
import { useLoad } from '../applications/useCatalog';
import {
  CATEGORIES,
  CURRENCIES,
  FIELD_TYPES,
  local,
  logoSrc,
  optionsText,
  parseOptions,
  TERM_KEY,
  TERMS,
  TYPE_KEY,
  type Field,
  type FieldType,
  type Kind,
  type Plan,
  type Service,
  type Term,
} from './model';
import './catalogue.css';

interface FieldDraft {
  id: string;
  type: FieldType;
  labelFr: string;
  labelEn: string;
  helpFr: string;
  helpEn: string;
  required: boolean;
  min: string;
  max: string;
  options: string;
}

interface PlanDraft {
  id: string;
  nameFr: string;
  nameEn: string;
  unitFr: string;
  unitEn: string;
  currency: string;
  prices: Record<Term, string>;
  minQuantity: string;
  maxQuantity: string;
  cancelDays: string;
  priceVersion: number;
  params: FieldDraft[];
}

interface Draft {
  kind: Kind;
  nameFr: string;
  nameEn: string;
  summaryFr: string;
  summaryEn: string;
  category: string;
  learnMoreFr: string;
  learnMoreEn: string;
  offers: string;
  form: FieldDraft[];
  plans: PlanDraft[];
}

const newField = (n: number): FieldDraft => ({ id: `field${n}`, type: 'text', labelFr: '', labelEn: '', helpFr: '', helpEn: '', required: false, min: '', max: '', options: '' });

const newPlan = (n: number): PlanDraft => ({
  id: `plan${n}`,
  nameFr: '',
  nameEn: '',
  unitFr: '',
  unitEn: '',
  currency: 'EUR',
  prices: { monthly_monthly: '', annual_monthly: '', annual_annual: '' },
  minQuantity: '1',
  maxQuantity: '100',
  cancelDays: '7',
  priceVersion: 0,
  params: [],
});

function fieldDraft(f: Field): FieldDraft {
  return {
    id: f.id,
    type: f.type,
    labelFr: f.label.fr,
    labelEn: f.label.en,
    helpFr: f.help?.fr ?? '',
    helpEn: f.help?.en ?? '',
    required: f.required,
    min: f.min === undefined ? '' : String(f.min),
    max: f.max === undefined ? '' : String(f.max),
    options: optionsText(f.options),
  };
}

function planDraft(p: Plan): PlanDraft {
  const prices = { monthly_monthly: '', annual_monthly: '', annual_annual: '' };
  for (const pr of p.prices) prices[pr.term] = decimal(pr.amount);
  return {
    id: p.id,
    nameFr: p.name.fr,
    nameEn: p.name.en,
    unitFr: p.unit.fr,
    unitEn: p.unit.en,
    currency: p.currency,
    prices,
    minQuantity: String(p.minQuantity),
    maxQuantity: String(p.maxQuantity),
    cancelDays: String(p.cancelDays),
    priceVersion: p.priceVersion,
    params: (p.params ?? []).map(fieldDraft),
  };
}

function draftOf(s: Service | null): Draft {
  if (!s) {
    return { kind: 'direct', nameFr: '', nameEn: '', summaryFr: '', summaryEn: '', category: '', learnMoreFr: '', learnMoreEn: '', offers: '', form: [newField(1)], plans: [] };
  }
  return {
    kind: s.kind,
    nameFr: s.name.fr,
    nameEn: s.name.en,
    summaryFr: s.summary.fr,
    summaryEn: s.summary.en,
    category: s.category,
    learnMoreFr: s.learnMore.fr,
    learnMoreEn: s.learnMore.en,
    offers: (s.offers ?? []).join(', '),
    form: (s.form ?? []).map(fieldDraft),
    plans: (s.plans ?? []).map(planDraft),
  };
}

/** A whole number typed in a box, or the text itself so that the server names the
 * field (its type error); undefined when empty. */
function whole(s: string): number | string | undefined {
  const v = s.trim();
  if (v === '') return undefined;
  return /^-?\d{1,15}$/.test(v) ? Number(v) : v;
}

function fieldBody(f: FieldDraft): unknown {
  const choice = f.type === 'choice' || f.type === 'choices';
  return {
    id: f.id.trim(),
    type: f.type,
    label: { fr: f.labelFr, en: f.labelEn },
    help: { fr: f.helpFr, en: f.helpEn },
    required: f.required,
    ...(f.type === 'number' ? { min: whole(f.min), max: whole(f.max) } : {}),
    ...(choice ? { options: parseOptions(f.options) } : {}),
  };
}

/** The body the API takes, and the errors found before sending (amounts). */
function bodyOf(d: Draft): { body: Record<string, unknown>; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const plans = d.plans.map((p, i) => {
    const prices = [];
    for (const term of TERMS) {
      const text = p.prices[term].trim();
      if (text === '') continue;
      const amount = parseAmount(text);
      if (amount === null) errors[`plans.${i}.price.${term}`] = t('catalogue.ed.amount');
      prices.push({ term, amount: amount ?? 0 });
    }
    return {
      id: p.id.trim(),
      name: { fr: p.nameFr, en: p.nameEn },
      unit: { fr: p.unitFr, en: p.unitEn },
      currency: p.currency,
      prices,
      minQuantity: whole(p.minQuantity) ?? 0,
      maxQuantity: whole(p.maxQuantity) ?? 0,
      cancelDays: whole(p.cancelDays),
      params: p.params.map(fieldBody),
    };
  });
  const body = {
    kind: d.kind,
    name: { fr: d.nameFr, en: d.nameEn },
    summary: { fr: d.summaryFr, en: d.summaryEn },
    category: d.category,
    learnMore: { fr: d.learnMoreFr, en: d.learnMoreEn },
    offers: d.offers
      .split(',')
      .map((o) => o.trim())
      .filter((o) => o !== ''),
    ...(d.kind === 'direct' ? { form: d.form.map(fieldBody) } : { plans }),
  };
  return { body, errors };
}

export default function ServiceEditorPage({ params }: PageProps) {
  const id = params.id;
  const [svc, reload] = useLoad(
    (signal) => (id ? api.get<Service>(`/backoffice/catalogue/${encodeURIComponent(id)}`, { signal }) : Promise.resolve(null)),
    [id],
  );
  return (
    <PageCard title={id ? t('catalogue.editTitle') : t('catalogue.newTitle')} lead={svc.state === 'ready' && svc.value ? local(svc.value.name) : undefined} wide>
      {svc.state === 'loading' && <Spinner />}
      {svc.state === 'failed' && (
        <p class="list-error" role="alert">
          {svc.error}
        </p>
      )}
      {svc.state === 'ready' && <Editor key={svc.value?.version ?? 0} service={svc.value} onReload={reload} />}
      <p class="card-footer">
        <a href={href('/backoffice/catalogue')}>{t('catalogue.ed.back')}</a>
      </p>
    </PageCard>
  );
}

function Editor({ service, onReload }: { service: Service | null; onReload: () => void }) {
  const [d, setD] = useState<Draft>(() => draftOf(service));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [conflict, setConflict] = useState(false);
  const [busy, setBusy] = useState(false);
  const [retiring, setRetiring] = useState(false);
  const set = (change: Partial<Draft>) => setD((prev) => ({ ...prev, ...change }));
  const bind = (path: string, label: string, value: string, onValue: (v: string) => void): FieldBinding => ({
    id: 'svc-' + path.replace(/\./g, '-'),
    name: path,
    label,
    value,
    error: errors[path],
    onValue,
  });

  const save = async (e: Event) => {
    e.preventDefault();
    const { body, errors: local } = bodyOf(d);
    setErrors(local);
    setFailure(null);
    if (Object.keys(local).length > 0) return;
    setBusy(true);
    try {
      const saved = service
        ? await api.put<Service>(`/backoffice/catalogue/${encodeURIComponent(service.id)}`, { ...body, version: service.version })
        : await api.post<Service>('/backoffice/catalogue', body);
      toast(t('catalogue.ed.saved', { name: localName(saved) }), 'success');
      navigate(href('/backoffice/catalogue/:id', { id: saved.id }));
      if (service) onReload();
    } catch (err) {
      if (err instanceof ApiError) {
        setErrors(Object.fromEntries(err.fields.map((f) => [f.field, f.message])));
        setFailure(err.message);
        setConflict(err.code === 'version_conflict');
      } else {
        setFailure(String(err));
      }
    } finally {
      setBusy(false);
    }
  };

  const updateField = (list: 'form' | number, i: number, change: Partial<FieldDraft>) =>
    setD((prev) => {
      if (list === 'form') return { ...prev, form: prev.form.map((f, j) => (j === i ? { ...f, ...change } : f)) };
      return { ...prev, plans: prev.plans.map((p, k) => (k === list ? { ...p, params: p.params.map((f, j) => (j === i ? { ...f, ...change } : f)) } : p)) };
    });
  const updatePlan = (i: number, change: Partial<PlanDraft>) => setD((prev) => ({ ...prev, plans: prev.plans.map((p, j) => (j === i ? { ...p, ...change } : p)) }));

  return (
    <form class="catalogue-editor" onSubmit={save} noValidate>
      {failure && (
        <div class="form-error" role="alert">
          <p>{failure}</p>
          {conflict && (
            <Button variant="secondary" onClick={onReload}>
              {t('catalogue.ed.reload')}
            </Button>
          )}
        </div>
      )}
      {service?.retired && <p class="hint catalogue-retired-note">{t('catalogue.ed.isRetired')}</p>}
      {!service ? (
        <fieldset class="catalogue-kind">
          <legend>{t('catalogue.ed.kind')}</legend>
          {(['direct', 'marketplace'] as const).map((k) => (
            <label key={k}>
              <input
                type="radio"
                name="kind"
                id={`svc-kind-${k}`}
                value={k}
                checked={d.kind === k}
                onChange={() => set({ kind: k, form: k === 'direct' && d.form.length === 0 ? [newField(1)] : d.form, plans: k === 'marketplace' && d.plans.length === 0 ? [newPlan(1)] : d.plans })}
              />{' '}
              {t(k === 'direct' ? 'catalogue.kind.direct' : 'catalogue.kind.marketplace')}
            </label>
          ))}
          <p class="field-hint">{t('catalogue.ed.kindHint')}</p>
        </fieldset>
      ) : null}
      <div class="catalogue-pair">
        <TextField {...bind('name.fr', t('catalogue.ed.nameFr'), d.nameFr, (v) => set({ nameFr: v }))} maxLength={100} />
        <TextField {...bind('name.en', t('catalogue.ed.nameEn'), d.nameEn, (v) => set({ nameEn: v }))} maxLength={100} />
      </div>
      <div class="catalogue-pair">
        <TextArea {...bind('summary.fr', t('catalogue.ed.summaryFr'), d.summaryFr, (v) => set({ summaryFr: v }))} maxLength={300} />
        <TextArea {...bind('summary.en', t('catalogue.ed.summaryEn'), d.summaryEn, (v) => set({ summaryEn: v }))} maxLength={300} />
      </div>
      <Select
        {...bind('category', t('catalogue.category'), d.category, (v) => set({ category: v }))}
        placeholder=""
        options={CATEGORIES.map((c) => ({ value: c.id, label: local(c.name) }))}
      />
      <p class="field-hint">{t('catalogue.ed.learnMoreHint')}</p>
      <div class="catalogue-pair">
        <TextArea {...bind('learnMore.fr', t('catalogue.ed.learnMoreFr'), d.learnMoreFr, (v) => set({ learnMoreFr: v }))} required={false} rows={8} maxLength={20000} />
        <TextArea {...bind('learnMore.en', t('catalogue.ed.learnMoreEn'), d.learnMoreEn, (v) => set({ learnMoreEn: v }))} required={false} rows={8} maxLength={20000} />
      </div>
      <TextField {...bind('offers', t('catalogue.ed.offers'), d.offers, (v) => set({ offers: v }))} required={false} hint={t('catalogue.ed.offersHint')} />

      {d.kind === 'direct' && (
        <FieldsEditor
          title={t('catalogue.ed.formTitle')}
          prefix="form"
          fields={d.form}
          errors={errors}
          bind={bind}
          onChange={(i, change) => updateField('form', i, change)}
          onList={(form) => set({ form })}
        />
      )}
      {d.kind === 'marketplace' && (
        <section class="catalogue-builder">
          <h2>{t('catalogue.ed.plansTitle')}</h2>
          {errors.plans && <p class="field-error">{errors.plans}</p>}
          {d.plans.map((p, i) => (
            <fieldset key={i} class="catalogue-builder-item" id={`svc-plan-${i}`}>
              <legend>{t('catalogue.ed.plan', { n: i + 1 })}</legend>
              <div class="catalogue-pair">
                <TextField {...bind(`plans.${i}.id`, t('catalogue.ed.planId'), p.id, (v) => updatePlan(i, { id: v }))} maxLength={40} />
                <Select {...bind(`plans.${i}.currency`, t('catalogue.ed.currency'), p.currency, (v) => updatePlan(i, { currency: v }))} options={CURRENCIES.map((c) => ({ value: c, label: c }))} />
              </div>
              <div class="catalogue-pair">
                <TextField {...bind(`plans.${i}.name.fr`, t('catalogue.ed.nameFr'), p.nameFr, (v) => updatePlan(i, { nameFr: v }))} maxLength={100} />
                <TextField {...bind(`plans.${i}.name.en`, t('catalogue.ed.nameEn'), p.nameEn, (v) => updatePlan(i, { nameEn: v }))} maxLength={100} />
              </div>
              <div class="catalogue-pair">
                <TextField {...bind(`plans.${i}.unit.fr`, t('catalogue.ed.unitFr'), p.unitFr, (v) => updatePlan(i, { unitFr: v }))} maxLength={40} />
                <TextField {...bind(`plans.${i}.unit.en`, t('catalogue.ed.unitEn'), p.unitEn, (v) => updatePlan(i, { unitEn: v }))} maxLength={40} />
              </div>
              <fieldset class="catalogue-price-grid">
                <legend>{t('catalogue.ed.priceGrid')}</legend>
                {TERMS.map((term) => (
                  <TextField
                    key={term}
                    {...bind(`plans.${i}.price.${term}`, t(TERM_KEY[term]), p.prices[term], (v) => updatePlan(i, { prices: { ...p.prices, [term]: v } }))}
                    required={false}
                    inputMode="decimal"
                    maxLength={16}
                  />
                ))}
                {Object.entries(errors)
                  .filter(([k]) => k.startsWith(`plans.${i}.prices`))
                  .map(([k, m]) => (
                    <p key={k} class="field-error">
                      {m}
                    </p>
                  ))}
                {p.priceVersion > 0 && <p class="field-hint">{t('catalogue.ed.priceVersion', { version: p.priceVersion })}</p>}
              </fieldset>
              <div class="catalogue-triple">
                <TextField {...bind(`plans.${i}.minQuantity`, t('catalogue.ed.minQty'), p.minQuantity, (v) => updatePlan(i, { minQuantity: v }))} inputMode="numeric" maxLength={6} />
                <TextField {...bind(`plans.${i}.maxQuantity`, t('catalogue.ed.maxQty'), p.maxQuantity, (v) => updatePlan(i, { maxQuantity: v }))} inputMode="numeric" maxLength={6} />
                <TextField {...bind(`plans.${i}.cancelDays`, t('catalogue.ed.cancelDays'), p.cancelDays, (v) => updatePlan(i, { cancelDays: v }))} inputMode="numeric" maxLength={3} />
              </div>
              <FieldsEditor
                title={t('catalogue.ed.paramsTitle')}
                prefix={`plans.${i}.params`}
                fields={p.params}
                errors={errors}
                bind={bind}
                onChange={(j, change) => updateField(i, j, change)}
                onList={(params) => updatePlan(i, { params })}
              />
              <Button variant="secondary" onClick={() => set({ plans: d.plans.filter((_, j) => j !== i) })}>
                {t('catalogue.ed.removePlan')}
              </Button>
            </fieldset>
          ))}
          <Button id="svc-add-plan" variant="secondary" onClick={() => set({ plans: [...d.plans, newPlan(d.plans.length + 1)] })}>
            {t('catalogue.ed.addPlan')}
          </Button>
        </section>
      )}
      <p>
        <Button id="svc-save" type="submit" busy={busy}>
          {t('catalogue.ed.save')}
        </Button>
      </p>
      {service && <LogoEditor service={service} onChanged={onReload} />}
      {service && !service.retired && (
        <p>
          <Button id="svc-retire" variant="danger" onClick={() => setRetiring(true)}>
            {t('catalogue.ed.retire')}
          </Button>
        </p>
      )}
      {service && (
        <ConfirmDialog
          open={retiring}
          title={t('catalogue.ed.retireTitle', { name: localName(service) })}
          confirmLabel={t('catalogue.ed.retire')}
          onClose={() => setRetiring(false)}
          onConfirm={async () => {
            await api.post<Service>(`/backoffice/catalogue/${encodeURIComponent(service.id)}/retire`, { version: service.version });
            setRetiring(false);
            toast(t('catalogue.ed.retired', { name: localName(service) }), 'success');
            onReload();
          }}
        >
          <p>{t('catalogue.ed.retireBody')}</p>
        </ConfirmDialog>
      )}
    </form>
  );
}

function localName(s: Service): string {
  return local(s.name);
}

/** The builder of a form's fields (an order form, a plan's parameters). */
function FieldsEditor({
  title,
  prefix,
  fields,
  errors,
  bind,
  onChange,
  onList,
}: {
  title: string;
  prefix: string;
  fields: FieldDraft[];
  errors: Record<string, string>;
  bind: (path: string, label: string, value: string, onValue: (v: string) => void) => FieldBinding;
  onChange: (i: number, change: Partial<FieldDraft>) => void;
  onList: (fields: FieldDraft[]) => void;
}) {
  return (
    <section class="catalogue-builder">
      <h3>{title}</h3>
      {errors[prefix] && <p class="field-error">{errors[prefix]}</p>}
      {fields.map((f, i) => {
        const p = `${prefix}.${i}`;
        return (
          <fieldset key={i} class="catalogue-builder-item">
            <legend>{t('catalogue.ed.field', { n: i + 1 })}</legend>
            <div class="catalogue-pair">
              <TextField {...bind(`${p}.id`, t('catalogue.ed.fieldId'), f.id, (v) => onChange(i, { id: v }))} maxLength={40} />
              <Select
                {...bind(`${p}.type`, t('catalogue.ed.fieldType'), f.type, (v) => onChange(i, { type: v as FieldType }))}
                options={FIELD_TYPES.map((ty) => ({ value: ty, label: t(TYPE_KEY[ty]) }))}
              />
            </div>
            <div class="catalogue-pair">
              <TextField {...bind(`${p}.label.fr`, t('catalogue.ed.labelFr'), f.labelFr, (v) => onChange(i, { labelFr: v }))} maxLength={200} />
              <TextField {...bind(`${p}.label.en`, t('catalogue.ed.labelEn'), f.labelEn, (v) => onChange(i, { labelEn: v }))} maxLength={200} />
            </div>
            <div class="catalogue-pair">
              <TextField {...bind(`${p}.help.fr`, t('catalogue.ed.helpFr'), f.helpFr, (v) => onChange(i, { helpFr: v }))} required={false} maxLength={500} />
              <TextField {...bind(`${p}.help.en`, t('catalogue.ed.helpEn'), f.helpEn, (v) => onChange(i, { helpEn: v }))} required={false} maxLength={500} />
            </div>
            {f.type === 'number' && (
              <div class="catalogue-pair">
                <TextField {...bind(`${p}.min`, t('catalogue.ed.min'), f.min, (v) => onChange(i, { min: v }))} required={false} inputMode="numeric" maxLength={16} />
                <TextField {...bind(`${p}.max`, t('catalogue.ed.max'), f.max, (v) => onChange(i, { max: v }))} required={false} inputMode="numeric" maxLength={16} />
              </div>
            )}
            {(f.type === 'choice' || f.type === 'choices') && (
              <TextArea {...bind(`${p}.options`, t('catalogue.ed.options'), f.options, (v) => onChange(i, { options: v }))} rows={4} />
            )}
            <Checkbox id={`svc-${p.replace(/\./g, '-')}-required`} name={`${p}.required`} label={t('catalogue.ed.requiredField')} checked={f.required} onValue={(v) => onChange(i, { required: v })} />
            <div class="catalogue-builder-actions">
              {i > 0 && (
                <Button variant="secondary" onClick={() => onList(fields.map((x, j) => (j === i - 1 ? fields[i] : j === i ? fields[i - 1] : x)))}>
                  {t('catalogue.ed.up')}
                </Button>
              )}
              <Button variant="secondary" onClick={() => onList(fields.filter((_, j) => j !== i))}>
                {t('catalogue.ed.remove')}
              </Button>
            </div>
          </fieldset>
        );
      })}
      <Button variant="secondary" class="catalogue-add-field" onClick={() => onList([...fields, newField(fields.length + 1)])}>
        {t('catalogue.ed.addField')}
      </Button>
    </section>
  );
}

/** The service's logo: sent as base64, its type judged by the server from its bytes. */
function LogoEditor({ service, onChanged }: { service: Service; onChanged: () => void }) {
  const [error, setError] = useState<string | null>(null);
  const upload = async (file: File) => {
    setError(null);
    const data = await new Promise<string>((resolve, reject) => {
      const r = new FileReader();
      r.onload = () => resolve(String(r.result).replace(/^data:[^,]*,/, ''));
      r.onerror = () => reject(r.error);
      r.readAsDataURL(file);
    });
    try {
      await api.put<Service>(`/backoffice/catalogue/${encodeURIComponent(service.id)}/logo`, { data, version: service.version });
      toast(t('catalogue.ed.logoSaved'), 'success');
      onChanged();
    } catch (err) {
      setError(err instanceof ApiError ? (err.fields[0]?.message ?? err.message) : String(err));
    }
  };
  return (
    <div class={error ? 'field field-invalid catalogue-logo' : 'field catalogue-logo'}>
      <label for="svc-logo">{t('catalogue.ed.logo')}</label>
      {service.logo && <img src={logoSrc(service.logo)} alt="" width={64} height={64} />}
      <input id="svc-logo" type="file" accept="image/png,image/jpeg,image/webp" onChange={(e) => e.currentTarget.files?.[0] && upload(e.currentTarget.files[0])} />
      {error && <p class="field-error">{error}</p>}
      {service.logo && (
        <Button
          variant="secondary"
          onClick={async () => {
            await api.delete<Service>(`/backoffice/catalogue/${encodeURIComponent(service.id)}/logo`);
            onChanged();
          }}
        >
          {t('catalogue.ed.logoRemove')}
        </Button>
      )}
    </div>
  );
}
