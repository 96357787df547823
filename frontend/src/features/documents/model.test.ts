import { describe, expect, it } from 'vitest';
import { setLanguage } from '../../i18n';
import { declaredType, formatSize, TYPES } from './model';

describe('declaredType', () => {
  it('keeps a browser type the portal takes, else names the extension’s, else refuses', () => {
    expect(declaredType('a.pdf', 'application/pdf')).toBe('application/pdf');
    expect(declaredType('Rapport.DOCX', '')).toBe(TYPES.docx);
    expect(declaredType('tableur.ods', 'application/octet-stream')).toBe(TYPES.ods);
    expect(declaredType('page.html', 'text/html')).toBe('');
    expect(declaredType('sans-extension', '')).toBe('');
    expect(declaredType('ancien.doc', 'application/msword')).toBe('');
  });
});

describe('formatSize', () => {
  it('reads as a person writes sizes, in each language', () => {
    setLanguage('fr');
    expect(formatSize(700, 'fr')).toBe('700 o');
    expect(formatSize(34 * 1024, 'fr')).toBe('34 Ko');
    expect(formatSize(1.25 * 1024 * 1024, 'fr')).toBe('1,3 Mo');
    setLanguage('en');
    expect(formatSize(1.25 * 1024 * 1024, 'en')).toBe('1.3 MB');
  });
});
