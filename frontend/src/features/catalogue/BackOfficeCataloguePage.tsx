// The service catalogue operators keep (/backoffice/catalogue): every service,
// searched and filtered, retired ones on request.
import { api } from '../../api';
import { t, tn } from '../../i18n';
import type { PageProps } from '../../page';
import { href, navigate } from '../../router';
import { Button } from '../../ui/Button';
import { FilterSelect, RetryError, SearchBox } from '../../ui/list';
import { EmptyState, PageCard, Spinner } from '../../ui/status';
import { formatDate } from '../applications/model';
import { useLoad } from '../applications/useCatalog';
import { CATEGORIES, categoryName, kindLabel, local, type CataloguePage } from './model';
import './catalogue.css';

export default function BackOfficeCataloguePage({ query }: PageProps) {
  const q = query.get('q') ?? '';
  const category = query.get('category') ?? '';
  const retired = query.get('retired') === '1';
  const page = Number(query.get('page') ?? '1') || 1;
  const [list, reload] = useLoad(
    (signal) => api.get<CataloguePage>('/backoffice/catalogue', { signal, query: { q, category, retired: retired ? '1' : '', page, limit: 50 } }),
    [q, category, retired, page],
  );
  const go = (change: Record<string, string | number>) => navigate(href('/backoffice/catalogue', undefined, { q, category, retired: retired ? '1' : '', ...change }));
  return (
    <PageCard title={t('catalogue.backofficeTitle')} lead={t('catalogue.bo.lead')} wide>
      <p>
        <a id="catalogue-new" class="button button-primary" href={href('/backoffice/catalogue/new')}>
          {t('catalogue.bo.new')}
        </a>
      </p>
      <div class="catalogue-filters">
        <SearchBox id="bo-catalogue-search" label={t('catalogue.search')} value={q} onSearch={(v) => go({ q: v, page: '' })} />
        <FilterSelect
          id="bo-catalogue-category"
          label={t('catalogue.category')}
          value={category}
          options={CATEGORIES.map((c) => ({ value: c.id, label: local(c.name) }))}
          onChange={(v) => go({ category: v, page: '' })}
        />
        <div class="field field-check">
          <input id="bo-catalogue-retired" type="checkbox" checked={retired} onChange={(e) => go({ retired: e.currentTarget.checked ? '1' : '', page: '' })} />
          <label for="bo-catalogue-retired">{t('catalogue.bo.showRetired')}</label>
        </div>
      </div>
      {list.state === 'loading' && <Spinner />}
      {list.state === 'failed' && <RetryError message={list.error ?? ''} retry={reload} />}
      {list.state === 'ready' && list.value.total === 0 && <EmptyState title={q || category ? t('catalogue.empty') : t('catalogue.bo.none')} />}
      {list.state === 'ready' && list.value.total > 0 && (
        <div class="data-table table-scroll">
          <table>
            <caption>{tn('catalogue.count', list.value.total)}</caption>
            <thead>
              <tr>
                <th scope="col">{t('catalogue.bo.col.service')}</th>
                <th scope="col">{t('catalogue.bo.col.category')}</th>
                <th scope="col">{t('catalogue.bo.col.kind')}</th>
                <th scope="col">{t('catalogue.bo.col.status')}</th>
                <th scope="col">{t('catalogue.bo.col.updated')}</th>
              </tr>
            </thead>
            <tbody>
              {list.value.items.map((c) => (
                <tr key={c.id}>
                  <td>
                    <a href={href('/backoffice/catalogue/:id', { id: c.id })}>{local(c.name)}</a>
                  </td>
                  <td>{categoryName(c.category)}</td>
                  <td>{kindLabel(c.kind)}</td>
                  <td>{t(c.retired ? 'catalogue.bo.retired' : 'catalogue.bo.offered')}</td>
                  <td>{formatDate(c.updated)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {list.state === 'ready' && list.value.pages > 1 && (
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
    </PageCard>
  );
}
