import { describe, expect, it } from 'vitest';
import { newPasswordErrors, ruleStates } from './password';

const states = (pw: string, server: string[] | null = null) => Object.fromEntries(ruleStates(pw, server).map((s) => [s.rule.code, s.ok]));

describe('ruleStates', () => {
  it('checks the local rules as the person types', () => {
    expect(states('abc')).toEqual({
      password_too_short: false,
      password_lower: true,
      password_upper: false,
      password_digit: false,
      password_symbol: false,
      password_common: null,
      password_personal: null,
    });
    const good = states('Vélo-Rouge.42');
    for (const code of ['password_too_short', 'password_lower', 'password_upper', 'password_digit', 'password_symbol']) expect(good[code], code).toBe(true);
  });

  it('counts characters, not bytes, and knows accented letters', () => {
    expect(states('Éééééé1#').password_too_short).toBe(true);
    expect(states('ÉLAN#123').password_lower).toBe(false);
    expect(states('élan#123').password_lower).toBe(true);
  });

  it('accepts only the policy’s symbols', () => {
    expect(states('Abcdefg1$').password_symbol).toBe(false);
    for (const c of '#!.@_-/') expect(states(`Abcdefg1${c}`).password_symbol, c).toBe(true);
  });

  it('takes the server-only rules from the server’s answer', () => {
    expect(states('P@ssw0rd2026!', ['password_common']).password_common).toBe(false);
    expect(states('P@ssw0rd2026!', ['password_common']).password_personal).toBe(true);
    expect(states('', []).password_common).toBeNull();
  });

  it('marks nothing as kept for an empty password', () => {
    expect(Object.values(states('')).every((v) => v === false || v === null)).toBe(true);
  });
});

describe('newPasswordErrors', () => {
  it('accepts a password that follows the rules, typed twice alike', () => {
    expect(newPasswordErrors('Rouge-Velo.2026x', 'Rouge-Velo.2026x', 'register.password.invalid')).toEqual({});
  });
  it('puts a mismatch on the repeating field only', () => {
    expect(newPasswordErrors('Rouge-Velo.2026x', 'Rouge-Velo.2026y', 'register.password.invalid')).toEqual({ confirm: 'ui.password.mismatch' });
  });
  it('requires both fields, and says when the password breaks a rule', () => {
    expect(newPasswordErrors('', '', 'activate.passwordRules')).toEqual({ password: 'ui.field.required', confirm: 'ui.field.required' });
    expect(newPasswordErrors('abc', 'abc', 'activate.passwordRules')).toEqual({ password: 'activate.passwordRules' });
  });
});
