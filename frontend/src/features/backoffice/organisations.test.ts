import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../api';
import { dictionaries } from '../../i18n';
import { resolve } from '../../router';
import { routes } from '../../routes';
import { debounce, emptyList, fetchOrganisations, orgListStep, SEARCH_DELAY_MS, type CustomerOrg, type OrgList } from './organisations';
import organisationMessages from './organisationMessages';

const org = (id: string): CustomerOrg => ({ id, name: id.toUpperCase(), domains: [id + '.example'], created: '2026-01-02T10:00:00Z' });

afterEach(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

describe('the organisations page', () => {
  it('is an operators’ page, named in both languages and linked from the back office', () => {
    const match = resolve(routes, '/backoffice/organisations');
    expect(match?.route.access).toBe('operator');
    expect(match?.route.titleKey).toBe('backoffice.orgs.title');
    expect(dictionaries.en['backoffice.orgs.title']).toBe('Customer organisations');
    expect(dictionaries.fr['backoffice.home.organisations']).toBeTruthy();
    for (const key of Object.keys(organisationMessages.fr).filter((k) => k.startsWith('backoffice.orgs.'))) {
      expect(organisationMessages.en[key as keyof typeof organisationMessages.en], key).toBeTruthy();
    }
  });

  it('asks for a page of the search, leaving out an empty search and cursor', async () => {
    const urls: string[] = [];
    vi.stubGlobal(
      'fetch',
      vi.fn(async (url: string) => {
        urls.push(url);
        return new Response(JSON.stringify({ items: [org('acme')], next: 'n1' }), { status: 200, headers: { 'Content-Type': 'application/json' } });
      }),
    );
    const first = await fetchOrganisations('', '');
    await fetchOrganisations('  Ac ', 'n1');
    expect(first).toEqual({ items: [org('acme')], next: 'n1' });
    expect(urls).toEqual(['/api/v1/backoffice/organisations?limit=25', '/api/v1/backoffice/organisations?q=Ac&limit=25&cursor=n1']);
  });
});

describe('the organisation list', () => {
  const shown: OrgList = { items: [org('acme'), org('beta')], next: 'c1', loading: false, error: null };

  it('starts a new search empty and loading, and replaces what it showed', () => {
    const started = orgListStep(shown, { type: 'start', more: false });
    expect(started).toEqual(emptyList);
    expect(orgListStep(started, { type: 'page', page: { items: [org('gamma')] }, more: false })).toEqual({
      items: [org('gamma')],
      next: '',
      loading: false,
      error: null,
    });
  });

  it('keeps what it showed while reading more, then adds the next page', () => {
    const reading = orgListStep(shown, { type: 'start', more: true });
    expect(reading).toEqual({ ...shown, loading: true });
    const more = orgListStep(reading, { type: 'page', page: { items: [org('gamma')], next: 'c2' }, more: true });
    expect(more.items.map((o) => o.id)).toEqual(['acme', 'beta', 'gamma']);
    expect(more.next).toBe('c2');
  });

  it('keeps what it showed when a read fails, with the error to show', () => {
    const refused = new ApiError(403, 'forbidden', 'Non');
    expect(orgListStep(shown, { type: 'fail', error: refused })).toEqual({ ...shown, error: refused });
    const odd = orgListStep(shown, { type: 'fail', error: new TypeError('boom') });
    expect(odd.error).toBeInstanceOf(ApiError);
    expect(odd.error?.code).toBe('unexpected');
    expect(odd.items).toEqual(shown.items);
  });
});

describe('the search as one types', () => {
  it('searches once typing pauses, with the last text', () => {
    vi.useFakeTimers();
    const searched: string[] = [];
    const typed = debounce((q: string) => searched.push(q), SEARCH_DELAY_MS);
    typed.call('a');
    vi.advanceTimersByTime(SEARCH_DELAY_MS - 1);
    typed.call('ac');
    typed.call('acm');
    vi.advanceTimersByTime(SEARCH_DELAY_MS - 1);
    expect(searched).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(searched).toEqual(['acm']);
  });

  it('drops a pending search when cancelled (Enter searched at once, or the page left)', () => {
    vi.useFakeTimers();
    const searched: string[] = [];
    const typed = debounce((q: string) => searched.push(q), SEARCH_DELAY_MS);
    typed.call('glo');
    typed.cancel();
    vi.advanceTimersByTime(SEARCH_DELAY_MS * 2);
    expect(searched).toEqual([]);
  });
});
