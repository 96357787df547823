import { describe, expect, it } from 'vitest';
import { allows, decide, managedContracts, navigation, readsUsers, signInHref, usersLevel } from './access';
import type { Access, RouteDef } from './page';
import { parseHash } from './router';
import type { Role, SessionState } from './session';

const as = (role: Role): SessionState => ({
  status: 'signed-in',
  user: { id: 'u', orgId: 'o', email: 'e@x.fr', login: 'l', firstName: 'F', lastName: 'L', lang: 'fr', role, status: 'ready', created: '' },
});
const withRights = (rights: Record<string, { sections?: Record<string, 'none' | 'visitor' | 'manager'>; referent?: boolean }>): SessionState => {
  const s = as('user');
  return s.status === 'signed-in' ? { ...s, rights } : s;
};
const usersManager = withRights({ c1: { sections: { users: 'manager' } }, c2: { sections: { orders: 'manager' } } });
const referent = withRights({ c3: { referent: true } });
const noUsers = withRights({ c2: { sections: { orders: 'manager' } } });
const anonymous: SessionState = { status: 'anonymous' };
const loading: SessionState = { status: 'loading' };

describe('allows', () => {
  const table: [Access, SessionState, boolean][] = [
    ['public', anonymous, true],
    ['public', as('user'), true],
    ['anonymous-only', anonymous, true],
    ['anonymous-only', as('user'), false],
    ['signed-in', anonymous, false],
    ['signed-in', as('user'), true],
    ['signed-in', as('operator'), true],
    ['admin', as('admin'), true],
    ['admin', as('user'), false],
    ['admin', as('operator'), false],
    ['operator', as('operator'), true],
    ['operator', as('admin'), false],
    ['operator', anonymous, false],
    ['org-users', as('admin'), true],
    ['org-users', usersManager, true],
    ['org-users', referent, true],
    ['org-users', noUsers, false],
    ['org-users', as('user'), false],
    ['org-users', as('operator'), false],
    ['org-users', anonymous, false],
    ['customer', as('user'), true],
    ['customer', as('admin'), true],
    ['customer', as('operator'), false],
    ['customer', anonymous, false],
  ];
  it.each(table)('%s for %j → %s', (access, session, want) => expect(allows(access, session)).toBe(want));
});

describe('delegated administration', () => {
  it('counts a Users level as the server does: administrators Manager, referents at least Visitor', () => {
    expect(usersLevel(as('admin'), 'any')).toBe('manager');
    expect(usersLevel(usersManager, 'c1')).toBe('manager');
    expect(usersLevel(usersManager, 'c2')).toBe('none');
    expect(usersLevel(referent, 'c3')).toBe('visitor');
    expect(usersLevel(as('operator'), 'c1')).toBe('none');
    expect(managedContracts(usersManager)).toEqual(['c1']);
    expect(managedContracts(referent)).toEqual([]);
    expect(readsUsers(referent)).toBe(true);
  });

  it('shows a Users manager the administration in the header, not someone without Users rights', () => {
    const routes: RouteDef[] = [{ path: '/admin', page: () => null, titleKey: 'admin.title', access: 'org-users', navKey: 'admin.title' }];
    expect(navigation(routes, usersManager).map((r) => r.path)).toEqual(['/admin']);
    expect(navigation(routes, noUsers)).toEqual([]);
  });

  it('waits for the rights of a user before deciding a page they may give', () => {
    const s = as('user');
    expect(decide('org-users', s, parseHash('#/admin/users'))).toEqual({ kind: 'wait' });
    expect(decide('org-users', usersManager, parseHash('#/admin/users'))).toEqual({ kind: 'render' });
    expect(decide('org-users', noUsers, parseHash('#/admin/users'))).toEqual({ kind: 'forbidden' });
    expect(decide('admin', usersManager, parseHash('#/admin/audit'))).toEqual({ kind: 'forbidden' });
  });
});

describe('decide', () => {
  const at = (hash: string) => parseHash(hash);

  it('renders public pages at once, others once the session is known', () => {
    expect(decide('public', loading, at('#/help'))).toEqual({ kind: 'render' });
    expect(decide('signed-in', loading, at('#/'))).toEqual({ kind: 'wait' });
  });

  it('sends visitors to sign-in with a way back', () => {
    expect(decide('signed-in', anonymous, at('#/'))).toEqual({ kind: 'redirect', to: '#/signin' });
    expect(decide('signed-in', anonymous, at('#/requests/4?tab=x'))).toEqual({
      kind: 'redirect',
      to: '#/signin?next=%2Frequests%2F4%3Ftab%3Dx',
    });
    expect(decide('operator', anonymous, at('#/backoffice'))).toEqual({ kind: 'redirect', to: '#/signin?next=%2Fbackoffice' });
  });

  it('sends signed-in people away from sign-in, to the safe return path', () => {
    expect(decide('anonymous-only', as('user'), at('#/signin'))).toEqual({ kind: 'redirect', to: '#/' });
    expect(decide('anonymous-only', as('user'), at('#/signin?next=%2Faccount'))).toEqual({ kind: 'redirect', to: '#/account' });
    expect(decide('anonymous-only', as('user'), at('#/signin?next=%2F%2Fevil.example'))).toEqual({ kind: 'redirect', to: '#/' });
  });

  it('refuses pages of another role', () => {
    expect(decide('admin', as('user'), at('#/admin'))).toEqual({ kind: 'forbidden' });
    expect(decide('operator', as('admin'), at('#/backoffice'))).toEqual({ kind: 'forbidden' });
  });

  it('builds the sign-in link with a reason', () => {
    expect(signInHref(at('#/account'), 'expired')).toBe('#/signin?next=%2Faccount&reason=expired');
    expect(signInHref(at('#/'))).toBe('#/signin');
  });
});

describe('navigation', () => {
  const page = () => null;
  const routes: RouteDef[] = [
    { path: '/', page, titleKey: 'home.title', access: 'signed-in' },
    { path: '/help', page, titleKey: 'help.title', access: 'public', navKey: 'help.title' },
    { path: '/admin', page, titleKey: 'admin.title', access: 'admin', navKey: 'admin.title' },
    { path: '/backoffice', page, titleKey: 'backoffice.title', access: 'operator', navKey: 'backoffice.title' },
    { path: '/signin', page, titleKey: 'signin.title', access: 'anonymous-only' },
  ];
  const paths = (s: SessionState) => navigation(routes, s).map((r) => r.path);

  it('adapts to the role', () => {
    expect(paths(loading)).toEqual([]);
    expect(paths(anonymous)).toEqual(['/help']);
    expect(paths(as('user'))).toEqual(['/help']);
    expect(paths(as('admin'))).toEqual(['/help', '/admin']);
    expect(paths(as('operator'))).toEqual(['/help', '/backoffice']);
  });
});
