import { describe, expect, it } from 'vitest';
import { dictionaries } from './i18n';
import { matchPath, resolve } from './router';
import { routes } from './routes';

/** The text of every source file of the portal, tests left out. */
const sourceTexts = import.meta.glob<string>(['./**/*.ts', './**/*.tsx', '!./**/*.test.ts'], {
  query: '?raw',
  import: 'default',
  eager: true,
});

/** Source text without comments (which may show example links). */
function code(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
}

describe('the route registry', () => {
  it('has unique, normalised paths', () => {
    const paths = routes.map((r) => r.path);
    expect(new Set(paths).size).toBe(paths.length);
    for (const p of paths) expect(p === '/' || (/^\/[^?#]*[^/]$/.test(p) && !p.includes('//')), p).toBe(true);
  });

  it('names every page and nav entry with an existing message', () => {
    for (const r of routes) {
      expect(dictionaries.fr[r.titleKey], r.path).toBeTruthy();
      if (r.navKey) expect(dictionaries.fr[r.navKey], r.path).toBeTruthy();
    }
  });

  it('puts no parameterised page in the navigation', () => {
    for (const r of routes.filter((r) => r.navKey)) expect(r.path.includes(':'), r.path).toBe(false);
  });

  it('has no two patterns matching the same paths', () => {
    for (const a of routes)
      for (const b of routes) {
        if (a === b) continue;
        const sample = a.path.replace(/:\w+/g, 'x');
        if (matchPath(b.path, sample)) expect(resolve(routes, sample)?.route, `${a.path} vs ${b.path}`).toBe(a);
      }
  });

  it('has the pages the shell links to', () => {
    for (const p of ['/', '/signin', '/signin/mfa', '/account', '/help', '/register', '/forgot-password']) {
      expect(resolve(routes, p), p).not.toBeNull();
    }
  });

  it('is the target of every href() and "#/…" link written in the source', () => {
    const links = new Set<string>();
    for (const raw of Object.values(sourceTexts)) {
      const text = code(raw);
      for (const m of text.matchAll(/href\(\s*'([^']+)'/g)) links.add(m[1]);
      for (const m of text.matchAll(/href="#(\/[^"?]*)/g)) links.add(m[1]);
    }
    expect(links.size).toBeGreaterThan(3);
    const patterns = new Set(routes.map((r) => r.path));
    for (const link of links) expect(patterns.has(link) || resolve(routes, link) !== null, link).toBe(true);
  });
});
