// The route registry: one line per page. Pages outside the first load use
// lazy(() => import(...)) so they come in their own chunk on first visit.
// The order only matters for the navigation: "/a/new" wins over "/a/:id" anyway.
import { ComingSoon } from './app/ComingSoon';
import SignInPage from './features/signin/SignInPage';
import { lazy, type RouteDef } from './page';

export const routes: readonly RouteDef[] = [
  { path: '/', page: lazy(() => import('./features/home/HomePage')), titleKey: 'home.title', access: 'signed-in' },
  { path: '/signin', page: SignInPage, titleKey: 'signin.title', access: 'anonymous-only' },
  { path: '/signin/mfa', page: lazy(() => import('./features/signin/MfaPage')), titleKey: 'signin.mfa.title', access: 'anonymous-only' },
  { path: '/register', page: ComingSoon, titleKey: 'register.title', access: 'anonymous-only' },
  { path: '/forgot-password', page: ComingSoon, titleKey: 'recovery.title', access: 'anonymous-only' },
  { path: '/account', page: ComingSoon, titleKey: 'account.title', access: 'signed-in' },
  { path: '/admin', page: ComingSoon, titleKey: 'admin.title', access: 'admin', navKey: 'admin.title' },
  { path: '/backoffice', page: ComingSoon, titleKey: 'backoffice.title', access: 'operator', navKey: 'backoffice.title' },
  { path: '/help', page: lazy(() => import('./features/help/HelpPage')), titleKey: 'help.title', access: 'public', navKey: 'help.title' },
];
