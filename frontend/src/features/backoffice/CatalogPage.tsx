// The application catalog operators keep: every entry, archived ones included.
import { api } from '../../api';
import { t, tn } from '../../i18n';
import { href } from '../../router';
import { Button } from '../../ui/Button';
import { EmptyState, PageCard, Spinner } from '../../ui/status';
import { formatDate, local, OPERATOR_APPROVER_KEY, type CatalogEntry } from '../applications/model';
import { useLoad } from '../applications/useCatalog';
import '../applications/applications.css';

export default function CatalogPage() {
  const [catalog, reload] = useLoad((signal) => api.get<{ items: CatalogEntry[] }>('/backoffice/applications', { signal }).then((r) => r.items), []);
  return (
    <PageCard title={t('applications.backoffice.catalogTitle')} lead={t('applications.backoffice.catalogIntro')} wide>
      <p>
        <a class="button button-primary" href={href('/backoffice/applications/new')}>
          {t('applications.catalog.new')}
        </a>
      </p>
      {catalog.state === 'loading' && <Spinner />}
      {catalog.state === 'failed' && (
        <div class="list-error" role="alert">
          <p>{catalog.error}</p>
          <Button variant="secondary" onClick={reload}>
            {t('ui.table.retry')}
          </Button>
        </div>
      )}
      {catalog.state === 'ready' && catalog.value.length === 0 && <EmptyState title={t('applications.none')} />}
      {catalog.state === 'ready' && catalog.value.length > 0 && (
        <div class="data-table table-scroll">
          <table>
            <caption>{t('applications.backoffice.catalogTitle')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('applications.col.application')}</th>
                <th scope="col">{t('applications.catalog.approverCol')}</th>
                <th scope="col">{t('applications.catalog.duration')}</th>
                <th scope="col">{t('applications.col.status')}</th>
                <th scope="col">{t('applications.catalog.updated')}</th>
              </tr>
            </thead>
            <tbody>
              {catalog.value.map((a) => (
                <tr key={a.id}>
                  <td>
                    <a href={href('/backoffice/applications/:id', { id: a.id })}>{local(a.name)}</a>
                  </td>
                  <td>{a.approvalNeeded ? t(OPERATOR_APPROVER_KEY[a.approver]) : t('applications.catalog.noApproval')}</td>
                  <td>{a.durationDays ? tn('applications.catalog.days', a.durationDays) : t('applications.current.noEnd')}</td>
                  <td>{t(a.archived ? 'applications.catalog.archived' : 'applications.catalog.offered')}</td>
                  <td>{formatDate(a.updated)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p class="card-footer">
        <a href={href('/backoffice/access-requests')}>{t('applications.backoffice.queueTitle')}</a>
      </p>
    </PageCard>
  );
}
