import { describe, expect, it } from 'vitest';
import { validateSignIn } from './validate';

describe('validateSignIn', () => {
  it('requires both fields', () => {
    expect(validateSignIn({ email: '', password: '' })).toEqual({ email: 'ui.field.required', password: 'ui.field.required' });
  });

  it('flags a malformed email', () => {
    expect(validateSignIn({ email: 'nope', password: 'secret' })).toEqual({ email: 'ui.field.email' });
  });

  it('treats a whitespace-only email as missing', () => {
    expect(validateSignIn({ email: '   ', password: 'x' })).toEqual({ email: 'ui.field.required' });
  });

  it('accepts a password of spaces (not trimmed)', () => {
    expect(validateSignIn({ email: 'a@b.fr', password: '   ' })).toEqual({});
  });

  it('passes valid input', () => {
    expect(validateSignIn({ email: 'client@societe.fr', password: 'hunter2' })).toEqual({});
  });
});
