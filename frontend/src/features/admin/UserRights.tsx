import { t } from '../../i18n';
import { href } from '../../router';
import { EmptyState, Spinner } from '../../ui/status';
import { heldSections, LEVEL_KEY, SECTION_KEY, SECTIONS, type Contract, type ContractRights, type OrgUser } from './model';

/** A user's rights per contract as they hold them (an administrator: Manager of
 * every section of every contract; a referent: at least Visitor), the
 * supported-user and referent flags, and a link to each contract's matrix where
 * they are changed. */
export function UserRights({ user, rights, contracts }: { user: OrgUser; rights: Record<string, ContractRights>; contracts: Contract[] | null }) {
  const admin = user.role === 'admin';
  const ids = [...new Set([...(admin ? (contracts ?? []).map((c) => c.id) : []), ...Object.keys(rights)])];
  const byId = new Map((contracts ?? []).map((c) => [c.id, c]));
  return (
    <section aria-labelledby="user-rights-title">
      <h2 id="user-rights-title" class="section-title">
        {t('admin.user.rights')}
      </h2>
      {user.role === 'admin' && <p class="notice">{t('admin.user.adminRights')}</p>}
      {contracts === null ? (
        <Spinner />
      ) : ids.length === 0 ? (
        <EmptyState title={t('admin.user.noRights')} />
      ) : (
        <div class="data-table">
          <div class="table-scroll">
            <table>
              <caption class="visually-hidden">{t('admin.user.rights')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('admin.contracts.name')}</th>
                  <th scope="col">{t('admin.user.sections')}</th>
                  <th scope="col">{t('admin.rights.supported')}</th>
                  <th scope="col">{t('admin.rights.referent')}</th>
                </tr>
              </thead>
              <tbody>
                {ids.map((id) => {
                  const r = rights[id] ?? {};
                  const c = byId.get(id);
                  const held = heldSections(r, admin);
                  const granted = SECTIONS.filter((s) => held[s] !== 'none');
                  const same = granted.length === SECTIONS.length && SECTIONS.every((s) => held[s] === held[SECTIONS[0]]);
                  return (
                    <tr key={id}>
                      <th scope="row">
                        <a href={href('/admin/contracts/:id/rights', { id })}>{c ? `${c.name} (${c.reference})` : id}</a>
                      </th>
                      <td data-label={t('admin.user.sections')}>
                        {granted.length === 0
                          ? t('admin.level.none')
                          : same
                            ? t('admin.user.allSections', { level: t(LEVEL_KEY[held[SECTIONS[0]]]) })
                            : granted.map((s) => t('admin.user.sectionLevel', { section: t(SECTION_KEY[s]), level: t(LEVEL_KEY[held[s]]) })).join(', ')}
                      </td>
                      <td data-label={t('admin.rights.supported')}>{t(r.supported ? 'admin.yes' : 'admin.no')}</td>
                      <td data-label={t('admin.rights.referent')}>{t(r.referent ? 'admin.yes' : 'admin.no')}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        </div>
      )}
    </section>
  );
}
