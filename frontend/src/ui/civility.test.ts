import { describe, expect, it } from 'vitest';
import { setLanguage } from '../i18n';
import { civilityLabel, civilityOptions } from './Civility';

describe('the title list', () => {
  it('offers the same titles everywhere, in the reader’s language', () => {
    setLanguage('en');
    expect(civilityOptions('')).toEqual([
      { value: 'ms', label: 'Ms' },
      { value: 'mr', label: 'Mr' },
    ]);
    setLanguage('fr');
    expect(civilityLabel('ms')).toBe('Madame');
  });

  it('keeps a title typed before the list existed, as typed', () => {
    expect(civilityOptions('Dr').map((o) => o.value)).toEqual(['ms', 'mr', 'Dr']);
    expect(civilityLabel('Dr')).toBe('Dr');
    expect(civilityOptions('mr')).toHaveLength(2);
  });
});
