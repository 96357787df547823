import type { Key } from './i18n';

// Pragmatic email shape check: one "@", non-empty local part, a dot-separated
// domain with no empty labels, no whitespace. The server stays the authority.
const EMAIL_RE = /^[^\s@]+@[^\s@.]+(?:\.[^\s@.]+)+$/;

export function isValidEmail(value: string): boolean {
  const v = value.trim();
  return v.length <= 254 && EMAIL_RE.test(v);
}

export function isBlank(value: string): boolean {
  return value.trim().length === 0;
}

export interface SignInValues {
  email: string;
  password: string;
}

export type SignInErrors = Partial<Record<keyof SignInValues, Key>>;

/** Returns i18n keys of errors per field; empty object when valid. */
export function validateSignIn(values: SignInValues): SignInErrors {
  const errors: SignInErrors = {};
  if (isBlank(values.email)) errors.email = 'error.required';
  else if (!isValidEmail(values.email)) errors.email = 'error.email';
  // Passwords are not trimmed: only an empty value is rejected.
  if (values.password.length === 0) errors.password = 'error.required';
  return errors;
}

export function hasErrors(errors: SignInErrors): boolean {
  return Object.keys(errors).length > 0;
}
