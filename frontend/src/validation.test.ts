import { describe, expect, it } from 'vitest';
import { checkEmail, isBlank, isValidEmail } from './validation';

describe('isValidEmail', () => {
  it.each(['a@b.fr', 'jean.dupont@entreprise.com', 'x+tag@sub.domain.co.uk', '  padded@example.org  '])(
    'accepts %s',
    (v) => expect(isValidEmail(v)).toBe(true),
  );

  it.each(['', 'plain', '@example.com', 'a@', 'a@b', 'a@b.', 'a@.com', 'a@b..com', 'a b@c.fr', 'a@b@c.fr', `${'a'.repeat(250)}@b.fr`])(
    'rejects %j',
    (v) => expect(isValidEmail(v)).toBe(false),
  );
});

describe('isBlank', () => {
  it('treats whitespace as blank', () => {
    expect(isBlank('')).toBe(true);
    expect(isBlank('  \t')).toBe(true);
    expect(isBlank(' x ')).toBe(false);
  });
});

describe('checkEmail', () => {
  it('says required, malformed or fine', () => {
    expect(checkEmail('   ')).toBe('ui.field.required');
    expect(checkEmail('nope')).toBe('ui.field.email');
    expect(checkEmail('client@societe.fr')).toBeUndefined();
  });
});
