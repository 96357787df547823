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
