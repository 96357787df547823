import { describe, expect, it } from 'vitest';
import { dictionaries, setLanguage, sources, t, tn, type MessageSource } from '../../i18n';
import account from '../account/accountMessages';
import organisation from '../backoffice/organisationMessages';
import recovery from '../recovery/linkMessages';
import documents from '../documents/documentsMessages';
import catalogueLazy from '../catalogue/catalogueMessages';
import company from './companyMessages';
import delegation from './delegationMessages';

// The messages added when their pages load follow the rules i18n.test.ts checks
// for the others, and define no key of the first load's (which would keep its own
// text silently).
const lazy: [string, string, MessageSource][] = [
  ['admin', 'companyMessages', company],
  ['admin', 'delegationMessages', delegation],
  ['backoffice', 'organisationMessages', organisation],
  ['account', 'accountMessages', account],
  ['recovery', 'linkMessages', recovery],
  ['documents', 'documentsMessages', documents],
  ['catalogue', 'catalogueMessages', catalogueLazy],
];

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe.each(lazy)('%s/%s', (folder, _, src) => {
  it('has the same keys in fr and en, all of the folder, none empty, with the same placeholders', () => {
    expect(Object.keys(src.en).sort()).toEqual(Object.keys(src.fr).sort());
    for (const [key, text] of Object.entries(src.fr)) {
      expect(key.startsWith(folder + '.'), key).toBe(true);
      expect(text.trim(), key).not.toBe('');
      expect(src.en[key].trim(), key).not.toBe('');
      expect(placeholders(src.en[key]), key).toEqual(placeholders(text));
    }
  });

  it('defines no key of the first load', () => {
    const eager = new Set(sources.flatMap((s) => Object.keys(s.fr)));
    for (const key of Object.keys(src.fr)) expect(eager.has(key), key).toBe(false);
  });

  it('is in the dictionaries once loaded', () => {
    for (const key of Object.keys(src.fr)) {
      expect(dictionaries.fr[key]).toBe(src.fr[key]);
      expect(dictionaries.en[key]).toBe(src.en[key]);
    }
  });
});

describe('counted messages', () => {
  it('spell no plural as "(s)": they have .one and .other forms, read through tn()', () => {
    for (const lang of ['fr', 'en'] as const) {
      for (const [key, text] of Object.entries(dictionaries[lang])) expect(text, key).not.toMatch(/\(s\)/);
    }
    const bases = Object.keys(dictionaries.fr).filter((k) => k.endsWith('.other')).map((k) => k.slice(0, -'.other'.length));
    expect(bases).toContain('admin.import.skipped');
    for (const base of bases) {
      expect(dictionaries.fr[`${base}.one`], base).toBeTruthy();
      expect(dictionaries.en[`${base}.one`], base).toBeTruthy();
    }
  });

  it('say "1 ligne", not "Les 1 lignes"', () => {
    setLanguage('fr');
    expect(tn('admin.import.skipped', 1)).toBe('1 ligne en erreur sera ignorée.');
    expect(tn('admin.import.skipped', 3)).toBe('Les 3 lignes en erreur seront ignorées.');
    setLanguage('en');
    expect(tn('admin.rights.pending', 1)).toBe('Unsaved changes: 1 line.');
    setLanguage('fr');
  });
});

describe('the lazy messages', () => {
  it('translate like the others', () => {
    setLanguage('en');
    expect(t('admin.user.sectionLevel', { section: 'Invoices', level: 'Manager' })).toBe('Invoices: Manager');
    setLanguage('fr');
    expect(t('admin.user.sectionLevel', { section: 'Factures', level: 'Gestionnaire' })).toBe('Factures : Gestionnaire');
    expect(t('backoffice.org.actAs', { name: 'Léa' })).toBe('Se connecter en tant que Léa');
  });
});
