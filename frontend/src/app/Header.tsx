import { useEffect, useRef, useState } from 'preact/hooks';
import { navigation } from '../access';
import { ApiError } from '../api';
import { getLanguage, LANGS, t, translate } from '../i18n';
import { href, navigate, type Place } from '../router';
import { routes } from '../routes';
import { displayName, signOut, type SessionState, type User } from '../session';
import { toast } from '../ui/toast';
import { Bell } from '../features/notifications/Bell';
import { chooseLanguage } from './language';

export function Header({ place, session }: { place: Place; session: SessionState }) {
  const lang = getLanguage();
  const isCurrent = (path: string) => (path === '/' ? place.path === '/' : place.path === path || place.path.startsWith(path + '/'));
  const items = [{ path: '/', label: t('app.nav.home') }, ...navigation(routes, session).map((r) => ({ path: r.path, label: t(r.navKey!) }))];
  return (
    <header class="site-header">
      <div class="container header-inner">
        <a class="brand" href={href('/')}>
          <span class="brand-mark" aria-hidden="true">
            G
          </span>
          <span class="brand-name">{t('app.name')}</span>
          <span class="brand-tagline">{t('app.tagline')}</span>
        </a>
        <nav class="site-nav" aria-label={t('app.nav.label')}>
          <ul>
            {items.map((i) => (
              <li key={i.path}>
                <a href={'#' + i.path} aria-current={isCurrent(i.path) ? 'page' : undefined}>
                  {i.label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <div class="lang-switch" role="group" aria-labelledby="lang-label">
          <span id="lang-label" class="visually-hidden">
            {t('app.lang.label')}
          </span>
          {LANGS.map((l) => (
            <button
              key={l}
              type="button"
              lang={l}
              class="lang-button"
              title={translate(l, `app.lang.${l}`)}
              aria-pressed={l === lang ? 'true' : 'false'}
              onClick={() => void chooseLanguage(l)}
            >
              {l.toUpperCase()}
            </button>
          ))}
        </div>
        {session.status === 'signed-in' && (
          <div class="header-person">
            <Bell current={isCurrent('/notifications')} />
            <UserMenu user={session.user} />
          </div>
        )}
      </div>
    </header>
  );
}

/** The signed-in person's name, opening a small menu (a disclosure: Escape or a
 * click elsewhere closes it, focus returns to the button). */
function UserMenu({ user }: { user: User }) {
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const wrap = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!open) return;
    const outside = (e: Event) => {
      if (!wrap.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', outside);
    return () => document.removeEventListener('pointerdown', outside);
  }, [open]);

  const close = () => {
    setOpen(false);
    button.current?.focus();
  };

  const signOutNow = async () => {
    setBusy(true);
    try {
      await signOut();
      navigate(href('/signin'), { replace: true });
      toast(t('app.signedOut'), 'success');
    } catch (err) {
      toast(err instanceof ApiError ? err.message : t('app.api.unexpected'), 'error');
      setBusy(false);
    }
  };

  return (
    <div
      class="user-menu"
      ref={wrap}
      onKeyDown={(e) => e.key === 'Escape' && open && close()}
      onFocusOut={(e) => {
        if (!wrap.current?.contains(e.relatedTarget as Node | null)) setOpen(false);
      }}
    >
      <button
        ref={button}
        type="button"
        class="user-menu-button"
        aria-expanded={open ? 'true' : 'false'}
        aria-controls="user-menu-list"
        onClick={() => setOpen(!open)}
      >
        {displayName(user)}
        <span class="user-menu-caret" aria-hidden="true"></span>
      </button>
      <ul id="user-menu-list" class="user-menu-list" hidden={!open}>
        <li>
          <a href={href('/account')} onClick={() => setOpen(false)}>
            {t('app.menu.account')}
          </a>
        </li>
        <li>
          <button type="button" disabled={busy} aria-busy={busy ? 'true' : undefined} onClick={() => void signOutNow()}>
            {t('app.menu.signOut')}
          </button>
        </li>
      </ul>
    </div>
  );
}
