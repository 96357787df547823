import { api, ApiError, type ListPage } from '../../api';
import { getLanguage, t } from '../../i18n';
import type { PageProps } from '../../page';
import { href } from '../../router';
import { Button } from '../../ui/Button';
import { Select, TextField } from '../../ui/fields';
import { Form } from '../../ui/Form';
import { DataTable, usePagedList, type Column } from '../../ui/list';
import { EmptyState, PageCard } from '../../ui/status';
import { toast } from '../../ui/toast';
import { useForm, type FieldBinding } from '../../ui/useForm';
import { isBlank } from '../../validation';
import { allPages, formatDay, fullName, type Contract, type OrgUser } from '../admin/model';
import { UserPicker } from '../admin/UserPicker';
import { onField } from '../register/fieldError';
import '../documents/documentsMessages';
import { useLoaded } from '../register/load';
import { ConsumptionForm } from './ConsumptionForm';
import { OrgNav, useOrganisation } from './OrgNav';

type NewContract = { name: string; reference: string; offer: string; start: string; end: string; currency: string; referentId: string };

const EMPTY: NewContract = { name: '', reference: '', offer: '', start: '', end: '', currency: 'EUR', referentId: '' };

/** The currencies a contract may be held in (portal.Currencies). */
const CURRENCIES = ['EUR', 'USD', 'GBP', 'CHF'] as const;

/** A customer's contracts, for operators: the list and a new contract (its
 * referent chosen among the organisation's users). */
