import { api } from '../../api';
import { t } from '../../i18n';
import { Button } from '../../ui/Button';
import { Select } from '../../ui/fields';
import { Form } from '../../ui/Form';
import { Spinner } from '../../ui/status';
import { toast } from '../../ui/toast';
import { useForm } from '../../ui/useForm';
import { formatDate, local, type AccessRequest, type Application, type Refused, type Text } from '../applications/model';
import { RefusedList } from '../applications/RefusedList';
import { useLoaded } from '../register/load';
import { LoadError } from '../register/LoadError';

/** A grant as an administrator reads it on a person's page. */
interface MemberGrant {
  appId: string;
  appName: Text;
  granted: string;
  expires?: string;
  request: string;
}

/** GET /org/users/{id}/applications. */
interface MemberApplications {
  current: MemberGrant[];
  grantable: Application[];
  refused: Refused[];
}

/** The person's applications on their page, and the administrator's way to give
 * them one directly (the server takes it the way an approval goes: mail, audit). */
export function UserApplications({ userId }: { userId: string }) {
  const path = `/org/users/${encodeURIComponent(userId)}/applications`;
  const apps = useLoaded((signal) => api.get<MemberApplications>(path, { signal }), [path]);
  const m = apps.data;
  return (
    <section aria-labelledby="user-apps-title">
      <h2 id="user-apps-title" class="section-title">
        {t('admin.userApps.title')}
      </h2>
      {apps.error ? (
        <LoadError error={apps.error} retry={apps.reload} />
      ) : !m ? (
        <Spinner />
      ) : (
        <>
          {m.current.length === 0 ? (
            <p>{t('admin.userApps.none')}</p>
          ) : (
            <ul class="user-apps">
              {m.current.map((g) => (
                <li key={g.appId}>
                  <strong>{local(g.appName)}</strong>{' '}
                  {t(g.expires ? 'admin.userApps.until' : 'admin.userApps.since', {
                    since: formatDate(g.granted),
                    until: formatDate(g.expires),
                    number: g.request,
                  })}
                </li>
              ))}
            </ul>
          )}
          {m.grantable.length === 0 ? (
            <p class="field-hint">{t('admin.userApps.nothingToGive')}</p>
          ) : (
            <GrantForm key={m.grantable.map((a) => a.id).join()} path={path} apps={m.grantable} onGranted={apps.reload} />
          )}
          <RefusedList items={m.refused} hint={t('admin.userApps.refusedHint')} />
        </>
      )}
    </section>
  );
}

function GrantForm({ path, apps, onGranted }: { path: string; apps: Application[]; onGranted: () => void }) {
  const form = useForm<{ application: string }>({
    fields: { application: 'admin.userApps.choose' },
    initial: { application: '' },
    idPrefix: 'user-app-',
    validate: (v) => (v.application === '' ? { application: 'ui.field.required' } : {}),
    submit: async (v) => {
      const r = await api.post<AccessRequest>(path, { application: v.application });
      toast(t('admin.userApps.granted', { name: local(r.appName), number: r.number }), 'success');
      onGranted();
    },
  });
  return (
    <Form form={form} label={t('admin.userApps.give')}>
      <Select
        {...form.field('application')}
        hint={t('admin.userApps.hint')}
        placeholder={t('admin.userApps.placeholder')}
        options={apps.map((a) => ({ value: a.id, label: local(a.name) }))}
      />
      <div>
        <Button type="submit" busy={form.busy}>
          {t('admin.userApps.give')}
        </Button>
      </div>
    </Form>
  );
}
