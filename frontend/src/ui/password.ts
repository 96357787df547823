// The password policy as the page can check it while the person types (the server
// checks it again, with the common-password list and the person's own details).
import type { Key } from '../i18n';

/** The policy's symbols: at least one is needed. */
export const PASSWORD_SYMBOLS = '#!.@_-/';
export const MIN_PASSWORD_LENGTH = 8;

export interface PasswordRule {
  /** The server's field code for a password breaking this rule. */
  code: string;
  label: Key;
  /** Whether a password keeps the rule; undefined when only the server can tell. */
  test?: (password: string) => boolean;
}

/** The rules, in the order the checklist shows them. */
export const PASSWORD_RULES: readonly PasswordRule[] = [
  { code: 'password_too_short', label: 'ui.password.rule.length', test: (p) => [...p].length >= MIN_PASSWORD_LENGTH },
  { code: 'password_lower', label: 'ui.password.rule.lower', test: (p) => /\p{Ll}/u.test(p) },
  { code: 'password_upper', label: 'ui.password.rule.upper', test: (p) => /\p{Lu}/u.test(p) },
  { code: 'password_digit', label: 'ui.password.rule.digit', test: (p) => /[0-9]/.test(p) },
  { code: 'password_symbol', label: 'ui.password.rule.symbol', test: (p) => [...p].some((c) => PASSWORD_SYMBOLS.includes(c)) },
  { code: 'password_common', label: 'ui.password.rule.common' },
  { code: 'password_personal', label: 'ui.password.rule.personal' },
];

/** What POST /api/v1/password/strength answers. */
export interface Strength {
  score: number;
  level: 'too_weak' | 'weak' | 'fair' | 'strong' | 'very_strong';
  problems: string[];
}

/** Where each rule stands: kept, broken, or not known yet (a server-only rule
 * before the server answered). serverProblems are the codes of the last answer,
 * null when there is none for this password. */
export function ruleStates(password: string, serverProblems: readonly string[] | null): { rule: PasswordRule; ok: boolean | null }[] {
  return PASSWORD_RULES.map((rule) => {
    if (rule.test) return { rule, ok: password !== '' && rule.test(password) };
    if (serverProblems === null || password === '') return { rule, ok: null };
    return { rule, ok: !serverProblems.includes(rule.code) };
  });
}

/** The client checks of a new password and of the field that repeats it: the
 * password is required and follows the rules the page can test (`invalid` says
 * so), the repetition is required and the same (the server never sees it). */
export function newPasswordErrors(password: string, confirm: string, invalid: Key): { password?: Key; confirm?: Key } {
  const errors: { password?: Key; confirm?: Key } = {};
  if (password === '') errors.password = 'ui.field.required';
  else if (ruleStates(password, null).some((s) => s.ok === false)) errors.password = invalid;
  if (confirm === '') errors.confirm = 'ui.field.required';
  else if (confirm !== password) errors.confirm = 'ui.password.mismatch';
  return errors;
}
