// Client-side checks shared by the forms. They only spare a round trip: the server
// checks everything again and stays the authority.
import type { Key } from './i18n';

// Pragmatic email shape check: one "@", non-empty local part, a dot-separated
// domain with no empty labels, no whitespace.
const EMAIL_RE = /^[^\s@]+@[^\s@.]+(?:\.[^\s@.]+)+$/;

export function isValidEmail(value: string): boolean {
  const v = value.trim();
  return v.length <= 254 && EMAIL_RE.test(v);
}

export function isBlank(value: string): boolean {
  return value.trim().length === 0;
}

/** The error key for a required email field, or undefined when it is fine. */
export function checkEmail(value: string): Key | undefined {
  if (isBlank(value)) return 'ui.field.required';
  if (!isValidEmail(value)) return 'ui.field.email';
  return undefined;
}
