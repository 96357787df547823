import { useState } from 'preact/hooks';
import { t } from '../../i18n';
import { Button } from '../../ui/Button';
import { useLoaded } from '../register/load';
import { fetchOrganisations, type CustomerOrg } from './organisations';
import './organisationMessages';

/**
 * Picks one customer organisation, for operators: a search by the start of its
 * name and the matches in a select, each with its verified domains (two
 * organisations may share a name). onChange gets the organisation chosen, or null.
 */
export function OrgPicker({
  id,
  label,
  value,
  onChange,
  error,
}: {
  id: string;
  label: string;
  value: CustomerOrg | null;
  onChange: (org: CustomerOrg | null) => void;
  error?: string;
}) {
  const [draft, setDraft] = useState('');
  const [q, setQ] = useState('');
  const found = useLoaded((signal) => fetchOrganisations(q, '', signal), [q]);
  const options = found.data?.items ?? [];
  const search = () => setQ(draft.trim());
  const optionText = (o: CustomerOrg) =>
    t('backoffice.orgPicker.option', { name: o.name, domains: o.domains?.length ? o.domains.join(', ') : t('backoffice.orgPicker.noDomain') });
  return (
    <fieldset class={error ? 'picker field-invalid' : 'picker'}>
      <legend>{label}</legend>
      <div class="picker-row">
        <div class="field">
          <label for={`${id}-q`}>{t('backoffice.orgPicker.search')}</label>
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
          <label for={id}>{t('backoffice.orgPicker.choose', { count: options.length })}</label>
          <select
            id={id}
            value={value?.id ?? ''}
            onChange={(e) => onChange(options.find((o) => o.id === e.currentTarget.value) ?? null)}
            aria-invalid={error ? 'true' : undefined}
            aria-describedby={error ? `${id}-error` : undefined}
          >
            <option value="">{t('backoffice.orgPicker.none')}</option>
            {value && !options.some((o) => o.id === value.id) && <option value={value.id}>{optionText(value)}</option>}
            {options.map((o) => (
              <option key={o.id} value={o.id}>
                {optionText(o)}
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
