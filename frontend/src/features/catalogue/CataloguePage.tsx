// A contract's service catalogue (/catalogue, /contracts/:id/catalogue): search,
// category filter, sort and pages, kept in the address so that Back and a shared
// link give the same list. /catalogue opens the first contract whose services the
// person may see, with a picker when they have several.
import { api } from '../../api';
import { t, tn } from '../../i18n';
import type { PageProps } from '../../page';
import { href, navigate } from '../../router';
import { Button } from '../../ui/Button';
import { FilterSelect, RetryError, SearchBox } from '../../ui/list';
import { EmptyState, PageCard, Spinner } from '../../ui/status';
import { useLoad } from '../applications/useCatalog';
import { formatMoney } from '../../money';
import { kindLabel, local, logoSrc, type Card, type CataloguePage as Page } from './model';
import './catalogue.css';

interface Contract {
  id: string;
  name: string;
  reference: string;
}

export default function CataloguePage({ params, query }: PageProps) {
  const [contracts] = useLoad(
    (signal) => api.get<{ items: Contract[] }>('/org/contracts', { signal, query: { section: 'services', limit: 200 } }).then((r) => r.items),
    [],
  );
  const id = params.id ?? (contracts.state === 'ready' ? contracts.value[0]?.id : undefined);
  if (!params.id && contracts.state === 'ready' && id) {
    navigate(href('/contracts/:id/catalogue', { id }), { replace: true });
  }
  return (
    <PageCard title={t('catalogue.title')} lead={t('catalogue.lead')} wide>
      {contracts.state === 'loading' && !id && <Spinner />}
      {contracts.state === 'failed' && (
        <p class="list-error" role="alert">
          {contracts.error}
        </p>
      )}
      {contracts.state === 'ready' && contracts.value.length === 0 && <EmptyState title={t('catalogue.noContract')} />}
      {contracts.state === 'ready' && contracts.value.length > 1 && id && (
        <div class="catalogue-contract">
          <FilterSelect
          id="catalogue-contract"
          label={t('catalogue.contract')}
          value={id}
          options={contracts.value.map((c) => ({ value: c.id, label: `${c.name} (${c.reference})` }))}
          onChange={(v) => v && navigate(href('/contracts/:id/catalogue', { id: v }))}
          />
        </div>
      )}
      {params.id && <Listing contractId={params.id} query={query} />}
    </PageCard>
  );
}

function Listing({ contractId, query }: { contractId: string; query: URLSearchParams }) {
  const q = query.get('q') ?? '';
  const category = query.get('category') ?? '';
  const sort = query.get('sort') ?? 'name';
  const page = Number(query.get('page') ?? '1') || 1;
  const [list, reload] = useLoad(
    (signal) => api.get<Page>(`/contracts/${encodeURIComponent(contractId)}/catalogue`, { signal, query: { q, category, sort, page, limit: 12 } }),
    [contractId, q, category, sort, page],
  );
  const go = (change: Record<string, string | number>) =>
    navigate(href('/contracts/:id/catalogue', { id: contractId }, { q, category, sort: sort === 'name' ? '' : sort, page: '', ...change }));
  const categories = list.state === 'ready' ? list.value.categories : [];
  return (
    <div class="catalogue">
      <div class="catalogue-filters">
        <SearchBox id="catalogue-search" label={t('catalogue.search')} value={q} onSearch={(v) => go({ q: v })} />
        <FilterSelect
          id="catalogue-category"
          label={t('catalogue.category')}
          value={category}
          options={categories.map((c) => ({ value: c.id, label: `${local(c.name)} (${c.count})` }))}
          onChange={(v) => go({ category: v })}
        />
        <div class="filter">
          <label for="catalogue-sort">{t('catalogue.sort')}</label>
          <select id="catalogue-sort" value={sort} onChange={(e) => go({ sort: e.currentTarget.value === 'name' ? '' : e.currentTarget.value })}>
            <option value="name">{t('catalogue.sort.name')}</option>
            <option value="category">{t('catalogue.sort.category')}</option>
            <option value="newest">{t('catalogue.sort.newest')}</option>
          </select>
        </div>
      </div>
      {list.state === 'loading' && <Spinner />}
      {list.state === 'failed' && <RetryError message={list.error ?? ''} retry={reload} />}
      {list.state === 'ready' && list.value.total === 0 && (
        <EmptyState
          title={q || category ? t('catalogue.empty') : t('catalogue.emptyAll')}
          action={
            q || category ? (
              <Button variant="secondary" onClick={() => go({ q: '', category: '' })}>
                {t('catalogue.clear')}
              </Button>
            ) : undefined
          }
        />
      )}
      {list.state === 'ready' && list.value.total > 0 && (
        <>
          <p class="catalogue-count" aria-live="polite">
            {tn('catalogue.count', list.value.total)}
          </p>
          <ul class="catalogue-grid">
            {list.value.items.map((c) => (
              <CardItem key={c.id} card={c} contractId={contractId} />
            ))}
          </ul>
          {list.value.pages > 1 && (
            <nav class="catalogue-pages" aria-label={t('catalogue.page', { page: list.value.page, pages: list.value.pages })}>
              <Button variant="secondary" disabled={page <= 1} onClick={() => go({ page: page - 1 })}>
                {t('catalogue.previous')}
              </Button>
              <span>{t('catalogue.page', { page: list.value.page, pages: list.value.pages })}</span>
              <Button variant="secondary" disabled={page >= list.value.pages} onClick={() => go({ page: page + 1 })}>
                {t('catalogue.next')}
              </Button>
            </nav>
          )}
        </>
      )}
    </div>
  );
}

function CardItem({ card, contractId }: { card: Card; contractId: string }) {
  const link = href('/contracts/:id/catalogue/:service', { id: contractId, service: card.id });
  return (
    <li class="catalogue-card">
      <div class="catalogue-card-head">
        {card.logo ? <img src={logoSrc(card.logo)} alt="" width={48} height={48} /> : <span class="catalogue-logo-none" aria-hidden="true">{local(card.name).slice(0, 1)}</span>}
        <div>
          <h2>
            <a href={link}>{local(card.name)}</a>
          </h2>
          <p class="catalogue-meta">{kindLabel(card.kind)}</p>
        </div>
      </div>
      <p>{local(card.summary)}</p>
      {card.from && <p class="catalogue-price">{t('catalogue.from', { amount: formatMoney({ minor: card.from.amount, currency: card.from.currency }), unit: local(card.from.unit) })}</p>}
      <p class="catalogue-card-foot">
        <a href={link} aria-label={`${t('catalogue.learnMore')} : ${local(card.name)}`}>
          {t('catalogue.learnMore')}
        </a>
      </p>
    </li>
  );
}
