// Confirmations that ask for something typed: the reason of a "log in as" and the
// login of a user to delete. The dialog's action reads what was typed; a missing
// or refused value shows in the dialog, which stays open.
import { useState } from 'preact/hooks';
import { ApiError } from '../../api';
import { actAs } from '../../app/impersonation';
import { t } from '../../i18n';
import type { User } from '../../session';
import type { Confirmation } from '../register/useConfirm';
import { fullName } from './model';

/** The reason's bounds (docs/api.md, "Log in as user"). */
const MIN_REASON = 10;
const MAX_REASON = 500;

/** Numbers each confirmation, so that its fields start empty even where the
 * dialog showed another one before (the key makes them new elements). */
let serial = 0;

/** A field inside a dialog; its value goes to box.value as it is typed. An email
 * field starts with box's value and may be left empty. */
function TypedField({ id, label, hint, box, rows, email }: { id: string; label: string; hint: string; box: { value: string }; rows?: number; email?: boolean }) {
  const [value, setValue] = useState(box.value);
  const onInput = (e: Event) => {
    const v = (e.currentTarget as HTMLInputElement | HTMLTextAreaElement).value;
    setValue(v);
    box.value = v;
  };
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <p id={`${id}-hint`} class="field-hint">
        {hint}
      </p>
      {rows ? (
        <textarea id={id} rows={rows} maxLength={MAX_REASON} required value={value} onInput={onInput} aria-describedby={`${id}-hint`} />
      ) : email ? (
        <input id={id} type="email" autocomplete="off" spellcheck={false} value={value} onInput={onInput} aria-describedby={`${id}-hint`} />
      ) : (
        <input id={id} type="text" required autocomplete="off" spellcheck={false} value={value} onInput={onInput} aria-describedby={`${id}-hint`} />
      )}
    </div>
  );
}

/** An answer's field errors as one message, for a dialog (which has one place for
 * errors). */
function withFieldMessages(err: unknown): unknown {
  if (!(err instanceof ApiError) || err.fields.length === 0) return err;
  return new ApiError(err.status, err.code, err.fields.map((f) => f.message).join(' '), err.fields, err.requestId);
}

/** The person to log in as: their id, their name, their organisation (operators). */
export interface Target {
  id: string;
  firstName: string;
  lastName: string;
  email: string;
  orgId?: string;
}

/** "Log in as": the reason (required), what it means (30 minutes, the person is
 * told, everything is recorded in both names), then the portal as them. */
export function impersonation(me: User, target: Target): Confirmation {
  const box = { value: '' };
  const name = fullName(target);
  return {
    title: t('admin.acting.title', { name }),
    body: (
      <div key={++serial}>
        <p>{t('admin.acting.explain')}</p>
        <TypedField id="acting-reason" label={t('admin.acting.reason')} hint={t('admin.acting.reasonHint')} box={box} rows={3} />
      </div>
    ),
    confirmLabel: t('admin.acting.confirm'),
    danger: false,
    run: async () => {
      const reason = box.value.trim();
      if ([...reason].length < MIN_REASON) throw new ApiError(400, 'too_short', t('admin.acting.reasonShort'));
      try {
        await actAs(me, { userId: target.id, reason, orgId: target.orgId });
      } catch (err) {
        throw withFieldMessages(err);
      }
    },
  };
}

/** Deleting a user: the administrator types the user's login to confirm. */
export function deletion(login: string, name: string, remove: (confirm: string) => Promise<void>): Confirmation {
  const box = { value: '' };
  return {
    title: t('admin.user.deleteTitle', { name }),
    body: (
      <div key={++serial}>
        <p>{t('admin.user.deleteBody')}</p>
        <TypedField id="delete-confirm" label={t('admin.user.deleteLabel', { login })} hint={t('admin.user.deleteHint')} box={box} />
      </div>
    ),
    confirmLabel: t('admin.user.delete'),
    run: async () => {
      if (box.value.trim() !== login) throw new ApiError(400, 'confirmation_mismatch', t('admin.user.deleteMismatch', { login }));
      try {
        await remove(box.value.trim());
      } catch (err) {
        throw withFieldMessages(err);
      }
    },
  };
}

/** An address an administrator gives a user (sign-in or notices): what the change
 * does, the address typed (starting from the current one), then the change; a
 * refused address shows in the dialog, which stays open. */
export function addressChange(
  kind: 'email' | 'notification',
  name: string,
  current: string,
  save: (email: string) => Promise<void>,
): Confirmation {
  const box = { value: current };
  const id = kind === 'email' ? 'user-email-new' : 'user-notification-new';
  return {
    title: t(kind === 'email' ? 'admin.user.emailTitle' : 'admin.user.notificationTitle', { name }),
    body: (
      <div key={++serial}>
        <p>{t(kind === 'email' ? 'admin.user.emailBody' : 'admin.user.notificationBody')}</p>
        <TypedField
          id={id}
          label={t(kind === 'email' ? 'admin.user.emailLabel' : 'admin.user.notificationLabel')}
          hint={t(kind === 'email' ? 'admin.user.emailHint' : 'admin.user.notificationHint')}
          box={box}
          email
        />
      </div>
    ),
    confirmLabel: t(kind === 'email' ? 'admin.user.emailConfirm' : 'admin.user.notificationConfirm'),
    danger: false,
    run: async () => {
      try {
        await save(box.value.trim());
      } catch (err) {
        throw withFieldMessages(err);
      }
    },
  };
}
