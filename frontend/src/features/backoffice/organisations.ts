// The back office's list of customer organisations: the page's loading, search and
// "more" logic, kept apart from the page so that it can be tested without a DOM.
import { api, ApiError, type ListPage } from '../../api';
import { t } from '../../i18n';

/** A customer organisation as the list shows it. */
export interface CustomerOrg {
  id: string;
  name: string;
  domains?: string[];
  country?: string;
  created: string;
}

export const ORG_PAGE_SIZE = 25;

/** How long typing must pause before the list is searched. */
export const SEARCH_DELAY_MS = 300;

/** Reads one page of the organisations whose name starts with q (all when q is ''). */
export function fetchOrganisations(q: string, cursor: string, signal?: AbortSignal): Promise<ListPage<CustomerOrg>> {
  return api.get<ListPage<CustomerOrg>>('/backoffice/organisations', { query: { q: q.trim(), limit: ORG_PAGE_SIZE, cursor }, signal });
}

/** What the page shows: the organisations read so far and where the next page starts. */
export interface OrgList {
  items: CustomerOrg[];
  next: string;
  loading: boolean;
  error: ApiError | null;
}

export const emptyList: OrgList = { items: [], next: '', loading: true, error: null };

/** One step of the list: a read starts (a new search, or "more"), a page arrives, a read fails. */
export type OrgListEvent =
  | { type: 'start'; more: boolean }
  | { type: 'page'; page: ListPage<CustomerOrg>; more: boolean }
  | { type: 'fail'; error: unknown };

/** The list after an event: a new search replaces the organisations, "more" adds to them. */
export function orgListStep(list: OrgList, e: OrgListEvent): OrgList {
  switch (e.type) {
    case 'start':
      return e.more ? { ...list, loading: true, error: null } : { ...emptyList };
    case 'page':
      return { items: e.more ? [...list.items, ...e.page.items] : e.page.items, next: e.page.next ?? '', loading: false, error: null };
    case 'fail':
      return { ...list, loading: false, error: e.error instanceof ApiError ? e.error : new ApiError(0, 'unexpected', t('app.api.unexpected')) };
  }
}

/** Calls fn with the last value it was given once calls pause for ms; cancel drops a pending call. */
export function debounce<T>(fn: (value: T) => void, ms: number): { call: (value: T) => void; cancel: () => void } {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const cancel = () => clearTimeout(timer);
  return {
    call: (value) => {
      cancel();
      timer = setTimeout(() => fn(value), ms);
    },
    cancel,
  };
}
