import { describe, expect, it } from 'vitest';
import { href, parseHash } from './router';

describe('parseHash', () => {
  it.each([
    ['', '/'],
    ['#', '/'],
    ['#main', '/'],
    ['#/', '/'],
    ['#/help', '/help'],
    ['#/help/', '/help'],
    ['#/register?x=1', '/register'],
    ['#/forgot-password', '/forgot-password'],
    ['#/nope', 'not-found'],
  ])('%j → %s', (hash, route) => expect(parseHash(hash)).toBe(route));

  it('href', () => expect(href('/help')).toBe('#/help'));
});
