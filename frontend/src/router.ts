export type Route = '/' | '/help' | '/forgot-password' | '/register' | 'not-found';

const ROUTES: readonly Route[] = ['/', '/help', '/forgot-password', '/register'];

/** Maps a location hash to a route. Hashes not starting with "#/" (e.g. the
 * skip link's "#main") are treated as the home route. */
export function parseHash(hash: string): Route {
  if (!hash.startsWith('#/')) return '/';
  const path = hash.slice(1).split(/[?#]/)[0].replace(/\/+$/, '') || '/';
  return (ROUTES as readonly string[]).includes(path) ? (path as Route) : 'not-found';
}

export function href(route: Exclude<Route, 'not-found'>): string {
  return `#${route}`;
}
