import { describe, expect, it } from 'vitest';
import {
  DEFAULT_LANG,
  detectLanguage,
  dictionaries,
  documentTitle,
  getLanguage,
  interpolate,
  isLang,
  mergeSources,
  persistLanguage,
  setLanguage,
  sourceName,
  sources,
  STORAGE_KEY,
  t,
  translate,
  translatePlural,
} from './i18n';

function memoryStorage(initial: Record<string, string> = {}) {
  const data = new Map(Object.entries(initial));
  return {
    data,
    getItem: (k: string) => data.get(k) ?? null,
    setItem: (k: string, v: string) => void data.set(k, v),
  };
}

const throwingStorage = {
  getItem: (): string | null => {
    throw new Error('denied');
  },
  setItem: (): void => {
    throw new Error('denied');
  },
};

describe('every messages.ts', () => {
  it('is found: the shell, the UI pieces and each feature', () => {
    const names = sources.map((s) => s.name);
    expect(names).toContain('app');
    expect(names).toContain('ui');
    expect(names).toContain('signin');
    expect(new Set(names).size).toBe(names.length);
  });

  it.each(sources.map((s) => [s.name, s] as const))('%s: fr and en have exactly the same keys', (_, src) => {
    expect(Object.keys(src.en).sort()).toEqual(Object.keys(src.fr).sort());
    expect(Object.keys(src.fr).length).toBeGreaterThan(0);
  });

  it.each(sources.map((s) => [s.name, s] as const))('%s: keys start with the folder name', (name, src) => {
    for (const key of Object.keys(src.fr)) expect(key.startsWith(name + '.'), key).toBe(true);
  });

  it.each(sources.flatMap((s) => (['fr', 'en'] as const).map((l) => [s.name, l, s] as const)))(
    '%s/%s has no empty strings',
    (_, lang, src) => {
      for (const [key, value] of Object.entries(src[lang])) {
        expect(typeof value, key).toBe('string');
        expect(value.trim(), key).not.toBe('');
      }
    },
  );

  it('defines no key twice across the portal', () => {
    expect(mergeSources(sources).duplicates).toEqual([]);
  });

  it('merged dictionaries hold every key of every source', () => {
    const total = sources.reduce((n, s) => n + Object.keys(s.fr).length, 0);
    expect(Object.keys(dictionaries.fr)).toHaveLength(total);
    expect(Object.keys(dictionaries.en).sort()).toEqual(Object.keys(dictionaries.fr).sort());
  });

  it('uses the same {placeholders} in both languages', () => {
    const names = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const key of Object.keys(dictionaries.fr)) expect(names(dictionaries.en[key]), key).toEqual(names(dictionaries.fr[key]));
  });
});

describe('translatePlural', () => {
  it('picks the form of the count by each language’s plural rules', () => {
    expect(translatePlural('fr', 'applications.catalog.days', 1)).toBe('1 jour');
    expect(translatePlural('fr', 'applications.catalog.days', 0)).toBe('0 jour');
    expect(translatePlural('fr', 'applications.catalog.days', 30)).toBe('30 jours');
    expect(translatePlural('en', 'applications.catalog.days', 1)).toBe('1 day');
    expect(translatePlural('en', 'applications.catalog.days', 0)).toBe('0 days');
  });

  it('falls back to the other form for a category a message does not spell', () => {
    // French calls a million "many".
    expect(translatePlural('fr', 'applications.catalog.days', 1_000_000)).toBe('1000000 jours');
  });
});

describe('mergeSources', () => {
  it('merges and reports duplicates, first definition winning', () => {
    const merged = mergeSources([
      { name: 'a', fr: { 'a.x': 'X', 'a.y': 'Y' }, en: { 'a.x': 'X', 'a.y': 'Y' } },
      { name: 'b', fr: { 'b.z': 'Z', 'a.x': 'autre' }, en: { 'b.z': 'Z', 'a.x': 'other' } },
    ]);
    expect(merged.dictionaries.fr).toEqual({ 'a.x': 'X', 'a.y': 'Y', 'b.z': 'Z' });
    expect(merged.dictionaries.en['a.x']).toBe('X');
    expect(merged.duplicates).toEqual([{ key: 'a.x', sources: ['a', 'b'] }]);
  });

  it('names a source after its folder', () => {
    expect(sourceName('./features/orders/messages.ts')).toBe('orders');
    expect(sourceName('./ui/messages.ts')).toBe('ui');
  });
});

