import { api } from '../../api';
import { t } from '../../i18n';
import { href } from '../../router';
import { SubNav } from '../admin/SubNav';
import { useLoaded, type Loaded } from '../register/load';
import type { CustomerOrg } from './organisations';
import './organisationMessages';

/** One customer organisation, for the back office's pages about it (their titles
 * name it). */
export function useOrganisation(orgId: string): Loaded<CustomerOrg> {
  return useLoaded((signal) => api.get<CustomerOrg>(`/backoffice/organisations/${encodeURIComponent(orgId)}`, { signal }), [orgId]);
}

/** Links between the back office's pages of one customer organisation. */
export function OrgNav({ orgId, name }: { orgId: string; name?: string }) {
  return (
    <SubNav
      label={t('backoffice.org.nav', { name: name ?? orgId })}
      links={[
        { path: href('/backoffice/organisations/:orgId/contracts', { orgId }), label: 'backoffice.org.contractsTitle' },
        { path: href('/backoffice/organisations/:orgId/users', { orgId }), label: 'backoffice.org.usersTitle' },
      ]}
    />
  );
}
