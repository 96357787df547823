import { useEffect, useMemo, useState } from 'preact/hooks';
import { api, ApiError, type ListPage } from '../../api';
import { t, tn } from '../../i18n';
import { href } from '../../router';
import { Button } from '../../ui/Button';
import { EmptyState, PageCard, Spinner } from '../../ui/status';
import { toast } from '../../ui/toast';
import { useLoaded } from '../register/load';
import { AdminNav } from './AdminNav';
import { IMPORT_RESULT_KEY, importTemplate, type Contract, type ImportReport, type ImportRow } from './model';

/** The API's body limit: a bigger file is refused before it is sent. */
const MAX_BYTES = 1 << 20;

/**
 * Adding many users from a CSV file (chosen or dropped): a dry run reports what
 * each row would do before anything is written, then the import writes the valid
 * rows and reports each row's result. A template shows the columns.
 */
export default function ImportPage() {
  const [file, setFile] = useState<File | null>(null);
  const [report, setReport] = useState<ImportReport | null>(null);
  const [busy, setBusy] = useState<'check' | 'import' | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [dragging, setDragging] = useState(false);
  const [errorsOnly, setErrorsOnly] = useState(false);
  const first = useLoaded((signal) => api.get<ListPage<Contract>>('/org/contracts', { query: { limit: 1 }, signal }), []);
  const reference = first.data?.items[0]?.reference ?? '';
  const template = useMemo(() => URL.createObjectURL(new Blob([importTemplate(reference)], { type: 'text/csv' })), [reference]);
  useEffect(() => () => URL.revokeObjectURL(template), [template]);

  const send = async (f: File, dryRun: boolean) => {
    setBusy(dryRun ? 'check' : 'import');
    setError(null);
    try {
      const answer = await api.post<ImportReport>('/org/users/import', f, { contentType: 'text/csv', query: { dryRun: dryRun ? 'true' : null } });
      setReport(answer);
      setErrorsOnly(false);
      if (!dryRun) toast(t('admin.import.done', { created: answer.created, attached: answer.attached, failed: answer.failed }), 'success');
      document.getElementById('import-report-title')?.focus();
    } catch (err) {
      setReport(null);
      setError(err instanceof ApiError ? err : new ApiError(0, 'unexpected', t('app.api.unexpected')));
    } finally {
      setBusy(null);
    }
  };

  const choose = (f: File | undefined) => {
    if (!f) return;
    setReport(null);
    if (f.size > MAX_BYTES) {
      setFile(null);
      setError(new ApiError(413, 'body_too_large', t('admin.import.tooBig')));
      return;
    }
    setFile(f);
    void send(f, true);
  };

  const valid = report ? report.rows.filter((r) => r.result !== 'error').length : 0;
  const rows = report ? (errorsOnly ? report.rows.filter((r) => r.result === 'error') : report.rows) : [];
  return (
    <PageCard title={t('admin.import.title')} lead={t('admin.import.lead')} wide>
      <AdminNav />
      <p>
        <a href={template} download="guichet-users.csv" id="import-template">
          {t('admin.import.template')}
        </a>{' '}
        {t('admin.import.columns')}
      </p>
      <div
        class={dragging ? 'dropzone dropzone-over' : 'dropzone'}
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={(e) => {
          e.preventDefault();
          setDragging(false);
          choose(e.dataTransfer?.files[0]);
        }}
      >
        <label for="import-file">{t('admin.import.choose')}</label>
        <p id="import-file-hint" class="field-hint">
          {t('admin.import.drop')}
        </p>
        <input
          id="import-file"
          type="file"
          accept=".csv,text/csv"
          aria-describedby="import-file-hint"
          onChange={(e) => {
            choose(e.currentTarget.files?.[0]);
            // Choosing the same file again (after fixing it) must run again.
            e.currentTarget.value = '';
          }}
        />
        {file && <p class="dropzone-file">{t('admin.import.file', { name: file.name })}</p>}
      </div>
      {busy && <Spinner label={t(busy === 'check' ? 'admin.import.checking' : 'admin.import.importing')} />}
      {error && (
        <div class="list-error" role="alert">
          <p>{error.message}</p>
          {error.fields.length > 0 && (
            <ul>
              {error.fields.map((f) => (
                <li key={f.field + f.code}>{t('admin.import.fieldError', { field: f.field, message: f.message })}</li>
              ))}
            </ul>
          )}
        </div>
      )}
      {report && (
        <section aria-labelledby="import-report-title">
          <h2 id="import-report-title" class="section-title" tabIndex={-1}>
            {t(report.dryRun ? 'admin.import.checkTitle' : 'admin.import.resultTitle')}
          </h2>
          <p id="import-summary" role="status">
            {report.dryRun
              ? tn('admin.import.checkSummary', report.total, {
                  create: report.rows.filter((r) => r.result === 'create').length,
                  attach: report.rows.filter((r) => r.result === 'attach').length,
                  failed: report.failed,
                })
              : tn('admin.import.resultSummary', report.total, { created: report.created, attached: report.attached, failed: report.failed })}
          </p>
          {report.dryRun && file && (
            <div class="actions">
              <Button id="import-run" busy={busy === 'import'} disabled={valid === 0 || busy !== null} onClick={() => void send(file, false)}>
                {tn('admin.import.run', valid)}
              </Button>
              {report.failed > 0 && <span class="field-hint">{tn('admin.import.skipped', report.failed)}</span>}
            </div>
          )}
          {!report.dryRun && (
            <p>
              <a href={href('/admin/users')}>{t('admin.import.toUsers')}</a>
            </p>
          )}
          {report.failed > 0 && (
            <div class="field field-check">
              <input id="import-errors-only" type="checkbox" checked={errorsOnly} onChange={(e) => setErrorsOnly(e.currentTarget.checked)} />
              <label for="import-errors-only">{t('admin.import.errorsOnly')}</label>
            </div>
          )}
          {rows.length === 0 ? <EmptyState title={t('admin.import.noRows')} /> : <ReportTable rows={rows} />}
        </section>
      )}
    </PageCard>
  );
}

function ReportTable({ rows }: { rows: readonly ImportRow[] }) {
  return (
    <div class="data-table">
      <div class="table-scroll">
        <table>
          <caption>{t('admin.import.rows')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('admin.import.line')}</th>
              <th scope="col">{t('admin.users.email')}</th>
              <th scope="col">{t('admin.users.login')}</th>
              <th scope="col">{t('admin.import.result')}</th>
              <th scope="col">{t('admin.import.errors')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.line} class={r.result === 'error' ? 'row-error' : undefined}>
                <td>{r.line}</td>
                <td>{r.email}</td>
                <td>{r.login ?? ''}</td>
                <td>{t(IMPORT_RESULT_KEY[r.result])}</td>
                <td>
                  {r.errors && r.errors.length > 0 && (
                    <ul class="plain-list">
                      {r.errors.map((e) => (
                        <li key={e.field + e.code}>{t('admin.import.fieldError', { field: e.field, message: e.message })}</li>
                      ))}
                    </ul>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
