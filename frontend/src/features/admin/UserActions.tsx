import { useState } from 'preact/hooks';
import { api, ApiError } from '../../api';
import { t } from '../../i18n';
import { href, navigate } from '../../router';
import { useSession } from '../../session';
import { Button } from '../../ui/Button';
import { toast } from '../../ui/toast';
import { useConfirm } from '../register/useConfirm';
import { addressChange, deletion, impersonation } from './confirmations';
import { fullName, ROLE_KEY, ROLES, type OrgRole, type OrgUser } from './model';

/** What administrators may do to a user, offered according to the user's status:
 * resend the activation, reset the password, change the sign-in or notification
 * address, unlock, enable or disable, change the role, log in as them, delete them.
 * Each answer is the user as they are now. */
export function UserActions({ user: u, onChanged, onStale }: { user: OrgUser; onChanged: (u: OrgUser) => void; onStale: () => void }) {
  const session = useSession();
  const { dialog, ask } = useConfirm();
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [role, setRole] = useState<OrgRole>(u.role);
  const me = session.status === 'signed-in' ? session.user : null;
  const self = me?.id === u.id;
  const name = fullName(u);
  const path = `/org/users/${encodeURIComponent(u.id)}`;

  const post = (action: string) => api.post<OrgUser>(`${path}/${action}`);
  /** Runs an action that needs no confirmation, with its outcome beside the buttons. */
  const run = async (id: string, call: () => Promise<OrgUser>, done: string) => {
    setBusy(id);
    setError(null);
    try {
      onChanged(await call());
      toast(done, 'success');
    } catch (err) {
      setError(err instanceof ApiError ? err.message : t('app.api.unexpected'));
      if (err instanceof ApiError && err.status === 404) onStale();
    } finally {
      setBusy(null);
    }
  };
  /** An action behind a confirmation: its error shows in the dialog. */
  const confirmed = (title: string, body: string, confirmLabel: string, call: () => Promise<OrgUser>, done: string, danger = true) =>
    ask({
      title,
      body: <p>{body}</p>,
      confirmLabel,
      danger,
      run: async () => {
        onChanged(await call());
        toast(done, 'success');
      },
    });

  const disabled = u.status === 'disabled';
  return (
    <section aria-labelledby="user-actions-title">
      <h2 id="user-actions-title" class="section-title">
        {t('admin.user.actions')}
      </h2>
      <div class="actions">
        {u.status === 'not_activated' && (
          <Button
            id="user-resend"
            variant="secondary"
            busy={busy === 'resend'}
            onClick={() => void run('resend', () => post('activation'), t('admin.user.resent', { email: u.email }))}
          >
            {t('admin.user.resend')}
          </Button>
        )}
        {u.status === 'ready' && (
          <Button
            id="user-reset"
            variant="secondary"
            onClick={() =>
              confirmed(
                t('admin.user.resetTitle', { name }),
                t('admin.user.resetBody', { email: u.email }),
                t('admin.user.resetConfirm'),
                () => post('password-reset'),
                t('admin.user.resetSent', { email: u.email }),
                false,
              )
            }
          >
            {t('admin.user.reset')}
          </Button>
        )}
        {!self && (
          <Button
            id="user-email"
            variant="secondary"
            onClick={() =>
              ask(
                addressChange('email', name, '', async (email) => {
                  const next = await api.post<OrgUser>(`${path}/email`, { email });
                  onChanged(next);
                  toast(t('admin.user.emailChanged', { email: next.email }), 'success');
                }),
              )
            }
          >
            {t('admin.user.emailChange')}
          </Button>
        )}
        {!self && (
          <Button
            id="user-notification"
            variant="secondary"
            onClick={() =>
              ask(
                addressChange('notification', name, u.notificationEmail ?? '', async (email) => {
                  onChanged(await api.put<OrgUser>(`${path}/notification-email`, { email }));
                  toast(email ? t('admin.user.notificationSet', { email }) : t('admin.user.notificationRemoved'), 'success');
                }),
              )
            }
          >
            {t('admin.user.notificationChange')}
          </Button>
        )}
        {u.status === 'locked' && (
          <Button id="user-unlock" variant="secondary" busy={busy === 'unlock'} onClick={() => void run('unlock', () => post('unlock'), t('admin.user.unlocked'))}>
            {t('admin.user.unlock')}
          </Button>
        )}
        {disabled && (
          <Button id="user-enable" variant="secondary" busy={busy === 'enable'} onClick={() => void run('enable', () => post('enable'), t('admin.user.enabled'))}>
            {t('admin.user.enable')}
          </Button>
        )}
        {!disabled && !self && u.status !== 'pending_approval' && (
          <Button
            id="user-disable"
            variant="secondary"
            onClick={() =>
              confirmed(
                t('admin.user.disableTitle', { name }),
                t('admin.user.disableBody'),
                t('admin.user.disable'),
                () => post('disable'),
                t('admin.user.disabled'),
              )
            }
          >
            {t('admin.user.disable')}
          </Button>
        )}
        {!disabled && !self && me && (
          <Button id="user-act-as" variant="secondary" onClick={() => ask(impersonation(me, u))}>
            {t('admin.acting.start')}
          </Button>
        )}
        {!self && (
          <Button
            id="user-delete"
            variant="danger"
            onClick={() =>
              ask(
                deletion(u.login, name, async (confirm) => {
                  await api.delete(path, { body: { confirm } });
                  toast(t('admin.user.deleted', { name }), 'success');
                  navigate(href('/admin/users'), { replace: true });
                }),
              )
            }
          >
            {t('admin.user.delete')}
          </Button>
        )}
      </div>
      {error && (
        <p class="form-error" role="alert">
          {error}
        </p>
      )}
      {!self && (
        <form
          class="inline-form role-form"
          onSubmit={(e) => {
            e.preventDefault();
            if (role === u.role) return;
            confirmed(
              t('admin.user.roleTitle', { name, role: t(ROLE_KEY[role]) }),
              t('admin.user.roleBody'),
              t('admin.user.roleConfirm'),
              () => api.put<OrgUser>(`${path}/role`, { role }),
              t('admin.user.roleChanged', { role: t(ROLE_KEY[role]) }),
              false,
            );
          }}
        >
          <div class="field">
            <label for="user-role">{t('admin.users.role')}</label>
            <select id="user-role" value={role} onChange={(e) => setRole(e.currentTarget.value as OrgRole)}>
              {ROLES.map((r) => (
                <option key={r} value={r}>
                  {t(ROLE_KEY[r])}
                </option>
              ))}
            </select>
          </div>
          <Button type="submit" variant="secondary" disabled={role === u.role}>
            {t('admin.user.roleChange')}
          </Button>
        </form>
      )}
      {dialog}
    </section>
  );
}
