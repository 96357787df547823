// A confirmation that needs the password again (and, to turn the app off, a code):
// the kit's ConfirmDialog with the fields inside, their errors shown under them.
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { ApiError, mapFieldErrors } from '../../api';
import { t } from '../../i18n';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { PasswordField, TextField } from '../../ui/fields';
import './accountMessages';

export type SecretValues = { password: string; code: string };
type Errors = Partial<Record<keyof SecretValues, string>>;

/** What a guarded action asks and runs. */
export interface PasswordQuestion {
  title: string;
  body?: ComponentChildren;
  confirmLabel: string;
  /** Also ask for a code of the app or a recovery code. */
  withCode?: boolean;
  run: (v: SecretValues) => Promise<void>;
}

/** One dialog for a page's guarded actions (the kit's dialog has a fixed heading
 * id, so a page renders one): render `dialog` once, call ask() from each button. */
export function usePasswordConfirm(): { dialog: ComponentChildren; ask: (q: PasswordQuestion) => void } {
  const [question, setQuestion] = useState<PasswordQuestion | null>(null);
  const [open, setOpen] = useState(false);
  const [values, setValues] = useState<SecretValues>({ password: '', code: '' });
  const [errors, setErrors] = useState<Errors>({});
  const withCode = !!question?.withCode;

  const confirm = async () => {
    if (!question) return;
    const missing: Errors = {};
    if (values.password === '') missing.password = t('ui.field.required');
    if (withCode && values.code.trim() === '') missing.code = t('ui.field.required');
    setErrors(missing);
    // The dialog shows what it is thrown; the fields say which is wrong.
    if (Object.keys(missing).length) throw new ApiError(400, 'invalid_fields', t('ui.errorSummary.title'));
    try {
      await question.run(values);
    } catch (err) {
      if (err instanceof ApiError) setErrors(mapFieldErrors(err, ['password', 'code'] as const).inline);
      throw err;
    }
  };

  const bind = (name: keyof SecretValues, label: string) => ({
    id: `dialog-${name}`,
    name,
    label,
    value: values[name],
    error: errors[name],
    onValue: (v: string) => setValues((s) => ({ ...s, [name]: v })),
  });

  const dialog = (
    <ConfirmDialog open={open} title={question?.title ?? ''} confirmLabel={question?.confirmLabel ?? ''} onConfirm={confirm} onClose={() => setOpen(false)}>
      {question?.body}
      <div class="form">
        <PasswordField {...bind('password', t('account.password.current'))} autocomplete="current-password" />
        {withCode && <TextField {...bind('code', t('account.totp.codeOrRecovery'))} autocomplete="one-time-code" maxLength={32} spellcheck={false} />}
      </div>
    </ConfirmDialog>
  );
  return {
    dialog,
    ask: (q) => {
      setQuestion(q);
      setValues({ password: '', code: '' });
      setErrors({});
      setOpen(true);
    },
  };
}
