import { t, type Key } from '../i18n';
import { Select } from './fields';
import type { FieldBinding } from './useForm';

/** The titles a person may give, stored as these codes and shown in the reader's
 * language. */
const CIVILITIES: Record<string, Key> = { ms: 'ui.civility.ms', mr: 'ui.civility.mr' };

/** A title as stored: a known one in the page's language, else as typed (an
 * import or an older form kept free text). */
export function civilityLabel(c: string | undefined): string {
  if (!c) return '';
  const key = CIVILITIES[c];
  return key ? t(key) : c;
}

/** The choices of the list: the known titles, and a value kept as typed when the
 * person has one, so that editing them neither loses nor silently changes it. */
export function civilityOptions(current: string): { value: string; label: string }[] {
  const known = Object.keys(CIVILITIES).map((value) => ({ value, label: civilityLabel(value) }));
  return current && !(current in CIVILITIES) ? [...known, { value: current, label: current }] : known;
}

/** The one title field of every form: a list, never required. */
export function CivilityField(p: FieldBinding) {
  return <Select {...p} required={false} placeholder={t('ui.civility.none')} options={civilityOptions(p.value)} />;
}
