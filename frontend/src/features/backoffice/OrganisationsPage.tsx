import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { getLanguage, t } from '../../i18n';
import type { PageProps } from '../../page';
import { href } from '../../router';
import { Button } from '../../ui/Button';
import { DataTable, type Column, type PagedList } from '../../ui/list';
import { EmptyState, PageCard } from '../../ui/status';
import { formatDay } from '../admin/model';
import { debounce, emptyList, fetchOrganisations, orgListStep, SEARCH_DELAY_MS, type CustomerOrg, type OrgList } from './organisations';
import './organisationMessages';

/** The customer organisations, for operators: searched by the start of their name
 * as they type (a link may name a search: ?q=), read a page at a time ("Show more"), each leading to its contracts
 * and users. */
export default function OrganisationsPage({ query }: PageProps) {
  const [draft, setDraft] = useState(query.get('q') ?? '');
  const [search, setSearch] = useState(draft.trim());
  const [list, setList] = useState<OrgList>(emptyList);
  const reading = useRef<AbortController | null>(null);

  // cursor '' reads the first page of a search; a page's next cursor adds the next one.
  const load = (q: string, cursor: string) => {
    reading.current?.abort();
    const ctl = new AbortController();
    reading.current = ctl;
    const more = cursor !== '';
    setList((l) => orgListStep(l, { type: 'start', more }));
    fetchOrganisations(q, cursor, ctl.signal).then(
      (page) => !ctl.signal.aborted && setList((l) => orgListStep(l, { type: 'page', page, more })),
      (error: unknown) => !ctl.signal.aborted && setList((l) => orgListStep(l, { type: 'fail', error })),
    );
  };
  useEffect(() => {
    load(search, '');
    return () => reading.current?.abort();
  }, [search]);

  // The search stays out of the address: a new address would move focus to the
  // page's heading while the operator types.
  const apply = (q: string) => setSearch(q.trim());
  const typed = useMemo(() => debounce(apply, SEARCH_DELAY_MS), []);
  useEffect(() => typed.cancel, [typed]);

  const columns: Column<CustomerOrg>[] = [
    { key: 'name', header: t('backoffice.orgs.name'), cell: (o) => o.name },
    { key: 'domains', header: t('backoffice.orgs.domains'), cell: (o) => (o.domains ?? []).join(', ') },
    { key: 'created', header: t('backoffice.orgs.created'), cell: (o) => formatDay(o.created.slice(0, 10), getLanguage()) },
    {
      key: 'pages',
      header: t('backoffice.orgs.pages'),
      cell: (o) => (
        <span>
          <a href={href('/backoffice/organisations/:orgId/contracts', { orgId: o.id })} aria-label={t('backoffice.orgs.contractsOf', { name: o.name })}>
            {t('backoffice.orgs.contracts')}
          </a>{' '}
          <a href={href('/backoffice/organisations/:orgId/users', { orgId: o.id })} aria-label={t('backoffice.orgs.usersOf', { name: o.name })}>
            {t('backoffice.orgs.users')}
          </a>
        </span>
      ),
    },
  ];
  // The table shows what was read so far; "Show more" below it replaces its pager.
  const table: PagedList<CustomerOrg> = {
    ...list,
    page: 1,
    hasPrevious: false,
    hasNext: false,
    previous: () => {},
    next: () => {},
    reload: () => load(search, list.items.length > 0 ? list.next : ''),
  };

  return (
    <PageCard title={t('backoffice.orgs.title')} lead={t('backoffice.orgs.lead')} wide>
      <form
        role="search"
        class="search-box"
        onSubmit={(e) => {
          e.preventDefault();
          typed.cancel();
          apply(draft);
        }}
      >
        <label for="orgs-q">{t('backoffice.orgs.search')}</label>
        <input
          id="orgs-q"
          type="search"
          autocomplete="off"
          value={draft}
          onInput={(e) => {
            setDraft(e.currentTarget.value);
            typed.call(e.currentTarget.value);
          }}
        />
      </form>
      <DataTable
        caption={t('backoffice.orgs.title')}
        columns={columns}
        rowKey={(o) => o.id}
        list={table}
        empty={<EmptyState title={search ? t('backoffice.orgs.noMatch', { q: search }) : t('backoffice.orgs.none')} />}
      />
      <p class="visually-hidden" aria-live="polite">
        {!list.loading && !list.error && t('backoffice.orgs.shown', { count: list.items.length })}
      </p>
      {list.next && !list.error && list.items.length > 0 && (
        <Button variant="secondary" busy={list.loading} onClick={() => load(search, list.next)}>
          {t('backoffice.orgs.more')}
        </Button>
      )}
    </PageCard>
  );
}
