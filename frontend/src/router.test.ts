import { describe, expect, it } from 'vitest';
import { href, matchPath, normalizePath, parseHash, placeToPath, resolve, safeReturnPath } from './router';

describe('parseHash', () => {
  it.each([
    ['', '/'],
    ['#', '/'],
    ['#main', '/'],
    ['#/', '/'],
    ['#/help', '/help'],
    ['#/help/', '/help'],
    ['#//help//x', '/help/x'],
    ['#/register?x=1', '/register'],
    ['#/requests/42?tab=history&q=a%20b', '/requests/42'],
  ])('%j → %s', (hash, path) => expect(parseHash(hash).path).toBe(path));

  it('reads the query', () => {
    const { query } = parseHash('#/requests?status=open&q=a%20b&q=c');
    expect(query.get('status')).toBe('open');
    expect(query.getAll('q')).toEqual(['a b', 'c']);
    expect(parseHash('#/x').query.toString()).toBe('');
  });

  it('normalises paths', () => {
    expect(normalizePath('')).toBe('/');
    expect(normalizePath('a/b/')).toBe('/a/b');
  });
});

describe('matchPath', () => {
  it('matches static paths exactly', () => {
    expect(matchPath('/', '/')).toEqual({});
    expect(matchPath('/help', '/help')).toEqual({});
    expect(matchPath('/help', '/helps')).toBeNull();
    expect(matchPath('/help', '/help/x')).toBeNull();
    expect(matchPath('/help/x', '/help')).toBeNull();
  });

  it('decodes parameters', () => {
    expect(matchPath('/requests/:id', '/requests/42')).toEqual({ id: '42' });
    expect(matchPath('/orgs/:org/users/:user', '/orgs/a%2Fb/users/%C3%A9')).toEqual({ org: 'a/b', user: 'é' });
  });

  it('refuses malformed encodings and missing segments', () => {
    expect(matchPath('/requests/:id', '/requests/%E0%A4%A')).toBeNull();
    expect(matchPath('/requests/:id', '/requests')).toBeNull();
  });
});

describe('resolve', () => {
  const routes = [{ path: '/requests/:id' }, { path: '/requests/new' }, { path: '/requests' }, { path: '/:any/edit' }, { path: '/users/:id/edit' }];

  it('prefers static segments over parameters, whatever the order', () => {
    expect(resolve(routes, '/requests/new')).toEqual({ route: routes[1], params: {} });
    expect(resolve(routes, '/requests/7')).toEqual({ route: routes[0], params: { id: '7' } });
    expect(resolve(routes, '/users/3/edit')?.route).toBe(routes[4]);
    expect(resolve(routes, '/x/edit')?.route).toBe(routes[3]);
  });

  it('returns null when nothing matches', () => {
    expect(resolve(routes, '/nope')).toBeNull();
  });
});

describe('href', () => {
  it('fills and encodes parameters', () => {
    expect(href('/help')).toBe('#/help');
    expect(href('/')).toBe('#/');
    expect(href('/requests/:id', { id: 'a b/c' })).toBe('#/requests/a%20b%2Fc');
    expect(href('/orgs/:org/users/:user', { org: 'o', user: 'u' })).toBe('#/orgs/o/users/u');
  });

  it('adds the non-empty query values', () => {
    expect(href('/signin', undefined, { next: '/requests/1?x=y', reason: undefined, empty: '', none: null })).toBe(
      '#/signin?next=%2Frequests%2F1%3Fx%3Dy',
    );
    expect(href('/requests/:id', { id: '1' }, { page: 2 })).toBe('#/requests/1?page=2');
  });

  it('round-trips through parseHash', () => {
    const place = parseHash(href('/signin', undefined, { next: '/a?b=c&d=e' }));
    expect(place.path).toBe('/signin');
    expect(place.query.get('next')).toBe('/a?b=c&d=e');
    expect(placeToPath(parseHash('#/a?b=c'))).toBe('/a?b=c');
    expect(placeToPath(parseHash('#/a'))).toBe('/a');
  });
});

describe('safeReturnPath', () => {
  it.each(['/', '/requests/1', '/a?b=c'])('keeps %s', (p) => expect(safeReturnPath(p)).toBe(p));
  it.each([null, undefined, '', 'requests', '//evil.example', '/\\evil.example', 'https://evil.example', 'javascript:alert(1)'])(
    'refuses %j',
    (p) => expect(safeReturnPath(p)).toBeNull(),
  );
});
