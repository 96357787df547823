import { useEffect, useRef, useState } from 'preact/hooks';
import { documentTitle, getLanguage, LANGS, setLanguage, t, translate, type Key, type Lang } from './i18n';
import { checkHealth, type Health } from './health';
import { href, parseHash, type Route } from './router';
import { SignIn } from './SignIn';

const PAGE_TITLE: Record<Route, Key> = {
  '/': 'signin.title',
  '/help': 'help.title',
  '/forgot-password': 'forgot.title',
  '/register': 'register.title',
  'not-found': 'notFound.title',
};

const HEALTH_KEY: Record<Health, Key> = {
  checking: 'health.checking',
  ok: 'health.ok',
  down: 'health.down',
};

export function App() {
  const [lang, setLang] = useState<Lang>(getLanguage());
  const [route, setRoute] = useState<Route>(() => parseHash(location.hash));
  const [health, setHealth] = useState<Health>('checking');
  const firstRender = useRef(true);

  useEffect(() => {
    const onHash = () => setRoute(parseHash(location.hash));
    addEventListener('hashchange', onHash);
    return () => removeEventListener('hashchange', onHash);
  }, []);

  useEffect(() => {
    let alive = true;
    checkHealth().then((h) => alive && setHealth(h));
    return () => {
      alive = false;
    };
  }, []);

  useEffect(() => {
    document.title = documentTitle(lang, PAGE_TITLE[route]);
  }, [lang, route]);

  // Move focus to the new page's heading on navigation (not on first load).
  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    document.querySelector<HTMLElement>('#main h1')?.focus();
  }, [route]);

  const switchTo = (next: Lang) => {
    setLanguage(next);
    setLang(next);
  };

  const skipToMain = (e: Event) => {
    e.preventDefault();
    document.getElementById('main')?.focus();
  };

  return (
    <>
      <a class="skip-link" href="#main" onClick={skipToMain}>
        {t('skip.toMain')}
      </a>
      <header class="site-header">
        <div class="container header-inner">
          <a class="brand" href={href('/')}>
            <span class="brand-mark" aria-hidden="true">
              G
            </span>
            <span class="brand-name">{t('app.name')}</span>
            <span class="brand-tagline">{t('app.tagline')}</span>
          </a>
          <nav class="site-nav" aria-label={t('nav.label')}>
            <ul>
              <NavItem to="/" current={route === '/'} label={t('nav.home')} />
              <NavItem to="/help" current={route === '/help'} label={t('nav.help')} />
            </ul>
          </nav>
          <div class="lang-switch" role="group" aria-labelledby="lang-label">
            <span id="lang-label" class="visually-hidden">
              {t('lang.label')}
            </span>
            {LANGS.map((l) => (
              <button
                key={l}
                type="button"
                lang={l}
                class="lang-button"
                title={translate(l, `lang.${l}`)}
                aria-pressed={l === lang ? 'true' : 'false'}
                onClick={() => switchTo(l)}
              >
                {l.toUpperCase()}
              </button>
            ))}
          </div>
        </div>
      </header>
      <main id="main" class="container site-main" tabIndex={-1}>
        <Page route={route} />
      </main>
      <footer class="site-footer">
        <div class="container footer-inner">
          <a href={href('/help')}>{t('footer.help')}</a>
          <p class={`health health-${health}`} id="health-status" aria-live="polite">
            <span class="health-dot" aria-hidden="true"></span>
            {t(HEALTH_KEY[health])}
          </p>
          <p class="copyright">{t('footer.copyright')}</p>
        </div>
      </footer>
    </>
  );
}

function NavItem({ to, current, label }: { to: '/' | '/help'; current: boolean; label: string }) {
  return (
    <li>
      <a href={href(to)} aria-current={current ? 'page' : undefined}>
        {label}
      </a>
    </li>
  );
}

function Page({ route }: { route: Route }) {
  switch (route) {
    case '/':
      return <SignIn />;
    case '/help':
      return <TextPage titleKey="help.title" bodyKey="help.body" />;
    case '/forgot-password':
      return <TextPage titleKey="forgot.title" bodyKey="placeholder.body" back />;
    case '/register':
      return <TextPage titleKey="register.title" bodyKey="placeholder.body" back />;
    default:
      return <TextPage titleKey="notFound.title" bodyKey="notFound.body" back />;
  }
}

function TextPage({ titleKey, bodyKey, back }: { titleKey: Key; bodyKey: Key; back?: boolean }) {
  return (
    <section class="card" aria-labelledby="page-title">
      <h1 id="page-title" tabIndex={-1}>
        {t(titleKey)}
      </h1>
      <p>{t(bodyKey)}</p>
      {back && (
        <p>
          <a href={href('/')}>{t('placeholder.back')}</a>
        </p>
      )}
    </section>
  );
}
