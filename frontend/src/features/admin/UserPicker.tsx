import { api, type ListPage } from '../../api';
import { t } from '../../i18n';
import { fullName, type OrgUser } from './model';
import { SearchPicker } from './SearchPicker';

/**
 * Picks one user of an organisation: a search (name, address or login) and the
 * matches in a select. endpoint is the users list to search (the administrators'
 * or the back office's); accept leaves out people who cannot be chosen.
 */
export function UserPicker({
  id,
  label,
  endpoint,
  value,
  valueLabel,
  onChange,
  accept,
  emptyLabel,
  hint,
  error,
}: {
  id: string;
  label: string;
  endpoint: string;
  value: string;
  /** How to name the chosen user when the matches do not hold them. */
  valueLabel?: string;
  onChange: (userId: string) => void;
  accept?: (u: OrgUser) => boolean;
  emptyLabel?: string;
  hint?: string;
  error?: string;
}) {
  const texts = { search: t('admin.picker.search'), choose: (count: number) => t('admin.picker.choose', { count }), none: emptyLabel ?? t('admin.picker.none') };
  return (
    <SearchPicker<OrgUser>
      id={id}
      label={label}
      texts={texts}
      find={(q, signal) => api.get<ListPage<OrgUser>>(endpoint, { query: { q, limit: 25 }, signal }).then((page) => page.items.filter((u) => !accept || accept(u)))}
      deps={[endpoint]}
      name={(u) => t('admin.picker.option', { name: fullName(u), email: u.email })}
      chosen={value ? { id: value, name: valueLabel ?? value } : null}
      onChange={(u) => onChange(u?.id ?? '')}
      hint={hint}
      error={error}
    />
  );
}
