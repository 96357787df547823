// An approver's queue: the pending requests they decide, oldest first, with filters,
// a selection and one decision for the whole selection (or one row), each request
// decided on its own and its outcome listed. Customer administrators
// (/access-requests) and operators (/backoffice/access-requests) use it alike.
import { useState } from 'preact/hooks';
import { api, ApiError, type ListPage } from '../../api';
import { t, tn } from '../../i18n';
import { Button } from '../../ui/Button';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { TextArea } from '../../ui/fields';
import { DataTable, FilterSelect, usePagedList, type Column } from '../../ui/list';
import { EmptyState } from '../../ui/status';
import { toast } from '../../ui/toast';
import { formatDate, formatDateTime, local, tally, type AccessRequest, type BulkResult } from './model';
import { useCatalog } from './useCatalog';
import './applications.css';

type Decision = 'approve' | 'refuse';

export function DecisionQueue({ base, operator }: { base: '/access-requests' | '/backoffice/access-requests'; operator: boolean }) {
  const catalog = useCatalog();
  const [app, setApp] = useState('');
  const [kind, setKind] = useState('');
  const [before, setBefore] = useState('');
  const [selection, setSelection] = useState<ReadonlySet<string>>(new Set());
  const [dialog, setDialog] = useState<{ decision: Decision; numbers: string[] } | null>(null);
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string | undefined>();
  const [results, setResults] = useState<BulkResult[] | null>(null);
  const list = usePagedList<AccessRequest>(
    (cursor, signal) => api.get<ListPage<AccessRequest>>(base, { query: { app, kind, before, cursor }, signal }),
    [app, kind, before],
  );
  // Only what is on the page can be selected.
  const selected = list.items.filter((r) => selection.has(r.number)).map((r) => r.number);
  const allOnPage = list.items.length > 0 && selected.length === list.items.length;

  const select = (number: string, on: boolean) => {
    const next = new Set(selected);
    if (on) next.add(number);
    else next.delete(number);
    setSelection(next);
  };

  const open = (decision: Decision, numbers: string[]) => {
    setReason('');
    setReasonError(undefined);
    setDialog({ decision, numbers });
  };

  const decide = async () => {
    if (!dialog) return;
    const refuse = dialog.decision === 'refuse';
    if (refuse && reason.trim() === '') {
      setReasonError(t('applications.queue.reasonRequired'));
      document.getElementById('decision-reason')?.focus();
      throw new ApiError(400, 'invalid_fields', t('ui.errorSummary.title'));
    }
    try {
      const r = await api.post<{ results: BulkResult[] }>(`${base}/decisions`, { numbers: dialog.numbers, decision: dialog.decision, reason: reason.trim() });
      const { done, failed } = tally(r.results);
      setResults(r.results);
      setSelection(new Set());
      list.reload();
      toast(t(refuse ? 'applications.queue.refusedCount' : 'applications.queue.approvedCount', { n: done }) + (failed ? ' ' + t('applications.queue.failedCount', { n: failed }) : ''), failed ? 'error' : 'success');
    } catch (err) {
      const field = err instanceof ApiError ? err.fields.find((f) => f.field === 'reason') : undefined;
      if (field) setReasonError(field.message);
      throw err;
    }
  };

  const columns: Column<AccessRequest>[] = [
    {
      key: 'select',
      header: t('applications.queue.select'),
      cell: (r) => (
        <input
          type="checkbox"
          class="row-check"
          checked={selection.has(r.number)}
          onChange={(e) => select(r.number, e.currentTarget.checked)}
          aria-label={t('applications.queue.selectOne', { number: r.number })}
        />
      ),
    },
    { key: 'number', header: t('applications.col.number'), cell: (r) => r.number },
    {
      key: 'who',
      header: t('applications.col.requester'),
      cell: (r) => (
        <>
          {r.requesterName}
          <br />
          <span class="muted">{r.requesterEmail}</span>
          {operator && (
            <>
              <br />
              <span class="muted">{r.orgName}</span>
            </>
          )}
        </>
      ),
    },
    {
      key: 'app',
      header: t('applications.col.application'),
      cell: (r) => (
        <>
          {r.kind === 'extension' ? t('applications.requests.extensionOf', { name: local(r.appName) }) : local(r.appName)}
          {r.comment && <p class="status-reason">{t('applications.queue.comment', { comment: r.comment })}</p>}
        </>
      ),
    },
    { key: 'created', header: t('applications.col.created'), cell: (r) => formatDate(r.created) },
    { key: 'deadline', header: t('applications.col.autoRefusal'), cell: (r) => formatDateTime(r.deadline) },
    {
      key: 'actions',
      header: t('applications.col.actions'),
      cell: (r) => (
        <div class="row-actions">
          <Button variant="secondary" onClick={() => open('approve', [r.number])} aria-label={t('applications.queue.approveOne', { number: r.number })}>
            {t('applications.queue.approve')}
          </Button>
          <Button variant="secondary" onClick={() => open('refuse', [r.number])} aria-label={t('applications.queue.refuseOne', { number: r.number })}>
            {t('applications.queue.refuse')}
          </Button>
        </div>
      ),
    },
  ];

  const n = dialog?.numbers.length ?? 0;
  return (
    <div class="queue">
      <div class="queue-filters">
        <FilterSelect
          id="queue-app"
          label={t('applications.col.application')}
          value={app}
          options={catalog.state === 'ready' ? catalog.value.map((a) => ({ value: a.id, label: local(a.name) })) : []}
          onChange={setApp}
        />
        <FilterSelect
          id="queue-kind"
          label={t('applications.queue.kind')}
          value={kind}
          options={[
            { value: 'access', label: t('applications.queue.kindAccess') },
            { value: 'extension', label: t('applications.queue.kindExtension') },
          ]}
          onChange={setKind}
        />
        <div class="filter">
          <label for="queue-before">{t('applications.queue.before')}</label>
          <input id="queue-before" type="date" value={before} onChange={(e) => setBefore(e.currentTarget.value)} />
        </div>
      </div>

      {list.items.length > 0 && (
        <div class="queue-toolbar">
          <label class="queue-all">
            <input type="checkbox" checked={allOnPage} onChange={(e) => setSelection(new Set(e.currentTarget.checked ? list.items.map((r) => r.number) : []))} />
            {t('applications.queue.selectAll')}
          </label>
          <span aria-live="polite">{t('applications.queue.selected', { n: selected.length })}</span>
          <Button disabled={selected.length === 0} onClick={() => open('approve', selected)}>
            {t('applications.queue.approveSelected')}
          </Button>
          <Button variant="secondary" disabled={selected.length === 0} onClick={() => open('refuse', selected)}>
            {t('applications.queue.refuseSelected')}
          </Button>
        </div>
      )}

      {results && (
        <div class="decision-results" role="status">
          <p class="decision-results-title">{t('applications.queue.results', tally(results))}</p>
          <ul>
            {results.map((r) => (
              <li key={r.number} class={r.request ? 'rule-ok' : 'result-failed'}>
                {r.number} — {r.request ? t(r.request.status === 'approved' ? 'applications.status.approved' : 'applications.status.refused') : r.error?.message}
              </li>
            ))}
          </ul>
        </div>
      )}

      <DataTable
        caption={t('applications.queue.caption')}
        columns={columns}
        rowKey={(r) => r.number}
        list={list}
        empty={<EmptyState title={t('applications.queue.empty')}>{app || kind || before ? t('applications.queue.emptyFiltered') : undefined}</EmptyState>}
      />

      <ConfirmDialog
        open={dialog !== null}
        title={tn(dialog?.decision === 'refuse' ? 'applications.queue.refuseTitle' : 'applications.queue.approveTitle', n)}
        confirmLabel={t(dialog?.decision === 'refuse' ? 'applications.queue.refuse' : 'applications.queue.approve')}
        danger={dialog?.decision === 'refuse'}
        onConfirm={decide}
        onClose={() => setDialog(null)}
      >
        <p>{dialog?.numbers.join(', ')}</p>
        {dialog?.decision === 'refuse' ? (
          <TextArea
            id="decision-reason"
            name="reason"
            label={t('applications.queue.reason')}
            hint={t('applications.queue.reasonHint')}
            maxLength={1000}
            value={reason}
            error={reasonError}
            onValue={(v) => {
              setReason(v);
              setReasonError(undefined);
            }}
          />
        ) : (
          <p>{t('applications.queue.approveBody')}</p>
        )}
      </ConfirmDialog>
    </div>
  );
}
