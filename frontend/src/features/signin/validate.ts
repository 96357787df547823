import type { Key } from '../../i18n';
import { checkEmail } from '../../validation';

// A type, not an interface: useForm wants a record of field values.
export type SignInValues = {
  email: string;
  password: string;
};

/** Error keys per field; empty when the form may be sent. */
export function validateSignIn(values: SignInValues): Partial<Record<keyof SignInValues, Key>> {
  const errors: Partial<Record<keyof SignInValues, Key>> = {};
  const email = checkEmail(values.email);
  if (email) errors.email = email;
  // Passwords are not trimmed: only an empty value is refused.
  if (values.password.length === 0) errors.password = 'ui.field.required';
  return errors;
}

/** What the second step of a sign-in takes: a code of the authenticator app, or a
 * recovery code. */
export type MfaMode = 'totp' | 'recovery';

/** The error key of a second-step code, or null when it may be sent. An app's code
 * is 6 digits (spaces allowed, as apps show "123 456"); a recovery code's form is the
 * server's to judge. */
export function checkMfaCode(mode: MfaMode, code: string): Key | null {
  const c = code.replace(/\s/g, '');
  if (c === '') return 'ui.field.required';
  if (mode === 'totp' && !/^[0-9]{6}$/.test(c)) return 'register.code.format';
  return null;
}
