// "My account": the person's profile. An edit carries the version it was made from;
// when the profile changed elsewhere meanwhile (409) the page says so and offers to
// reload rather than overwrite. The preferred language is the portal's language too.
import { useState } from 'preact/hooks';
import { ApiError, api } from '../../api';
import { getLanguage, isLang, setLanguage, t, type Key } from '../../i18n';
import { loadSession } from '../../session';
import { Button } from '../../ui/Button';
import { TextField } from '../../ui/fields';
import { Form } from '../../ui/Form';
import { Spinner } from '../../ui/status';
import { toast } from '../../ui/toast';
import { useForm } from '../../ui/useForm';
import { checkEmail } from '../../validation';
import { checkDetails, DETAIL_LABELS, DetailsFields } from '../admin/DetailsFields';
// The details' fields come with the administrators' pages, and so do their
// messages and styles.
import '../admin/admin.css';
import '../admin/companyMessages';
import { useLoaded } from '../register/load';
import { LoadError } from '../register/LoadError';
import { AccountLayout } from './AccountLayout';
import type { Me } from './me';
import { checkMfaCode } from '../signin/validate';
import { confirmNotificationEmail, profileValues, saveProfile, type ProfileValues } from './profile';

export default function ProfilePage() {
  const me = useLoaded((signal) => api.get<Me>('/me', { signal }), []);
  return (
    <AccountLayout title={t('account.title')}>
      <h2 class="section-title">{t('account.profile.title')}</h2>
      {me.error ? (
        <LoadError error={me.error} retry={me.reload} />
      ) : !me.data ? (
        <Spinner />
      ) : (
        // A new version (saved, or reloaded after a conflict) starts a fresh form.
        <>
          {me.data.pendingNotificationEmail && (
            <NotificationCodeForm key={me.data.version} pending={me.data.pendingNotificationEmail} confirmed={me.set} />
          )}
          <ProfileForm key={me.data.version} me={me.data} reload={me.reload} saved={me.set} />
        </>
      )}
    </AccountLayout>
  );
}

/** The code mailed to a new notification address, which makes it the one in use. */
function NotificationCodeForm({ pending, confirmed }: { pending: string; confirmed: (m: Me) => void }) {
  const form = useForm<{ code: string }>({
    fields: { code: 'account.profile.notificationCode' },
    initial: { code: '' },
    validate: (v) => {
      const e = checkMfaCode('totp', v.code);
      return e ? { code: e } : {};
    },
    submit: async (v) => {
      const next = await confirmNotificationEmail(v.code);
      toast(t('account.profile.notificationConfirmed', { email: next.notificationEmail ?? pending }), 'success');
      confirmed(next);
    },
  });
  return (
    <>
      <p class="notice" role="status">
        {t('account.profile.notificationSent', { email: pending })}
      </p>
      <Form form={form} label={t('account.profile.notificationConfirm')}>
        <TextField {...form.field('code')} autocomplete="one-time-code" inputMode="numeric" maxLength={7} />
        <div class="actions">
          <Button type="submit" busy={form.busy}>
            {t('account.profile.notificationConfirm')}
          </Button>
        </div>
      </Form>
    </>
  );
}

function ProfileForm({ me, reload, saved }: { me: Me; reload: () => void; saved: (m: Me) => void }) {
  const [conflict, setConflict] = useState(false);
  const form = useForm<ProfileValues>({
    fields: {
      ...DETAIL_LABELS,
      lang: 'register.details.lang',
      landline: 'account.profile.landline',
      notificationEmail: 'account.profile.notificationEmail',
    },
    initial: profileValues(me),
    validate: (v) => {
      const errors: Partial<Record<keyof ProfileValues, Key>> = { ...checkDetails(v) };
      if (v.notificationEmail.trim() !== '') {
        const e = checkEmail(v.notificationEmail);
        if (e) errors.notificationEmail = e;
      }
      return errors;
    },
    submit: async (v) => {
      setConflict(false);
      try {
        const next = await saveProfile(me.version, v);
        if (isLang(next.lang) && next.lang !== getLanguage()) setLanguage(next.lang);
        toast(t('account.profile.saved'), 'success');
        saved(next);
        // The header shows the person's name from the session.
        void loadSession();
      } catch (err) {
        if (err instanceof ApiError && err.code === 'version_conflict') setConflict(true);
        throw err;
      }
    },
  });
  return (
    <Form form={form} label={t('account.profile.title')}>
      {conflict && (
        // The error summary announces the server's message; this offers the way out.
        <div class="notice">
          <p>{t('account.profile.conflict')}</p>
          <Button variant="secondary" onClick={reload}>
            {t('account.profile.reload')}
          </Button>
        </div>
      )}
      <DetailsFields field={form.field} />
      <fieldset class="form-group">
        <legend>{t('account.profile.contact')}</legend>
        <TextField {...form.field('landline')} type="tel" required={false} maxLength={30} autocomplete="tel" />
        <TextField
          {...form.field('notificationEmail')}
          type="email"
          required={false}
          maxLength={254}
          autocomplete="email"
          hint={t('account.profile.notificationHint', { email: me.email })}
        />
      </fieldset>
      <div class="actions">
        <Button type="submit" busy={form.busy}>
          {t('account.save')}
        </Button>
      </div>
    </Form>
  );
}
