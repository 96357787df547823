import { useState } from 'preact/hooks';
import { api, type ListPage } from '../../api';
import { t } from '../../i18n';
import { Button } from '../../ui/Button';
import { useLoaded } from '../register/load';
import { fullName, type OrgUser } from './model';

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
  const [draft, setDraft] = useState('');
  const [q, setQ] = useState('');
  const found = useLoaded((signal) => api.get<ListPage<OrgUser>>(endpoint, { query: { q, limit: 25 }, signal }), [endpoint, q]);
  const options = (found.data?.items ?? []).filter((u) => !accept || accept(u));
  const search = () => setQ(draft.trim());
  const described = [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(' ') || undefined;
  return (
    <fieldset class={error ? 'picker field-invalid' : 'picker'}>
      <legend>{label}</legend>
      {hint && (
        <p id={`${id}-hint`} class="field-hint">
          {hint}
        </p>
      )}
      <div class="picker-row">
        <div class="field">
          <label for={`${id}-q`}>{t('admin.picker.search')}</label>
          <input
            id={`${id}-q`}
            type="search"
            value={draft}
            onInput={(e) => setDraft(e.currentTarget.value)}
            onKeyDown={(e) => {
              // Enter searches; it must not submit the form around the picker.
              if (e.key === 'Enter') {
                e.preventDefault();
                search();
              }
            }}
          />
        </div>
        <Button variant="secondary" onClick={search} busy={found.loading}>
          {t('ui.search.submit')}
        </Button>
        <div class="field">
          <label for={id}>{t('admin.picker.choose', { count: options.length })}</label>
          <select id={id} value={value} onChange={(e) => onChange(e.currentTarget.value)} aria-invalid={error ? 'true' : undefined} aria-describedby={described}>
            <option value="">{emptyLabel ?? t('admin.picker.none')}</option>
            {value && !options.some((u) => u.id === value) && <option value={value}>{valueLabel ?? value}</option>}
            {options.map((u) => (
              <option key={u.id} value={u.id}>
                {t('admin.picker.option', { name: fullName(u), email: u.email })}
              </option>
            ))}
          </select>
        </div>
      </div>
      {found.error && <p class="field-error">{found.error.message}</p>}
      {error && (
        <p id={`${id}-error`} class="field-error">
          {error}
        </p>
      )}
    </fieldset>
  );
}
