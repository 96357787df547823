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
  { path: '/register', page: lazy(() => import('./features/register/EmailStep')), titleKey: 'register.title', access: 'anonymous-only' },
  { path: '/register/code', page: lazy(() => import('./features/register/CodeStep')), titleKey: 'register.code.title', access: 'anonymous-only' },
  { path: '/register/organisation', page: lazy(() => import('./features/register/OrganisationStep')), titleKey: 'register.org.title', access: 'anonymous-only' },
  { path: '/register/details', page: lazy(() => import('./features/register/DetailsStep')), titleKey: 'register.details.title', access: 'anonymous-only' },
  { path: '/register/status', page: lazy(() => import('./features/register/StatusPage')), titleKey: 'register.status.title', access: 'signed-in' },
  { path: '/forgot-password', page: ComingSoon, titleKey: 'recovery.title', access: 'anonymous-only' },
  { path: '/request-user', page: lazy(() => import('./features/applications/RequestUserPage')), titleKey: 'applications.newUser.title', access: 'anonymous-only' },
  { path: '/activate', page: lazy(() => import('./features/activate/ActivatePage')), titleKey: 'activate.title', access: 'public' },
  { path: '/applications', page: lazy(() => import('./features/applications/ManagePage')), titleKey: 'applications.title', access: 'signed-in', navKey: 'applications.nav' },
  { path: '/applications/approvals', page: lazy(() => import('./features/applications/ApprovalsPage')), titleKey: 'applications.approvals.title', access: 'admin' },
  { path: '/account', page: ComingSoon, titleKey: 'account.title', access: 'signed-in' },
  { path: '/admin', page: ComingSoon, titleKey: 'admin.title', access: 'admin', navKey: 'admin.title' },
  { path: '/admin/join-requests', page: lazy(() => import('./features/admin/JoinRequestsPage')), titleKey: 'admin.join.title', access: 'admin' },
  { path: '/admin/join-requests/:id', page: lazy(() => import('./features/admin/JoinRequestPage')), titleKey: 'admin.join.detailTitle', access: 'admin' },
  { path: '/backoffice', page: ComingSoon, titleKey: 'backoffice.title', access: 'operator', navKey: 'backoffice.title' },
  { path: '/backoffice/registrations', page: lazy(() => import('./features/backoffice/RegistrationsPage')), titleKey: 'backoffice.reg.title', access: 'operator' },
  { path: '/backoffice/registrations/:id', page: lazy(() => import('./features/backoffice/RegistrationPage')), titleKey: 'backoffice.reg.detailTitle', access: 'operator' },
  { path: '/backoffice/freemail', page: lazy(() => import('./features/backoffice/FreeMailPage')), titleKey: 'backoffice.freemail.title', access: 'operator' },
  { path: '/backoffice/domains', page: lazy(() => import('./features/backoffice/DomainPage')), titleKey: 'backoffice.domain.title', access: 'operator' },
  { path: '/backoffice/domains/:domain', page: lazy(() => import('./features/backoffice/DomainPage')), titleKey: 'backoffice.domain.title', access: 'operator' },
  { path: '/backoffice/access-requests', page: lazy(() => import('./features/backoffice/AccessRequestsPage')), titleKey: 'applications.backoffice.queueTitle', access: 'operator' },
  { path: '/backoffice/applications', page: lazy(() => import('./features/backoffice/CatalogPage')), titleKey: 'applications.backoffice.catalogTitle', access: 'operator' },
  { path: '/backoffice/applications/new', page: lazy(() => import('./features/backoffice/CatalogEntryPage')), titleKey: 'applications.catalog.newTitle', access: 'operator' },
  { path: '/backoffice/applications/:id', page: lazy(() => import('./features/backoffice/CatalogEntryPage')), titleKey: 'applications.catalog.editTitle', access: 'operator' },
  { path: '/help', page: lazy(() => import('./features/help/HelpPage')), titleKey: 'help.title', access: 'public', navKey: 'help.title' },
];
