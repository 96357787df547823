// What a page is, for the route registry (routes.ts) and the pages themselves.
import type { ComponentType } from 'preact';
import type { Key } from './i18n';
import type { Params } from './router';

/** Who may open a page:
 * - public: everyone;
 * - anonymous-only: people not signed in (sign-in, sign-up); others go home;
 * - signed-in: any signed-in person; others go to sign-in and come back;
 * - admin / operator: a customer administrator / vendor staff; other signed-in
 *   people see "access denied";
 * - customer: a customer's user or administrator (not vendor staff), for pages
 *   about the organisation's contracts;
 * - org-users: who may read the organisation's users: its administrators and its
 *   delegated administrators (Visitor or Manager on a contract's Users section). */
export type Access = 'public' | 'anonymous-only' | 'signed-in' | 'admin' | 'operator' | 'customer' | 'org-users';

/** What every page receives. */
export interface PageProps {
  /** The path's parameters: { id: '42' } for "/requests/:id" at "#/requests/42". */
  params: Params;
  /** The hash's query: "#/requests?status=open" gives status=open. */
  query: URLSearchParams;
  /** The route that matched (its titleKey names the page). */
  route: RouteDef;
}

export type PageComponent = ComponentType<PageProps>;

/** A page loaded on first visit, in its own chunk. */
export interface LazyPage {
  load: () => Promise<{ default: PageComponent }>;
}

/** lazy(() => import('./features/x/XPage')): the module's default export is the page. */
export function lazy(load: LazyPage['load']): LazyPage {
  return { load };
}

export interface RouteDef {
  /** "/requests/:id": static segments and :parameters. */
  path: string;
  /** The page: a component (in the first load) or lazy(() => import(…)). */
  page: PageComponent | LazyPage;
  /** The page's name, for the document title. */
  titleKey: Key;
  access: Access;
  /** When set, the page is in the header navigation under this label, for those
   * its access lets in. */
  navKey?: Key;
}
