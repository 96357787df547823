import { useState } from 'preact/hooks';
import { api, ApiError } from '../../api';
import { t } from '../../i18n';
import { Button } from '../../ui/Button';
import { toast } from '../../ui/toast';
import { fullName, type Contract, type MatrixLine } from './model';
import { UserPicker } from './UserPicker';

/** Names another referent of a contract (an active user of the organisation); the
 * former one may then be disabled or deleted. */
export function ReferentForm({
  contract,
  referent,
  onChanged,
}: {
  contract: Contract;
  /** The current referent, when the matrix has read their line. */
  referent?: MatrixLine['user'];
  onChanged: (c: Contract) => void;
}) {
  const [userId, setUserId] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const path = `/org/contracts/${encodeURIComponent(contract.id)}`;

  const submit = async (e: Event) => {
    e.preventDefault();
    if (!userId) {
      setError(t('admin.referent.required'));
      document.getElementById('referent-user')?.focus();
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      const c = await api.put<Contract>(`${path}/referent`, { userId, version: contract.version });
      toast(t('admin.referent.changed'), 'success');
      setUserId('');
      onChanged(c);
    } catch (err) {
      if (err instanceof ApiError && err.code === 'version_conflict') {
        // Someone changed the contract meanwhile: show it as it is now.
        setError(err.message);
        onChanged((await api.get<{ contract: Contract }>(path)).contract);
      } else {
        setError(err instanceof ApiError ? (err.fields[0]?.message ?? err.message) : t('app.api.unexpected'));
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="referent-title">
      <h2 id="referent-title" class="section-title">
        {t('admin.referent.title')}
      </h2>
      <p id="referent-current">{t('admin.referent.current', { name: referent ? fullName(referent) : contract.referentId })}</p>
      <form class="form" noValidate onSubmit={(e) => void submit(e)} aria-labelledby="referent-title">
        <UserPicker
          id="referent-user"
          label={t('admin.referent.new')}
          endpoint="/org/users"
          value={userId}
          onChange={(v) => {
            setUserId(v);
            setError(undefined);
          }}
          accept={(u) => u.id !== contract.referentId && u.status !== 'disabled' && u.status !== 'pending_approval'}
          hint={t('admin.referent.hint')}
          error={error}
        />
        <div class="actions">
          <Button type="submit" variant="secondary" busy={busy}>
            {t('admin.referent.submit')}
          </Button>
        </div>
      </form>
    </section>
  );
}
