import { describe, expect, it } from 'vitest';
import { decide, navigation, requiredPage } from './access';
import type { RouteDef } from './page';
import { parseHash } from './router';
import type { SessionState, User } from './session';

// A session may be held on one page until the person does what it waits for: enrol
// the second factor their organisation requires, or replace a password an
// administrator chose.
const user: User = { id: 'u', orgId: 'o', email: 'e@x.fr', login: 'l', firstName: 'F', lastName: 'L', lang: 'fr', role: 'user', status: 'ready', created: '' };
const enrol: SessionState = { status: 'signed-in', user, mfaEnrolmentRequired: true };
const mustChange: SessionState = { status: 'signed-in', user: { ...user, mustChangePassword: true } };
const both: SessionState = { status: 'signed-in', user: { ...user, mustChangePassword: true }, mfaEnrolmentRequired: true };
const free: SessionState = { status: 'signed-in', user };

describe('required pages', () => {
  it('are the enrolment first, then the new password', () => {
    expect(requiredPage(enrol)).toBe('/signin/enrol');
    expect(requiredPage(mustChange)).toBe('/account/password');
    expect(requiredPage(both)).toBe('/signin/enrol');
    expect(requiredPage(free)).toBeNull();
    expect(requiredPage({ status: 'anonymous' })).toBeNull();
  });

  it('hold the session there, with the way back to where it was going', () => {
    expect(decide('signed-in', enrol, parseHash('#/'))).toEqual({ kind: 'redirect', to: '#/signin/enrol' });
    expect(decide('signed-in', enrol, parseHash('#/account'))).toEqual({ kind: 'redirect', to: '#/signin/enrol?next=%2Faccount' });
    expect(decide('admin', enrol, parseHash('#/admin'))).toEqual({ kind: 'redirect', to: '#/signin/enrol?next=%2Fadmin' });
    // Right after sign-in the person is on an anonymous-only page: its return path counts.
    expect(decide('anonymous-only', enrol, parseHash('#/signin?next=%2Fapplications'))).toEqual({
      kind: 'redirect',
      to: '#/signin/enrol?next=%2Fapplications',
    });
    expect(decide('signed-in', mustChange, parseHash('#/applications'))).toEqual({
      kind: 'redirect',
      to: '#/account/password?next=%2Fapplications',
    });
  });

  it('render the required page itself and public pages', () => {
    expect(decide('signed-in', enrol, parseHash('#/signin/enrol'))).toEqual({ kind: 'render' });
    expect(decide('signed-in', mustChange, parseHash('#/account/password'))).toEqual({ kind: 'render' });
    expect(decide('public', enrol, parseHash('#/help'))).toEqual({ kind: 'render' });
  });

  it('leave only public pages in the navigation', () => {
    const page = () => null;
    const routes: RouteDef[] = [
      { path: '/help', page, titleKey: 'help.title', access: 'public', navKey: 'help.title' },
      { path: '/account', page, titleKey: 'account.title', access: 'signed-in', navKey: 'account.title' },
    ];
    expect(navigation(routes, enrol).map((r) => r.path)).toEqual(['/help']);
    expect(navigation(routes, free).map((r) => r.path)).toEqual(['/help', '/account']);
  });
});
