import { t } from '../../i18n';
import { href } from '../../router';
import { SubNav } from '../admin/SubNav';
import './organisationMessages';

/** Links between the back office's pages of one customer organisation. */
export function OrgNav({ orgId }: { orgId: string }) {
  return (
    <SubNav
      label={t('backoffice.org.nav', { orgId })}
      links={[
        { path: href('/backoffice/organisations/:orgId/contracts', { orgId }), label: 'backoffice.org.contractsTitle' },
        { path: href('/backoffice/organisations/:orgId/users', { orgId }), label: 'backoffice.org.usersTitle' },
      ]}
    />
  );
}
