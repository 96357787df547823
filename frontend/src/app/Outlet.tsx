// Renders the page of the current place: finds its route, applies its access rule,
// loads it if it is lazy, names the document and moves focus to the new page's h1.
import { useEffect, useRef, useState } from 'preact/hooks';
import { decide } from '../access';
import { documentTitle, getLanguage, t, type Key } from '../i18n';
import type { LazyPage, PageComponent, RouteDef } from '../page';
import { currentPlace, navigate, placeToPath, resolve, type Place } from '../router';
import { routes } from '../routes';
import type { SessionState } from '../session';
import { PageCard, Spinner } from '../ui/status';

const loaded = new Map<LazyPage, PageComponent>();

/** The page's component, loading it first when it is lazy. */
function usePage(route: RouteDef | null): PageComponent | 'loading' | 'failed' | null {
  const [, setTick] = useState(0);
  const [failed, setFailed] = useState<LazyPage | null>(null);
  const page = route?.page ?? null;
  const lazy = page && typeof page !== 'function' ? page : null;
  useEffect(() => {
    if (!lazy || loaded.has(lazy)) return;
    let alive = true;
    lazy.load().then(
      (m) => {
        loaded.set(lazy, m.default);
        if (alive) setTick((n) => n + 1);
      },
      () => alive && setFailed(lazy),
    );
    return () => {
      alive = false;
    };
  }, [lazy]);
  if (!page) return null;
  if (typeof page === 'function') return page;
  if (failed === page) return 'failed';
  return loaded.get(page) ?? 'loading';
}

function Message({ titleKey, bodyKey }: { titleKey: Key; bodyKey: Key }) {
  return (
    <PageCard title={t(titleKey)}>
      <p>{t(bodyKey)}</p>
    </PageCard>
  );
}

export function Outlet({ place, session }: { place: Place; session: SessionState }) {
  const match = resolve(routes, place.path);
  const decision = match ? decide(match.route.access, session, place) : null;
  const shown = decision?.kind === 'render' ? match!.route : null;
  const Page = usePage(shown);
  const path = placeToPath(place);
  const lang = getLanguage();

  const titleKey: Key | null = !match
    ? 'app.notFound.title'
    : decision?.kind === 'forbidden'
      ? 'app.forbidden.title'
      : decision?.kind === 'render'
        ? match.route.titleKey
        : null;

  useEffect(() => {
    if (titleKey) document.title = documentTitle(lang, titleKey);
  }, [titleKey, lang]);

  const redirect = decision?.kind === 'redirect' ? decision.to : null;
  useEffect(() => {
    // A redirect decided for a place the person has already left is stale.
    if (redirect && placeToPath(currentPlace()) === path) navigate(redirect, { replace: true });
  }, [redirect, path]);

  // Focus goes to the new page's heading after each navigation, but not on the
  // first page shown (the person has not moved yet).
  const focus = useRef({ seen: false, pending: false });
  const ready = typeof Page === 'function' || !match || decision?.kind === 'forbidden';
  useEffect(() => {
    const f = focus.current;
    if (!ready) return;
    if (f.seen) f.pending = true;
    f.seen = true;
  }, [path, ready]);
  useEffect(() => {
    if (!focus.current.pending) return;
    const h1 = document.querySelector<HTMLElement>('#main h1');
    if (h1) {
      h1.focus();
      focus.current.pending = false;
    }
  });

  if (!match) return <Message titleKey="app.notFound.title" bodyKey="app.notFound.body" />;
  if (decision?.kind === 'forbidden') return <Message titleKey="app.forbidden.title" bodyKey="app.forbidden.body" />;
  if (!shown || Page === 'loading' || Page === null) return decision?.kind === 'redirect' ? null : <Spinner />;
  if (Page === 'failed') return <Message titleKey="app.loadFailed.title" bodyKey="app.loadFailed.body" />;
  return <Page key={place.path} params={match.params} query={place.query} route={match.route} />;
}
