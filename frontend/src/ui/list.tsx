// Lists: a paged data table driven by opaque cursors, a search box and filter selects.
import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, type ListPage } from '../api';
import { t } from '../i18n';
import { Button } from './Button';
import { back, canGoBack, canGoForward, currentCursor, firstPage, forward, pageNumber, withNext, type CursorStack } from './cursor';
import { Spinner } from './status';

export interface PagedList<T> {
  items: T[];
  loading: boolean;
  error: ApiError | null;
  page: number;
  hasPrevious: boolean;
  hasNext: boolean;
  previous: () => void;
  next: () => void;
  reload: () => void;
}

/**
 * Loads a list page by page. fetchPage gets the cursor ('' for the first page) and
 * an abort signal; the list goes back to its first page whenever a value in deps
 * (the search, the filters) changes.
 */
export function usePagedList<T>(
  fetchPage: (cursor: string, signal: AbortSignal) => Promise<ListPage<T>>,
  deps: readonly unknown[],
): PagedList<T> {
  const depsKey = JSON.stringify(deps);
  const [state, setState] = useState<{ depsKey: string; stack: CursorStack }>({ depsKey, stack: firstPage });
  const stack = state.depsKey === depsKey ? state.stack : firstPage;
  const [data, setData] = useState<{ items: T[]; loading: boolean; error: ApiError | null }>({ items: [], loading: true, error: null });
  const [tick, setTick] = useState(0);
  const fetchRef = useRef(fetchPage);
  fetchRef.current = fetchPage;
  const cursor = currentCursor(stack);
  const depth = pageNumber(stack);

  useEffect(() => {
    const ctl = new AbortController();
    setData((d) => ({ ...d, loading: true, error: null }));
    fetchRef.current(cursor, ctl.signal).then(
      (page) => {
        if (ctl.signal.aborted) return;
        setData({ items: page.items, loading: false, error: null });
        setState({ depsKey, stack: withNext(stack, page.next) });
      },
      (err: unknown) => {
        if (ctl.signal.aborted) return;
        const e = err instanceof ApiError ? err : new ApiError(0, 'unexpected', t('app.api.unexpected'));
        setData((d) => ({ ...d, loading: false, error: e }));
      },
    );
    return () => ctl.abort();
    // The stack object changes when the next cursor arrives; only a move reloads.
  }, [depsKey, cursor, depth, tick]);

  return {
    ...data,
    page: depth,
    hasPrevious: canGoBack(stack),
    hasNext: canGoForward(stack),
    previous: () => setState({ depsKey, stack: back(stack) }),
    next: () => setState({ depsKey, stack: forward(stack) }),
    reload: () => setTick((n) => n + 1),
  };
}

export interface Column<T> {
  key: string;
  header: string;
  cell: (row: T) => ComponentChildren;
}

/** A table of one page of a list, with "Previous" / "Next" under it. */
export function DataTable<T>({
  caption,
  columns,
  rowKey,
  list,
  empty,
}: {
  caption: string;
  columns: readonly Column<T>[];
  rowKey: (row: T) => string;
  list: PagedList<T>;
  /** Shown instead of the table when the first page is empty (an EmptyState). */
  empty: ComponentChildren;
}) {
  if (list.error) return <ListError list={list} />;
  if (list.loading && list.items.length === 0) return <Spinner />;
  if (list.items.length === 0 && !list.hasPrevious) return <>{empty}</>;
  return (
    <div class="data-table">
      <div class="table-scroll">
        <table aria-busy={list.loading ? 'true' : undefined}>
          <caption>{caption}</caption>
          <thead>
            <tr>
              {columns.map((c) => (
                <th key={c.key} scope="col">
                  {c.header}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {list.items.map((row) => (
              <tr key={rowKey(row)}>
                {columns.map((c) => (
                  <td key={c.key} data-label={c.header}>
                    {c.cell(row)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Pager list={list} />
    </div>
  );
}

/** A list's failure, with a retry. */
export function ListError<T>({ list }: { list: PagedList<T> }) {
  if (!list.error) return null;
  return <RetryError message={list.error.message} retry={list.reload} />;
}

/** Why a list could not be read, with "Try again". */
export function RetryError({ message, retry }: { message: string; retry: () => void }) {
  return (
    <div class="list-error" role="alert">
      <p>{message}</p>
      <Button variant="secondary" onClick={retry}>
        {t('ui.table.retry')}
      </Button>
    </div>
  );
}

/** "Previous" / "Next" under a list, when it has more than one page. */
export function Pager<T>({ list }: { list: PagedList<T> }) {
  if (!list.hasPrevious && !list.hasNext) return null;
  return (
    <nav class="pager" aria-label={t('ui.table.pagination')}>
      <Button variant="secondary" disabled={!list.hasPrevious || list.loading} onClick={list.previous}>
        {t('ui.table.previous')}
      </Button>
      <span aria-live="polite">{t('ui.table.page', { page: list.page })}</span>
      <Button variant="secondary" disabled={!list.hasNext || list.loading} onClick={list.next}>
        {t('ui.table.next')}
      </Button>
    </nav>
  );
}

/** A search form: the list is searched when the person submits, not on each key. */
export function SearchBox({ id, label, value, onSearch }: { id: string; label?: string; value: string; onSearch: (q: string) => void }) {
  const [draft, setDraft] = useState(value);
  useEffect(() => setDraft(value), [value]);
  return (
    <form
      role="search"
      class="search-box"
      onSubmit={(e) => {
        e.preventDefault();
        onSearch(draft.trim());
      }}
    >
      <label for={id}>{label ?? t('ui.search.label')}</label>
      <input id={id} type="search" value={draft} onInput={(e) => setDraft(e.currentTarget.value)} />
      <Button type="submit" variant="secondary">
        {t('ui.search.submit')}
      </Button>
    </form>
  );
}

/** A select that filters a list as soon as it changes; '' means "All". */
export function FilterSelect({
  id,
  label,
  value,
  options,
  onChange,
}: {
  id: string;
  label: string;
  value: string;
  options: readonly { value: string; label: string }[];
  onChange: (value: string) => void;
}) {
  return (
    <div class="filter">
      <label for={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.currentTarget.value)}>
        <option value="">{t('ui.filter.all')}</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}
