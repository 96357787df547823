// Hash routing: "#/requests/42?tab=history". The path part is matched against the
// patterns of routes.ts ("/requests/:id"); the query part is handed to the page.
// Hash routing needs nothing from the server: every URL loads index.html.

/** Where the portal is: a path ("/requests/42") and its query. */
export interface Place {
  path: string;
  query: URLSearchParams;
}

export type Params = Record<string, string>;

/** The names of a pattern's parameters: ParamNames<'/a/:x/b/:y'> = 'x' | 'y'. */
export type ParamNames<P extends string> = P extends `${string}:${infer N}/${infer Rest}`
  ? N | ParamNames<`/${Rest}`>
  : P extends `${string}:${infer N}`
    ? N
    : never;

/** Normalises a path: one leading slash, no trailing or repeated slashes. */
export function normalizePath(path: string): string {
  const parts = path.split('/').filter(Boolean);
  return '/' + parts.join('/');
}

/** Reads a location hash. Hashes not starting with "#/" (the skip link's "#main",
 * an empty hash) mean the home page. */
export function parseHash(hash: string): Place {
  if (!hash.startsWith('#/')) return { path: '/', query: new URLSearchParams() };
  const rest = hash.slice(1);
  const q = rest.indexOf('?');
  const path = q < 0 ? rest : rest.slice(0, q);
  const query = new URLSearchParams(q < 0 ? '' : rest.slice(q + 1));
  return { path: normalizePath(path), query };
}

/** Matches a path against a pattern; returns the decoded parameters, or null.
 * A parameter matches one non-empty segment. */
export function matchPath(pattern: string, path: string): Params | null {
  const want = pattern.split('/').filter(Boolean);
  const got = path.split('/').filter(Boolean);
  if (want.length !== got.length) return null;
  const params: Params = {};
  for (let i = 0; i < want.length; i++) {
    if (want[i].startsWith(':')) {
      try {
        params[want[i].slice(1)] = decodeURIComponent(got[i]);
      } catch {
        return null; // malformed %-encoding
      }
    } else if (want[i] !== got[i]) {
      return null;
    }
  }
  return params;
}

/** Ranks patterns so that static segments win over parameters: "/requests/new"
 * beats "/requests/:id" whatever their order in the registry. */
function specificity(pattern: string): number[] {
  return pattern
    .split('/')
    .filter(Boolean)
    .map((s) => (s.startsWith(':') ? 1 : 2));
}

function compareSpecificity(a: string, b: string): number {
  const sa = specificity(a);
  const sb = specificity(b);
  for (let i = 0; i < Math.min(sa.length, sb.length); i++) if (sa[i] !== sb[i]) return sb[i] - sa[i];
  return 0;
}

/** Finds the most specific route whose pattern matches the path. */
export function resolve<R extends { path: string }>(routes: readonly R[], path: string): { route: R; params: Params } | null {
  let best: { route: R; params: Params } | null = null;
  for (const route of routes) {
    const params = matchPath(route.path, path);
    if (params && (!best || compareSpecificity(route.path, best.route.path) < 0)) best = { route, params };
  }
  return best;
}

type QueryValues = Record<string, string | number | null | undefined>;

/** Builds the href of a pattern: href('/requests/:id', { id: 'a b' }, { tab: 'x' })
 * is "#/requests/a%20b?tab=x". Empty query values are left out. */
export function href<P extends string>(
  pattern: P,
  ...rest: ParamNames<P> extends never ? [params?: undefined, query?: QueryValues] : [params: Record<ParamNames<P>, string>, query?: QueryValues]
): string {
  const [params, query] = rest as [Params | undefined, QueryValues | undefined];
  const path = pattern
    .split('/')
    .map((s) => (s.startsWith(':') ? encodeURIComponent(params?.[s.slice(1)] ?? '') : s))
    .join('/');
  return '#' + normalizePath(path) + queryString(query);
}

function queryString(query?: QueryValues): string {
  if (!query) return '';
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== null && v !== undefined && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? '?' + s : '';
}

/** Accepts a return path only when it stays inside the portal: "/x?y" yes,
 * "//evil.example", "https://…", "javascript:…" no. */
export function safeReturnPath(value: string | null | undefined): string | null {
  if (!value || !value.startsWith('/') || value.startsWith('//') || value.includes('\\')) return null;
  return value;
}

/** The place as a return path: "/requests/42?tab=x". */
export function placeToPath(place: Place): string {
  const q = place.query.toString();
  return place.path + (q ? '?' + q : '');
}

// The current place, shared by the app: navigate() updates it synchronously, so a
// state change and a navigation made in the same handler render together.
let hashNow = typeof location === 'undefined' ? '' : location.hash;
const listeners = new Set<() => void>();

export function currentPlace(): Place {
  return parseHash(hashNow);
}

/** The current hash, as a value that changes exactly when the place does. */
export function currentHash(): string {
  return hashNow;
}

/** Calls fn whenever the place changes; returns the unsubscribe function. */
export function onNavigate(fn: () => void): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

function changed(hash: string): void {
  if (hash === hashNow) return;
  hashNow = hash;
  for (const fn of listeners) fn();
}

/** Goes to a place given as "/path?query" or "#/path?query"; replace keeps the
 * history entry (for redirects). */
export function navigate(to: string, { replace = false }: { replace?: boolean } = {}): void {
  const hash = to.startsWith('#') ? to : '#' + to;
  if (replace) history.replaceState(history.state, '', hash);
  else history.pushState(null, '', hash);
  changed(hash);
}

/** Follows the browser: links, back and forward. Hashes that are not routes
 * ("#main") are in-page anchors and leave the place as it is. */
export function listen(): void {
  const follow = () => {
    if (location.hash.startsWith('#/') || location.hash === '') changed(location.hash);
  };
  addEventListener('hashchange', follow);
  addEventListener('popstate', follow);
}
