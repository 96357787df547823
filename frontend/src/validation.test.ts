import { describe, expect, it } from 'vitest';
import { hasErrors, isBlank, isValidEmail, validateSignIn } from './validation';

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

describe('validateSignIn', () => {
  it('requires both fields', () => {
    const errors = validateSignIn({ email: '', password: '' });
    expect(errors).toEqual({ email: 'error.required', password: 'error.required' });
    expect(hasErrors(errors)).toBe(true);
  });

  it('flags a malformed email', () => {
    expect(validateSignIn({ email: 'nope', password: 'secret' })).toEqual({ email: 'error.email' });
  });

  it('treats a whitespace-only email as missing', () => {
    expect(validateSignIn({ email: '   ', password: 'x' })).toEqual({ email: 'error.required' });
  });

  it('accepts a password of spaces (not trimmed)', () => {
    expect(validateSignIn({ email: 'a@b.fr', password: '   ' })).toEqual({});
  });

  it('passes valid input', () => {
    const errors = validateSignIn({ email: 'client@societe.fr', password: 'hunter2' });
    expect(errors).toEqual({});
    expect(hasErrors(errors)).toBe(false);
  });
});
