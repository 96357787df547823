// Registering a passkey under a name the person chooses. Used in "Security" and on
// the page where a company's policy sends the person.
import { ApiError, setCsrfToken } from '../../api';
import { t } from '../../i18n';
import { Button } from '../../ui/Button';
import { TextField } from '../../ui/fields';
import { Form } from '../../ui/Form';
import { useForm } from '../../ui/useForm';
import { PASSKEYS_OFF_NOTE, usePasskeysOff } from '../signin/passkeySupport';
import { PasskeyCancelled, registerPasskey, type Passkey } from '../signin/webauthn';
import './accountMessages';

export function PasskeyAdd({ onAdded }: { onAdded: (p: Passkey) => void | Promise<void> }) {
  const form = useForm<{ name: string }>({
    idPrefix: 'passkey-',
    fields: { name: 'account.passkeys.name' },
    initial: { name: '' },
    validate: (v) => (v.name.trim() === '' ? { name: 'ui.field.required' } : {}),
    submit: async (v) => {
      try {
        const { csrf, ...key } = await registerPasskey(v.name.trim());
        setCsrfToken(csrf);
        await onAdded(key);
      } catch (err) {
        // The browser's refusal is shown like the server's.
        throw err instanceof PasskeyCancelled ? new ApiError(0, 'passkey_cancelled', err.message) : err;
      }
    },
  });
  const off = usePasskeysOff();
  if (off) return <p class="field-hint">{t(PASSKEYS_OFF_NOTE[off])}</p>;
  return (
    <Form form={form} class="form inline-form" label={t('account.passkeys.add')}>
      <TextField {...form.field('name')} maxLength={60} autocomplete="off" hint={t('account.passkeys.nameHint')} />
      <Button type="submit" id="passkey-add" variant="secondary" busy={form.busy}>
        {t('account.passkeys.add')}
      </Button>
    </Form>
  );
}
