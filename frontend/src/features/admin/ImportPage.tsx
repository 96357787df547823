import { useEffect, useMemo, useState } from 'preact/hooks';
import { api, ApiError, type ListPage } from '../../api';
import { t, tn, type Key } from '../../i18n';
import { href } from '../../router';
import { Button } from '../../ui/Button';
import { EmptyState, PageCard, Spinner } from '../../ui/status';
import { useLoaded } from '../register/load';
import { formatDate } from '../register/registration';
import { AdminNav } from './AdminNav';
import { finished, follow, percent, type Job } from './job';
import { JobProgress } from './JobProgress';
import { IMPORT_RESULT_KEY, importTemplate, type Contract, type ImportReport, type ImportRow, type ImportSummary } from './model';

/** The API's body limit: a bigger file is refused before it is sent. */
const MAX_BYTES = 1 << 20;

type ImportJob = Job<ImportSummary>;

/**
 * Adding many users from a CSV file (chosen or dropped): a check reports what each
 * row would do before anything is written; the import then runs on the server as a
 * job whose progress the page follows, and ends with the figures and a report to
 * download. The recent imports are listed below, with their reports. A template
 * shows the columns.
 */
export default function ImportPage() {
  const [file, setFile] = useState<File | null>(null);
  const [report, setReport] = useState<ImportReport | null>(null);
  const [busy, setBusy] = useState<'check' | 'import' | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [dragging, setDragging] = useState(false);
  const [errorsOnly, setErrorsOnly] = useState(false);
  const [job, setJob] = useState<ImportJob | null>(null);
  const [unreachable, setUnreachable] = useState(false);
  const first = useLoaded((signal) => api.get<ListPage<Contract>>('/org/contracts', { query: { limit: 1 }, signal }), []);
  const history = useLoaded((signal) => api.get<{ items: ImportJob[] }>('/org/imports', { signal }), []);
  const reference = first.data?.items[0]?.reference ?? '';
  const template = useMemo(() => URL.createObjectURL(new Blob([importTemplate(reference)], { type: 'text/csv' })), [reference]);
  useEffect(() => () => URL.revokeObjectURL(template), [template]);

  // An import still under way when the page opens (started before, elsewhere) is
  // followed as if it had just been started.
  useEffect(() => {
    const latest = history.data?.items[0];
    if (!job && latest && !finished(latest)) setJob(latest);
  }, [history.data]);
  useEffect(() => {
    if (!job || finished(job)) return;
    const stop = new AbortController();
    setUnreachable(false);
    follow<ImportSummary>('/org/imports/' + job.id, setJob, stop.signal)
      .then((last) => last && history.reload())
      .catch(() => {
        if (!stop.signal.aborted) setUnreachable(true);
      });
    return () => stop.abort();
  }, [job?.id]);

  const check = async (f: File) => {
    setBusy('check');
    setError(null);
    try {
      setReport(await api.post<ImportReport>('/org/users/import', f, { contentType: 'text/csv', query: { dryRun: 'true' } }));
      setErrorsOnly(false);
      document.getElementById('import-report-title')?.focus();
    } catch (err) {
      setReport(null);
      setError(err instanceof ApiError ? err : new ApiError(0, 'unexpected', t('app.api.unexpected')));
    } finally {
      setBusy(null);
    }
  };

  const start = async (f: File) => {
    setBusy('import');
    setError(null);
    try {
      setJob(await api.post<ImportJob>('/org/users/import', f, { contentType: 'text/csv' }));
      setReport(null);
      setFile(null);
      history.reload();
      document.getElementById('import-job-title')?.focus();
    } catch (err) {
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
    setJob(null);
    void check(f);
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
      {job && <ImportProgress job={job} unreachable={unreachable} />}
      {report && (
        <section aria-labelledby="import-report-title">
          <h2 id="import-report-title" class="section-title" tabIndex={-1}>
            {t('admin.import.checkTitle')}
          </h2>
          <p id="import-summary" role="status">
            {tn('admin.import.checkSummary', report.total, {
              create: report.rows.filter((r) => r.result === 'create').length,
              attach: report.rows.filter((r) => r.result === 'attach').length,
              failed: report.failed,
            })}
          </p>
          {file && (
            <div class="actions">
              <Button id="import-run" busy={busy === 'import'} disabled={valid === 0 || busy !== null} onClick={() => void start(file)}>
                {tn('admin.import.run', valid)}
              </Button>
              {report.failed > 0 && <span class="field-hint">{tn('admin.import.skipped', report.failed)}</span>}
            </div>
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
      <ImportHistory history={history} current={job} />
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

/** The import under way, or just finished: its progress, then its figures and its
 * report. */
function ImportProgress({ job, unreachable }: { job: ImportJob; unreachable: boolean }) {
  const done = job.state === 'done';
  return (
    <section aria-labelledby="import-job-title" class="import-job">
      <h2 id="import-job-title" class="section-title" tabIndex={-1}>
        {t(done ? 'admin.import.jobDoneTitle' : 'admin.import.jobTitle')}
      </h2>
      <JobProgress
        id="import-job"
        job={job}
        label={t('admin.import.jobLabel')}
        progress={t('admin.import.progress', { done: job.done, total: job.total })}
        downloadLabel={t('admin.import.report')}
      >
        {job.summary && (
          <>
            <p id="import-figures">{t('admin.import.figures', { ...job.summary })}</p>
            <p class="field-hint">{t('admin.import.reportHint')}</p>
          </>
        )}
      </JobProgress>
      {unreachable && (
        <p class="form-error" role="alert">
          {t('admin.job.unreachable')}
        </p>
      )}
      {done && (
        <p>
          <a href={href('/admin/users')}>{t('admin.import.toUsers')}</a>
        </p>
      )}
    </section>
  );
}

const STATE_KEY: Record<Job['state'], Key> = {
  queued: 'admin.import.state.queued',
  running: 'admin.import.state.running',
  done: 'admin.import.state.done',
  failed: 'admin.import.state.failed',
};

/** The organisation's recent imports, newest first, with their reports. */
function ImportHistory({ history, current }: { history: ReturnType<typeof useLoaded<{ items: ImportJob[] }>>; current: ImportJob | null }) {
  // The import the page follows is shown as last read, not as the list found it.
  const items = (history.data?.items ?? []).map((j) => (current && j.id === current.id ? current : j));
  return (
    <section aria-labelledby="import-history-title" class="import-history">
      <h2 id="import-history-title" class="section-title">
        {t('admin.import.historyTitle')}
      </h2>
      {history.error ? (
        <div class="list-error" role="alert">
          <p>{history.error.message}</p>
          <Button variant="secondary" onClick={history.reload}>
            {t('ui.table.retry')}
          </Button>
        </div>
      ) : history.loading && !history.data ? (
        <Spinner />
      ) : items.length === 0 ? (
        <EmptyState title={t('admin.import.historyEmpty')} />
      ) : (
        <div class="data-table">
          <div class="table-scroll">
            <table id="import-history">
              <caption>{t('admin.import.historyCaption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('admin.import.when')}</th>
                  <th scope="col">{t('admin.import.state')}</th>
                  <th scope="col">{t('admin.import.outcome')}</th>
                  <th scope="col">{t('admin.import.reportLink')}</th>
                </tr>
              </thead>
              <tbody>
                {items.map((j) => (
                  <tr key={j.id}>
                    <td data-label={t('admin.import.when')}>{formatDate(j.created)}</td>
                    <td data-label={t('admin.import.state')}>{t(STATE_KEY[j.state], { percent: percent(j) ?? 0 })}</td>
                    <td data-label={t('admin.import.outcome')}>{j.summary ? t('admin.import.figures', { ...j.summary }) : ''}</td>
                    <td data-label={t('admin.import.reportLink')}>
                      {j.download && (
                        <a href={j.download.url} download={j.download.filename} aria-label={t('admin.import.reportOf', { date: formatDate(j.created) })}>
                          {t('admin.import.reportLink')}
                        </a>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      )}
    </section>
  );
}
