import { describe, expect, it } from 'vitest';
import {
  DEFAULT_LANG,
  detectLanguage,
  dictionaries,
  documentTitle,
  getLanguage,
  isLang,
  persistLanguage,
  setLanguage,
  STORAGE_KEY,
  t,
  translate,
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

describe('dictionaries', () => {
  it('fr and en have exactly the same keys', () => {
    const fr = Object.keys(dictionaries.fr).sort();
    const en = Object.keys(dictionaries.en).sort();
    expect(en).toEqual(fr);
    expect(fr.length).toBeGreaterThan(0);
  });

  it.each(['fr', 'en'] as const)('%s has no empty strings', (lang) => {
    for (const [key, value] of Object.entries(dictionaries[lang])) {
      expect(typeof value, key).toBe('string');
      expect(value.trim(), key).not.toBe('');
    }
  });

  it('has the sign-in wording', () => {
    expect(translate('fr', 'signin.submit')).toBe('Se connecter');
    expect(translate('en', 'signin.submit')).toBe('Sign in');
    expect(translate('fr', 'health.ok')).toBe('Service opérationnel');
    expect(translate('en', 'health.down')).toBe('Service unavailable');
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
    expect(t('nav.home')).toBe('Home');
    setLanguage('fr');
    expect(t('nav.home')).toBe('Accueil');
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
