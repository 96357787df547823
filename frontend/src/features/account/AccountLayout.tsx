// The frame of the "My account" pages: the page card, its heading and the links
// between the account's pages.
import type { ComponentChildren } from 'preact';
import { isRegistrant } from '../../access';
import { t, type Key } from '../../i18n';
import { currentPlace } from '../../router';
import { useSession } from '../../session';
import { PageCard } from '../../ui/status';
import '../register/register.css';
import './accountMessages';
import './account.css';

const PAGES: readonly { path: string; label: Key }[] = [
  { path: '/account', label: 'account.profile.title' },
  { path: '/account/password', label: 'account.password.title' },
  { path: '/account/email', label: 'account.email.title' },
  { path: '/account/security', label: 'account.security.title' },
  { path: '/account/sessions', label: 'account.sessions.title' },
  { path: '/notifications/preferences', label: 'notifications.prefs.title' },
  { path: '/account/company', label: 'account.company.title' },
  { path: '/account/close', label: 'account.close.title' },
];

export function AccountLayout({ title, lead, children }: { title: string; lead?: string; children: ComponentChildren }) {
  const session = useSession();
  const here = currentPlace().path;
  // "My company" and "Close my account" are for members of a customer organisation.
  const member = session.status === 'signed-in' && session.user.role !== 'operator' && !isRegistrant(session);
  const pages = PAGES.filter((p) => (p.path !== '/account/company' && p.path !== '/account/close') || member);
  return (
    <PageCard title={title} lead={lead} wide>
      <nav class="subnav" aria-label={t('account.nav.label')}>
        <ul>
          {pages.map((p) => (
            <li key={p.path}>
              <a href={'#' + p.path} aria-current={p.path === here ? 'page' : undefined}>
                {t(p.label)}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      {children}
    </PageCard>
  );
}
