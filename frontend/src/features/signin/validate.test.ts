import { describe, expect, it } from 'vitest';
import { checkMfaCode, validateSignIn } from './validate';

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

describe('checkMfaCode', () => {
  it('requires a code', () => {
    expect(checkMfaCode('totp', ' ')).toBe('ui.field.required');
    expect(checkMfaCode('recovery', '')).toBe('ui.field.required');
  });

  it('wants six digits from the app, spaces allowed', () => {
    expect(checkMfaCode('totp', '123 456')).toBeNull();
    expect(checkMfaCode('totp', '12345')).toBe('register.code.format');
    expect(checkMfaCode('totp', '12345a')).toBe('register.code.format');
  });

  it('leaves a recovery code’s form to the server', () => {
    expect(checkMfaCode('recovery', 'abcde-12345')).toBeNull();
  });
});
