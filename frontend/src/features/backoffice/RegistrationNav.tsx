import { t, type Key } from '../../i18n';
import { currentPlace, href } from '../../router';
import '../register/register.css';

const LINKS: readonly { path: string; label: Key }[] = [
  { path: href('/backoffice/registrations'), label: 'backoffice.reg.title' },
  { path: href('/backoffice/freemail'), label: 'backoffice.freemail.title' },
  { path: href('/backoffice/domains'), label: 'backoffice.domain.title' },
];

/** Links between the back office's registration pages. */
export function RegistrationNav() {
  const here = '#' + currentPlace().path;
  return (
    <nav class="subnav" aria-label={t('backoffice.nav')}>
      <ul>
        {LINKS.map((l) => (
          <li key={l.path}>
            <a href={l.path} aria-current={here === l.path || here.startsWith(l.path + '/') ? 'page' : undefined}>
              {t(l.label)}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
