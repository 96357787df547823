import { useState } from 'preact/hooks';
import { t } from '../../i18n';
import { Button } from '../../ui/Button';
import { useLoaded } from '../register/load';

/** The texts of a SearchPicker, in the page's language. */
export interface PickerTexts {
  /** Labels the search box. */
  search: string;
  /** Labels the select, given how many matches it holds. */
  choose: (count: number) => string;
  /** The select's empty choice. */
  none: string;
}

/**
 * Picks one item found by a search: a search box (Enter or the button searches)
 * and the matches in a select. find loads the matches of a query; name says an item
 * in the select; chosen is the item chosen, kept in the select even when a later
 * search no longer finds it. The user and organisation pickers are made of it.
 */
export function SearchPicker<T extends { id: string }>({
  id,
  label,
  texts,
  find,
  deps,
  name,
  chosen,
  onChange,
  hint,
  error,
}: {
  id: string;
  label: string;
  texts: PickerTexts;
  find: (q: string, signal: AbortSignal) => Promise<T[]>;
  /** What else, beside the query, find depends on. */
  deps: readonly unknown[];
  name: (item: T) => string;
  chosen: { id: string; name: string } | null;
  onChange: (item: T | null) => void;
  hint?: string;
  error?: string;
}) {
  const [draft, setDraft] = useState('');
  const [q, setQ] = useState('');
  const found = useLoaded((signal) => find(q, signal), [q, ...deps]);
  const options = found.data ?? [];
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
          <label for={`${id}-q`}>{texts.search}</label>
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
          <label for={id}>{texts.choose(options.length)}</label>
          <select
            id={id}
            value={chosen?.id ?? ''}
            onChange={(e) => onChange(options.find((o) => o.id === e.currentTarget.value) ?? null)}
            aria-invalid={error ? 'true' : undefined}
            aria-describedby={described}
          >
            <option value="">{texts.none}</option>
            {chosen && !options.some((o) => o.id === chosen.id) && <option value={chosen.id}>{chosen.name}</option>}
            {options.map((o) => (
              <option key={o.id} value={o.id}>
                {name(o)}
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
