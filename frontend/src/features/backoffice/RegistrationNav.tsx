import { t } from '../../i18n';
import { href } from '../../router';
import { SubNav } from '../admin/SubNav';

const LINKS = [
  { path: href('/backoffice/registrations'), label: 'backoffice.reg.title' },
  { path: href('/backoffice/freemail'), label: 'backoffice.freemail.title' },
  { path: href('/backoffice/domains'), label: 'backoffice.domain.title' },
] as const;

/** Links between the back office's registration pages. */
export function RegistrationNav() {
  return <SubNav label={t('backoffice.nav')} links={LINKS} />;
}