describe('translate', () => {
  it('has the sign-in wording', () => {
    expect(translate('fr', 'signin.submit')).toBe('Se connecter');
    expect(translate('en', 'signin.submit')).toBe('Sign in');
    expect(translate('fr', 'app.health.ok')).toBe('Service opérationnel');
    expect(translate('en', 'app.health.down')).toBe('Service unavailable');
  });

  it('fills placeholders', () => {
    expect(translate('fr', 'home.greeting', { firstName: 'Adèle' })).toBe('Bonjour Adèle');
    expect(translate('en', 'ui.stepper.position', { current: 2, total: 4 })).toBe('Step 2 of 4');
    expect(interpolate('{a} and {b}', { a: 'x' })).toBe('x and {b}');
    expect(interpolate('{a}', undefined)).toBe('{a}');
  });
});

describe('detectLanguage', () => {
  it('defaults to French with nothing stored and no navigator language', () => {
    expect(DEFAULT_LANG).toBe('fr');
    expect(detectLanguage(null, null)).toBe('fr');
    expect(detectLanguage(memoryStorage(), undefined)).toBe('fr');
  });

  it('uses the stored language first', () => {
    expect(detectLanguage(memoryStorage({ [STORAGE_KEY]: 'en' }), 'fr-FR')).toBe('en');
    expect(detectLanguage(memoryStorage({ [STORAGE_KEY]: 'fr' }), 'en-US')).toBe('fr');
  });

  it('ignores an invalid stored value', () => {
    expect(detectLanguage(memoryStorage({ [STORAGE_KEY]: 'de' }), 'en-GB')).toBe('en');
    expect(detectLanguage(memoryStorage({ [STORAGE_KEY]: '' }), 'fr')).toBe('fr');
  });

  it('follows an English browser, else French', () => {
    expect(detectLanguage(memoryStorage(), 'en')).toBe('en');
    expect(detectLanguage(memoryStorage(), 'EN-us')).toBe('en');
    expect(detectLanguage(memoryStorage(), 'fr-CA')).toBe('fr');
    expect(detectLanguage(memoryStorage(), 'de-DE')).toBe('fr');
  });

  it('survives a storage that throws', () => {
    expect(detectLanguage(throwingStorage, 'en-US')).toBe('en');
  });
});

describe('persistLanguage', () => {
  it('stores under guichet.lang and round-trips through detectLanguage', () => {
    const storage = memoryStorage();
    expect(persistLanguage('en', storage)).toBe(true);
    expect(storage.data.get('guichet.lang')).toBe('en');
    expect(detectLanguage(storage, 'fr-FR')).toBe('en');
    persistLanguage('fr', storage);
    expect(detectLanguage(storage, 'en-US')).toBe('fr');
  });

  it('reports failure without throwing', () => {
    expect(persistLanguage('en', null)).toBe(false);
    expect(persistLanguage('en', throwingStorage)).toBe(false);
  });
});

describe('t / setLanguage', () => {
  it('translates with the current language (no DOM needed)', () => {
    setLanguage('en');
    expect(getLanguage()).toBe('en');
    expect(t('app.nav.home')).toBe('Home');
    setLanguage('fr');
    expect(t('app.nav.home')).toBe('Accueil');
  });

  it('builds the document title per language', () => {
    expect(documentTitle('fr', 'signin.title')).toBe('Connexion — Guichet');
    expect(documentTitle('en', 'signin.title')).toBe('Sign in — Guichet');
  });

  it('isLang', () => {
    expect(isLang('fr')).toBe(true);
    expect(isLang('en')).toBe(true);
    expect(isLang('EN')).toBe(false);
    expect(isLang(null)).toBe(false);
  });
});
