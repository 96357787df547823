import { useEffect, useState } from 'preact/hooks';
import { checkHealth, type Health } from '../health';
import { useExternal } from '../hooks';
import { getLanguage, onLanguageChange, t, type Key } from '../i18n';
import { currentHash, currentPlace, onNavigate } from '../router';
import { useSession } from '../session';
import { Toasts } from '../ui/toast';
import { Header } from './Header';
import { ImpersonationBanner } from './ImpersonationBanner';
import { Outlet } from './Outlet';

const HEALTH_KEY: Record<Health, Key> = {
  checking: 'app.health.checking',
  ok: 'app.health.ok',
  down: 'app.health.down',
};

export function App() {
  useExternal(onLanguageChange, getLanguage);
  useExternal(onNavigate, currentHash);
  const session = useSession();
  const place = currentPlace();

  const skipToMain = (e: Event) => {
    // "#main" is not a route: focus the landmark without touching the hash.
    e.preventDefault();
    document.getElementById('main')?.focus();
  };

  return (
    <>
      <a class="skip-link" href="#main" onClick={skipToMain}>
        {t('app.skipToMain')}
      </a>
      {session.status === 'signed-in' && session.actor && (
        <ImpersonationBanner user={session.user} actor={session.actor} ends={session.impersonationEnds} />
      )}
      <Header place={place} session={session} />
      <main id="main" class="container site-main" tabIndex={-1}>
        <Outlet place={place} session={session} />
      </main>
      <Footer />
      <Toasts />
    </>
  );
}

function Footer() {
  const [health, setHealth] = useState<Health>('checking');
  useEffect(() => {
    let alive = true;
    checkHealth().then((h) => alive && setHealth(h));
    return () => {
      alive = false;
    };
  }, []);
  return (
    <footer class="site-footer">
      <div class="container footer-inner">
        <a href="#/help">{t('app.footer.help')}</a>
        <p class={`health health-${health}`} id="health-status" aria-live="polite">
          <span class="health-dot" aria-hidden="true"></span>
          {t(HEALTH_KEY[health])}
        </p>
        <p class="copyright">{t('app.footer.copyright')}</p>
      </div>
    </footer>
  );
}
