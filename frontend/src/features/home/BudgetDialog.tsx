import { useEffect, useState } from 'preact/hooks';
import { api, ApiError } from '../../api';
import { getLanguage, t } from '../../i18n';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { decimal, formatMoney } from '../../money';
import type { Budget } from './model';

/** "Modifier": sets a contract's monthly budget in its currency. The amount is
 * typed as people write it ("1 250,50"); the server checks it and answers its
 * field error in the reader's language, shown under the field. */
export function BudgetDialog({
  contract,
  budget,
  onClose,
  onSaved,
}: {
  contract: { id: string; name: string; currency: string } | null;
  budget: Budget | null;
  onClose: () => void;
  onSaved: (b: Budget) => void;
}) {
  const [amount, setAmount] = useState('');
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    setAmount(budget && budget.budget.minor > 0 ? decimal(budget.budget.minor) : '');
    setError(null);
  }, [contract?.id]);
  const save = async () => {
    if (!contract) return;
    setError(null);
    try {
      const b = await api.put<Budget>(`/contracts/${encodeURIComponent(contract.id)}/budget`, { amount: amount.trim() });
      onSaved(b);
    } catch (err) {
      const field = err instanceof ApiError ? err.fields.find((f) => f.field === 'amount') : undefined;
      if (field) {
        setError(field.message);
        throw new ApiError((err as ApiError).status, 'invalid_fields', field.message);
      }
      throw err;
    }
  };
  return (
    <ConfirmDialog
      open={contract !== null}
      title={t('home.budget.dialogTitle', { name: contract?.name ?? '' })}
      confirmLabel={t('home.budget.save')}
      danger={false}
      onConfirm={save}
      onClose={onClose}
    >
      <div class={error ? 'field field-invalid' : 'field'}>
        <label for="budget-amount">{t('home.budget.amountLabel', { currency: contract?.currency ?? '' })}</label>
        <input
          id="budget-amount"
          inputMode="decimal"
          autocomplete="off"
          value={amount}
          onInput={(e) => setAmount(e.currentTarget.value)}
          aria-invalid={error ? 'true' : undefined}
          aria-describedby="budget-amount-hint"
        />
        <p id="budget-amount-hint" class="field-hint">
          {t('home.budget.amountHint', { example: formatMoney({ minor: 125050, currency: contract?.currency ?? 'EUR' }, getLanguage()) })}
        </p>
      </div>
    </ConfirmDialog>
  );
}
