import { useState } from 'preact/hooks';
import { api } from '../../api';
import { getLanguage, t } from '../../i18n';
import type { PageProps } from '../../page';
import { href } from '../../router';
import { Button } from '../../ui/Button';
import { civilityLabel } from '../../ui/Civility';
import { PageCard, Spinner } from '../../ui/status';
import { countryName } from '../register/countries';
import { useLoaded } from '../register/load';
import { LoadError } from '../register/LoadError';
import { formatDate } from '../register/registration';
import { managedContracts } from '../../access';
import { useSession } from '../../session';
import { AdminNav, useIsAdmin } from './AdminNav';
import { EditUserForm } from './EditUserForm';
import { fullName, ROLE_KEY, usersContracts, type OrgUser, type UserDetail } from './model';
import { SignInHistory } from './SignInHistory';
import { StatusBadge } from './StatusBadge';
import { UserActions } from './UserActions';
import { UserApplications } from './UserApplications';
import { UserRights } from './UserRights';

/** One user of the organisation: details, status, contracts and rights, sign-in
 * history, and what administrators may do to them. A delegated administrator sees
 * the details and the rights on the contracts whose users they administer, and
 * manages those rights. */
export default function UserPage({ params }: PageProps) {
  const path = `/org/users/${encodeURIComponent(params.id)}`;
  const detail = useLoaded((signal) => api.get<UserDetail>(path, { signal }), [path]);
  const contracts = useLoaded((signal) => usersContracts(signal), []);
  const admin = useIsAdmin();
  const manages = admin || managedContracts(useSession()).length > 0;
  const [editing, setEditing] = useState(false);
  const d = detail.data;
  const setUser = (user: OrgUser) => d && detail.set({ ...d, user });

  return (
    <PageCard title={d ? fullName(d.user) : t('admin.user.title')} wide>
      <AdminNav />
      <p>
        <a href={href('/admin/users')}>{t('admin.user.back')}</a>
      </p>
      {detail.error ? (
        <LoadError error={detail.error} retry={detail.reload} />
      ) : !d ? (
        <Spinner />
      ) : (
        <>
          <UserFacts user={d.user} />
          {admin && <UserActions user={d.user} onChanged={setUser} onStale={detail.reload} />}
          {admin && (
            <section aria-labelledby="user-details-title">
              <h2 id="user-details-title" class="section-title">
                {t('admin.user.details')}
              </h2>
              {editing ? (
                <EditUserForm
                  user={d.user}
                  onSaved={(u) => {
                    setUser(u);
                    setEditing(false);
                  }}
                  onCancel={() => setEditing(false)}
                  onStale={detail.reload}
                />
              ) : (
                <Button id="user-edit" variant="secondary" onClick={() => setEditing(true)}>
                  {t('admin.user.edit')}
                </Button>
              )}
            </section>
          )}
          <UserRights user={d.user} rights={d.rights} contracts={contracts.data} />
          {manages && (
            <p>
              <a id="user-manage-access" class="button button-secondary" href={href('/admin/users/:id/access', { id: d.user.id })}>
                {t('admin.access.open')}
              </a>
            </p>
          )}
          {admin && (
            <>
              <UserApplications userId={d.user.id} />
              <SignInHistory userId={d.user.id} />
              <p>
                <a href={href('/admin/audit', undefined, { user: d.user.id })}>{t('admin.user.auditLink')}</a>
              </p>
            </>
          )}
        </>
      )}
    </PageCard>
  );
}

function Fact({ label, children }: { label: string; children: preact.ComponentChildren }) {
  return (
    <div class="facts-row">
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

/** What the organisation knows of the user. */
function UserFacts({ user: u }: { user: OrgUser }) {
  const lang = getLanguage();
  const a = u.address ?? {};
  const address = [a.line1, a.line2, [a.postalCode, a.city].filter(Boolean).join(' '), a.country ? countryName(a.country, lang) : '']
    .filter(Boolean)
    .join('\n');
  return (
    <dl class="facts">
      <Fact label={t('admin.users.status')}>
        <StatusBadge status={u.status} />
        {u.lockedUntil && <> {t('admin.user.lockedUntil', { date: formatDate(u.lockedUntil, lang) })}</>}
        {u.mustChangePassword && <> {t('admin.user.mustChange')}</>}
      </Fact>
      <Fact label={t('admin.users.role')}>{t(ROLE_KEY[u.role])}</Fact>
      <Fact label={t('admin.users.email')}>{u.email}</Fact>
      {u.notificationEmail && <Fact label={t('admin.user.notificationFact')}>{u.notificationEmail}</Fact>}
      <Fact label={t('admin.users.login')}>{u.login}</Fact>
      {u.civility && <Fact label={t('admin.field.civility')}>{civilityLabel(u.civility)}</Fact>}
      {u.jobTitle && <Fact label={t('admin.field.jobTitle')}>{u.jobTitle}</Fact>}
      {u.phone && <Fact label={t('admin.field.phone')}>{u.phone}</Fact>}
      <Fact label={t('admin.field.lang')}>{u.lang === 'en' ? t('app.lang.en') : t('app.lang.fr')}</Fact>
      <Fact label={t('admin.field.address')}>
        <span class="pre-line">{address || t('admin.user.noAddress')}</span>
      </Fact>
      <Fact label={t('admin.users.created')}>{formatDate(u.created, lang)}</Fact>
    </dl>
  );
}
