import { t, type Key } from '../../i18n';
import { currentPlace } from '../../router';
import '../register/register.css';
import './admin.css';

/** Links between related pages, the current one marked. */
export function SubNav({ label, links }: { label: string; links: readonly { path: string; label: Key }[] }) {
  const here = '#' + currentPlace().path;
  return (
    <nav class="subnav" aria-label={label}>
      <ul>
        {links.map((l) => (
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
