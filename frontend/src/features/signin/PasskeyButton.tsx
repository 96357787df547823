// "Use a passkey" under a sign-in form, after an "or": runs the ceremony it is
// given and shows why it failed (the browser's refusal or the server's answer).
import { useState } from 'preact/hooks';
import { ApiError } from '../../api';
import { t } from '../../i18n';
import { Button } from '../../ui/Button';

/** `alone` leaves the "or" out, when there is no other way above. */
export function PasskeyButton({ id, run, alone = false }: { id: string; run: () => Promise<void>; alone?: boolean }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const click = async () => {
    setBusy(true);
    setError(null);
    try {
      await run();
    } catch (err) {
      // webauthn.ts is loaded on demand: its PasskeyCancelled is known by name.
      const known = err instanceof ApiError || (err instanceof Error && err.name === 'PasskeyCancelled');
      setError(known ? (err as Error).message : t('app.api.unexpected'));
      setBusy(false);
    }
  };
  return (
    <>
      {!alone && <p class="separator">{t('signin.passkey.or')}</p>}
      <Button variant="secondary" id={id} busy={busy} class="button-block" onClick={() => void click()}>
        {t('signin.passkey.use')}
      </Button>
      {error && (
        <p class="field-error" role="alert">
          {error}
        </p>
      )}
    </>
  );
}
