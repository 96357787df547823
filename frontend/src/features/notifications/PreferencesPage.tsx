// Mail preferences: for each kind of event, whether the person also gets it by mail.
// Security kinds are always mailed (shown checked and locked, with why); outages are
// always mailed about the contracts the person manages, which the note says.
import { useEffect, useState } from 'preact/hooks';
import { api, ApiError } from '../../api';
import { t } from '../../i18n';
import { href } from '../../router';
import { Button } from '../../ui/Button';
import { Spinner } from '../../ui/status';
import { toast } from '../../ui/toast';
import { AccountLayout } from '../account/AccountLayout';
import { useLoaded } from '../register/load';
import { LoadError } from '../register/LoadError';
import { kindLabel, type KindPreference, type Preferences } from './model';
import './notifications.css';

export default function PreferencesPage() {
  const loaded = useLoaded((signal) => api.get<Preferences>('/me/notification-preferences', { signal }), []);
  const [prefs, setPrefs] = useState<Preferences | null>(null);
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<string[]>([]);
  useEffect(() => setPrefs(loaded.data ?? null), [loaded.data]);

  const toggle = (kind: string, mail: boolean) =>
    setPrefs((p) => p && { ...p, kinds: p.kinds.map((k) => (k.kind === kind ? { ...k, mail } : k)) });

  const save = async (e: Event) => {
    e.preventDefault();
    if (!prefs) return;
    setBusy(true);
    setErrors([]);
    try {
      const mail: Record<string, boolean> = {};
      for (const k of prefs.kinds) if (k.rule !== 'always') mail[k.kind] = k.mail;
      setPrefs(await api.put<Preferences>('/me/notification-preferences', { mail, version: prefs.version }));
      toast(t('notifications.prefs.saved'), 'success');
    } catch (err) {
      if (err instanceof ApiError) {
        setErrors(err.fields.length ? err.fields.map((f) => `${kindLabel(f.field.replace(/^mail\./, ''))} : ${f.message}`) : [err.message]);
        if (err.status === 409) loaded.reload();
      } else {
        setErrors([t('app.api.unexpected')]);
      }
    } finally {
      setBusy(false);
    }
  };

  const group = (title: string, kinds: KindPreference[]) =>
    kinds.length > 0 && (
      <fieldset class="pref-group">
        <legend>{title}</legend>
        <ul class="pref-list">
          {kinds.map((k) => (
            <li key={k.kind}>
              <label>
                <input
                  type="checkbox"
                  id={'pref-' + k.kind}
                  checked={k.mail}
                  disabled={k.rule === 'always'}
                  aria-describedby={k.rule === 'optional' ? undefined : 'pref-note-' + k.kind}
                  onChange={(e) => toggle(k.kind, (e.currentTarget as HTMLInputElement).checked)}
                />
                {kindLabel(k.kind)}
              </label>
              {k.rule !== 'optional' && (
                <p class="pref-note" id={'pref-note-' + k.kind}>
                  {t(k.rule === 'always' ? 'notifications.prefs.always' : 'notifications.prefs.managers')}
                </p>
              )}
            </li>
          ))}
        </ul>
      </fieldset>
    );

  return (
    <AccountLayout title={t('notifications.prefs.title')} lead={t('notifications.prefs.lead')}>
      {loaded.error ? (
        <LoadError error={loaded.error} retry={loaded.reload} />
      ) : !prefs ? (
        <Spinner />
      ) : (
        <form onSubmit={(e) => void save(e)} noValidate>
          <h2 class="section-title">{t('notifications.prefs.legend')}</h2>
          {group(t('notifications.prefs.contracts'), prefs.kinds.filter((k) => !k.security))}
          {group(t('notifications.prefs.security'), prefs.kinds.filter((k) => k.security))}
          {errors.length > 0 && (
            <div class="error-summary" role="alert">
              <ul>
                {errors.map((m) => (
                  <li key={m}>{m}</li>
                ))}
              </ul>
            </div>
          )}
          <p class="notif-actions">
            <Button type="submit" busy={busy} id="prefs-save">
              {t('notifications.prefs.save')}
            </Button>
            <a href={href('/notifications')}>{t('notifications.title')}</a>
          </p>
        </form>
      )}
    </AccountLayout>
  );
}