export default function OrgContractsPage({ params }: PageProps) {
  const orgId = params.orgId;
  const base = `/backoffice/organisations/${encodeURIComponent(orgId)}`;
  const org = useOrganisation(orgId);
  const list = usePagedList<Contract>((cursor, signal) => api.get<ListPage<Contract>>(`${base}/contracts`, { query: { cursor }, signal }), [base]);
  // The referents' names: the organisation's users (a few pages at most).
  const users = useLoaded(
    (signal) => allPages((cursor) => api.get<ListPage<OrgUser>>(`${base}/users`, { query: { limit: 100, cursor }, signal })),
    [base],
  );
  const names = new Map((users.data ?? []).map((u) => [u.id, fullName(u)]));

  const form = useForm<NewContract>({
    fields: {
      name: 'backoffice.org.name',
      reference: 'backoffice.org.reference',
      offer: 'backoffice.org.offer',
      start: 'backoffice.org.start',
      end: 'backoffice.org.end',
      currency: 'backoffice.org.currency',
      referentId: 'backoffice.org.referent',
    },
    initial: EMPTY,
    idPrefix: 'contract-',
    validate: (v) => ({
      ...(isBlank(v.name) && { name: 'ui.field.required' as const }),
      ...(isBlank(v.reference) && { reference: 'ui.field.required' as const }),
      ...(v.start === '' && { start: 'ui.field.required' as const }),
      ...(v.end !== '' && v.start !== '' && v.end < v.start && { end: 'backoffice.org.endBeforeStart' as const }),
      ...(v.referentId === '' && { referentId: 'ui.field.required' as const }),
    }),
    submit: async (v) => {
      let c: Contract;
      try {
        c = await api.post<Contract>(`${base}/contracts`, {
          name: v.name.trim(),
          reference: v.reference.trim(),
          offer: v.offer.trim(),
          start: v.start,
          end: v.end,
          currency: v.currency,
          referentId: v.referentId,
        });
      } catch (err) {
        throw err instanceof ApiError && err.code === 'reference_taken' ? onField(err, 'reference') : err;
      }
      for (const k of Object.keys(EMPTY) as (keyof NewContract)[]) form.set(k, EMPTY[k]);
      toast(t('backoffice.org.created', { name: c.name }), 'success');
      list.reload();
    },
  });

  const lang = getLanguage();
  const columns: Column<Contract>[] = [
    { key: 'name', header: t('backoffice.org.name'), cell: (c) => c.name },
    { key: 'reference', header: t('backoffice.org.reference'), cell: (c) => c.reference },
    { key: 'offer', header: t('backoffice.org.offer'), cell: (c) => c.offer ?? '' },
    { key: 'start', header: t('backoffice.org.start'), cell: (c) => formatDay(c.start, lang) },
    { key: 'end', header: t('backoffice.org.end'), cell: (c) => (c.end ? formatDay(c.end, lang) : t('admin.contracts.openEnded')) },
    { key: 'currency', header: t('backoffice.org.currency'), cell: (c) => c.currency ?? 'EUR' },
    { key: 'referent', header: t('backoffice.org.referent'), cell: (c) => names.get(c.referentId) ?? c.referentId },
    {
      key: 'weather',
      header: t('weather.admin.link'),
      cell: (c) => (
        <a href={href('/backoffice/organisations/:orgId/contracts/:id/weather', { orgId, id: c.id })} aria-label={t('weather.admin.linkOf', { name: c.name })}>
          {t('weather.admin.link')}
        </a>
      ),
    },
    {
      key: 'documents',
      header: t('documents.bo.link'),
      cell: (c) => (
        <a href={href('/backoffice/organisations/:orgId/contracts/:id/documents', { orgId, id: c.id })} aria-label={`${t('documents.bo.link')} — ${c.name}`}>
          {t('documents.bo.link')}
        </a>
      ),
    },
  ];
  const referent = form.field('referentId');

  return (
    <PageCard title={org.data ? t('backoffice.orgs.contractsOf', { name: org.data.name }) : t('backoffice.org.contractsTitle')} lead={t('backoffice.org.lead', { orgId })} wide>
      <OrgNav orgId={orgId} name={org.data?.name} />
      <DataTable
        caption={t('backoffice.org.contractsTitle')}
        columns={columns}
        rowKey={(c) => c.id}
        list={list}
        empty={<EmptyState title={t('backoffice.org.noContracts')} />}
      />
      <h2 id="contract-new-title" class="section-title">
        {t('backoffice.org.new')}
      </h2>
      <Form form={form} label={t('backoffice.org.new')}>
        <TextField {...form.field('name')} maxLength={200} autocomplete="off" />
        <TextField {...form.field('reference')} maxLength={64} autocomplete="off" hint={t('backoffice.org.referenceHint')} />
        <TextField {...form.field('offer')} required={false} maxLength={200} autocomplete="off" />
        <DateField binding={form.field('start')} />
        <DateField binding={form.field('end')} optional />
        <Select {...form.field('currency')} options={CURRENCIES.map((c) => ({ value: c, label: c }))} hint={t('backoffice.org.currencyHint')} />
        <UserPicker
          id={referent.id}
          label={referent.label}
          endpoint={`${base}/users`}
          value={referent.value}
          onChange={referent.onValue}
          accept={(u) => u.status !== 'disabled' && u.status !== 'pending_approval'}
          hint={t('backoffice.org.referentHint')}
          error={referent.error}
        />
        <Button id="contract-create" type="submit" busy={form.busy}>
          {t('backoffice.org.create')}
        </Button>
      </Form>
      {list.items.length > 0 && <ConsumptionForm base={base} contracts={list.items} month={new Date().toISOString().slice(0, 7)} />}
    </PageCard>
  );
}

/** A calendar date (the browser's date picker, "YYYY-MM-DD"). */
function DateField({ binding: b, optional = false }: { binding: FieldBinding; optional?: boolean }) {
  return (
    <div class={b.error ? 'field field-invalid' : 'field'}>
      <label for={b.id}>
        {b.label}
        {optional && <span class="field-optional"> {t('ui.field.optional')}</span>}
      </label>
      <input
        id={b.id}
        name={b.name}
        type="date"
        required={!optional}
        value={b.value}
        onInput={(e) => b.onValue(e.currentTarget.value)}
        aria-invalid={b.error ? 'true' : undefined}
        aria-describedby={b.error ? `${b.id}-error` : undefined}
      />
      {b.error && (
        <p id={`${b.id}-error`} class="field-error">
          {b.error}
        </p>
      )}
    </div>
  );
}
