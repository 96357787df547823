import { api } from '../../api';
import { getLanguage, t } from '../../i18n';
import { Button } from '../../ui/Button';
import { Select, TextField } from '../../ui/fields';
import { Form } from '../../ui/Form';
import { toast } from '../../ui/toast';
import { useForm } from '../../ui/useForm';
import type { Contract } from '../admin/model';
import { formatMoney } from '../../money';
import type { Budget } from '../home/model';

type Values = { contractId: string; month: string; amount: string };

/** Operators' figure of what a customer's contract consumed in a month (the budget
 * gauge's and its alerts' source until the billing run writes it). */
export function ConsumptionForm({ base, contracts, month }: { base: string; contracts: readonly Contract[]; month: string }) {
  const form = useForm<Values>({
    fields: { contractId: 'backoffice.org.consumptionContract', month: 'backoffice.org.consumptionMonth', amount: 'backoffice.org.consumptionAmount' },
    initial: { contractId: '', month, amount: '' },
    idPrefix: 'consumption-',
    validate: (v) => ({
      ...(v.contractId === '' && { contractId: 'ui.field.required' as const }),
      ...(v.amount.trim() === '' && { amount: 'ui.field.required' as const }),
    }),
    submit: async (v) => {
      const b = await api.put<Budget>(`${base}/contracts/${encodeURIComponent(v.contractId)}/consumption`, { month: v.month, amount: v.amount.trim() });
      form.set('amount', '');
      const name = contracts.find((c) => c.id === v.contractId)?.name ?? '';
      toast(t('backoffice.org.consumptionSaved', { name, amount: formatMoney(b.consumed, getLanguage()), month: b.month }), 'success');
    },
  });
  return (
    <>
      <h2 id="consumption-title" class="section-title">
        {t('backoffice.org.consumptionTitle')}
      </h2>
      <p class="field-hint">{t('backoffice.org.consumptionLead')}</p>
      <Form form={form} label={t('backoffice.org.consumptionTitle')}>
        <Select
          {...form.field('contractId')}
          placeholder={t('backoffice.org.consumptionChoose')}
          options={contracts.map((c) => ({ value: c.id, label: `${c.name} (${c.reference}, ${c.currency ?? 'EUR'})` }))}
        />
        <TextField {...form.field('month')} type="month" autocomplete="off" />
        <TextField {...form.field('amount')} inputMode="decimal" autocomplete="off" hint={t('backoffice.org.consumptionHint')} />
        <Button id="consumption-save" type="submit" busy={form.busy}>
          {t('backoffice.org.consumptionSave')}
        </Button>
      </Form>
    </>
  );
}
