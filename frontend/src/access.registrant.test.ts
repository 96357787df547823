import { describe, expect, it } from 'vitest';
import { decide, isRegistrant, navigation } from './access';
import type { RouteDef } from './page';
import { parseHash } from './router';
import type { SessionState } from './session';

// People whose registration waits for approval (or was refused) are signed in, but
// may only see their registration's status, their profile and public pages.
const withStatus = (status: string): SessionState => ({
  status: 'signed-in',
  user: { id: 'u', orgId: 'o', email: 'e@x.fr', login: 'l', firstName: 'F', lastName: 'L', lang: 'fr', role: 'user', status, created: '' },
});
const pending = withStatus('pending_approval');
const refused = withStatus('refused');
const ready = withStatus('ready');

describe('registrants', () => {
  it('are the pending and refused people', () => {
    expect(isRegistrant(pending)).toBe(true);
    expect(isRegistrant(refused)).toBe(true);
    expect(isRegistrant(ready)).toBe(false);
    expect(isRegistrant({ status: 'anonymous' })).toBe(false);
  });

  it('are sent from other signed-in pages, home included, to their status', () => {
    for (const s of [pending, refused]) {
      expect(decide('signed-in', s, parseHash('#/'))).toEqual({ kind: 'redirect', to: '#/register/status' });
      expect(decide('signed-in', s, parseHash('#/requests/4'))).toEqual({ kind: 'redirect', to: '#/register/status' });
    }
    expect(decide('signed-in', ready, parseHash('#/'))).toEqual({ kind: 'render' });
  });

  it('open their status, their profile and public pages', () => {
    expect(decide('signed-in', pending, parseHash('#/register/status'))).toEqual({ kind: 'render' });
    expect(decide('signed-in', refused, parseHash('#/account'))).toEqual({ kind: 'render' });
    expect(decide('public', pending, parseHash('#/help'))).toEqual({ kind: 'render' });
    expect(decide('admin', pending, parseHash('#/admin'))).toEqual({ kind: 'forbidden' });
  });

  it('see only those pages in the navigation', () => {
    const page = () => null;
    const routes: RouteDef[] = [
      { path: '/help', page, titleKey: 'help.title', access: 'public', navKey: 'help.title' },
      { path: '/account', page, titleKey: 'account.title', access: 'signed-in', navKey: 'account.title' },
      { path: '/requests', page, titleKey: 'home.title', access: 'signed-in', navKey: 'home.title' },
    ];
    expect(navigation(routes, pending).map((r) => r.path)).toEqual(['/help', '/account']);
    expect(navigation(routes, ready).map((r) => r.path)).toEqual(['/help', '/account', '/requests']);
  });
});
