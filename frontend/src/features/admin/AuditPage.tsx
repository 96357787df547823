import { useEffect, useState } from 'preact/hooks';
import { api, ApiError, type ListPage } from '../../api';
import { getLanguage, t } from '../../i18n';
import type { PageProps } from '../../page';
import { href, navigate } from '../../router';
import { Button } from '../../ui/Button';
import { DataTable, usePagedList, type Column } from '../../ui/list';
import { EmptyState, PageCard } from '../../ui/status';
import { formatDate } from '../register/registration';
import { AdminNav } from './AdminNav';
import { useLoad } from '../applications/useCatalog';
import { local, type Application } from '../applications/model';
import {
  ACTION_KEY,
  allPages,
  labelOf,
  ORG_AUDIT_ACTIONS,
  parseTarget,
  personLabel,
  targetNames,
  targetText,
  type AuditEntry,
  type AuditPage as Page,
  type AuditPerson,
  type Contract,
  type TargetNames,
} from './model';
import { follow, type Job } from './job';
import { JobProgress } from './JobProgress';
import { UserPicker } from './UserPicker';

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

/** The filters, from the page's address. */
function readFilters(query: URLSearchParams) {
  const date = (k: string) => {
    const v = query.get(k) ?? '';
    return DATE_RE.test(v) ? v : '';
  };
  return { action: query.get('action') ?? '', user: query.get('user') ?? '', from: date('from'), to: date('to') };
}

type Filters = ReturnType<typeof readFilters>;

/**
 * The organisation's audit log, newest first: who did what (and who really did it
 * during a "log in as"), on what, before and after, from where. Filters by action,
 * user and dates live in the page's address; the export takes the same filters.
 */
export default function AuditPage({ query }: PageProps) {
  const filters = readFilters(query);
  const [people, setPeople] = useState<Record<string, AuditPerson>>({});
  const list = usePagedList<AuditEntry>(
    async (cursor, signal) => {
      const page = await api.get<Page>('/org/audit', { query: { ...filters, cursor }, signal });
      // Names stay known across pages (an entry may name someone of an earlier page).
      setPeople((p) => ({ ...targetNames(page.items), ...p, ...page.people }));
      return page;
    },
    [filters],
  );
  // Targets name contracts and applications: the organisation's contracts and the
  // catalog, read once.
  const [known] = useLoad(
    async (signal) => {
      const [contracts, apps] = await Promise.all([
        allPages((cursor) => api.get<ListPage<Contract>>('/org/contracts', { query: { cursor }, signal })),
        api.get<{ items: Application[] }>('/applications', { signal }).then((r) => r.items),
      ]);
      return { contracts: new Map(contracts.map((c) => [c.id, c.name])), apps: new Map(apps.map((a) => [a.id, local(a.name)])) };
    },
    [],
  );
  const lang = getLanguage();
  const who = (id: string | undefined) => personLabel(id, people);
  const names: TargetNames = {
    person: (id) => personLabel(id, people),
    contract: (id) => (known.state === 'ready' && known.value.contracts.get(id)) || '',
    app: (id) => (known.state === 'ready' && known.value.apps.get(id)) || '',
  };
  const columns: Column<AuditEntry>[] = [
    { key: 'time', header: t('admin.audit.time'), cell: (e) => formatDate(e.time, lang) },
    { key: 'action', header: t('admin.audit.action'), cell: (e) => labelOf(ACTION_KEY, e.action) },
    {
      key: 'by',
      header: t('admin.audit.by'),
      cell: (e) => (e.actorId ? t('admin.audit.actingAs', { actor: who(e.actorId), user: who(e.userId) }) : who(e.userId)),
    },
    { key: 'target', header: t('admin.audit.target'), cell: (e) => <Target entry={e} names={names} /> },
    { key: 'ip', header: t('admin.audit.ip'), cell: (e) => e.ip ?? '' },
    { key: 'change', header: t('admin.audit.change'), cell: (e) => <Change entry={e} /> },
  ];
  const filtered = Object.values(filters).some(Boolean);

  return (
    <PageCard title={t('admin.audit.title')} lead={t('admin.audit.lead')} wide>
      <AdminNav />
      <AuditFilters filters={filters} userName={filters.user ? who(filters.user) : ''} />
      <AuditExport filters={filters} />
      <DataTable
        caption={t('admin.audit.caption')}
        columns={columns}
        rowKey={(e) => e.id}
        list={list}
        empty={<EmptyState title={t(filtered ? 'admin.audit.noMatch' : 'admin.audit.empty')} />}
      />
    </PageCard>
  );
}

interface ExportSummary {
  entries: number;
  cut: boolean;
}

/** The export of the log with the page's filters: queued on the server, followed
 * while it runs, then downloaded. Changing the filters starts over. */
function AuditExport({ filters }: { filters: Filters }) {
  const [job, setJob] = useState<Job<ExportSummary> | null>(null);
  const [failed, setFailed] = useState(false);
  const [busy, setBusy] = useState(false);
  const key = JSON.stringify(filters);
  useEffect(() => {
    setJob(null);
    setFailed(false);
  }, [key]);
  useEffect(() => {
    if (!job || job.state === 'done' || job.state === 'failed') return;
    const stop = new AbortController();
    follow<ExportSummary>('/org/audit/exports/' + job.id, setJob, stop.signal).catch((err) => {
      if (!stop.signal.aborted) setFailed(err instanceof ApiError || err instanceof Error);
    });
    return () => stop.abort();
  }, [job?.id]);
  const start = async () => {
    setBusy(true);
    setFailed(false);
    try {
      setJob(await api.post<Job<ExportSummary>>('/org/audit/exports', filters));
    } catch {
      setFailed(true);
    } finally {
      setBusy(false);
    }
  };
  const running = job !== null && (job.state === 'queued' || job.state === 'running');
  return (
    <div class="audit-export">
      <p>
        <Button id="audit-export" variant="secondary" onClick={start} busy={busy} disabled={running}>
          {t('admin.audit.export')}
        </Button>
      </p>
      {failed && (
        <p class="form-error" role="alert">
          {t('admin.job.unreachable')}
        </p>
      )}
      {job && (
        <JobProgress id="audit-export-job" job={job} label={t('admin.audit.exportLabel')} progress={t('admin.audit.exportProgress', { done: job.done })}>
          {job.summary && (
            <p>
              {t(job.summary.entries === 1 ? 'admin.audit.exportDoneOne' : 'admin.audit.exportDone', { entries: job.summary.entries })}
              {job.summary.cut && ' ' + t('admin.audit.exportCut')}
            </p>
          )}
        </JobProgress>
      )}
    </div>
  );
}

/** The filters' form: applied together, kept in the address. */
function AuditFilters({ filters, userName }: { filters: Filters; userName: string }) {
  const [draft, setDraft] = useState<Filters>(filters);
  const [error, setError] = useState<string | null>(null);
  const apply = (f: Filters) => navigate(href('/admin/audit', undefined, f), { replace: true });
  return (
    <form
      class="form audit-filters"
      noValidate
      aria-label={t('admin.audit.filters')}
      onSubmit={(e) => {
        e.preventDefault();
        if (draft.from && draft.to && draft.to < draft.from) {
          setError(t('admin.audit.badRange'));
          document.getElementById('audit-to')?.focus();
          return;
        }
        setError(null);
        apply(draft);
      }}
    >
      <div class="toolbar">
        <div class="filter">
          <label for="audit-action">{t('admin.audit.action')}</label>
          <select id="audit-action" value={draft.action} onChange={(e) => setDraft({ ...draft, action: e.currentTarget.value })}>
            <option value="">{t('ui.filter.all')}</option>
            {ORG_AUDIT_ACTIONS.map((a) => (
              <option key={a} value={a}>
                {labelOf(ACTION_KEY, a)}
              </option>
            ))}
          </select>
        </div>
        <div class="filter">
          <label for="audit-from">{t('admin.audit.from')}</label>
          <input id="audit-from" type="date" value={draft.from} onInput={(e) => setDraft({ ...draft, from: e.currentTarget.value })} />
        </div>
        <div class={error ? 'filter field-invalid' : 'filter'}>
          <label for="audit-to">{t('admin.audit.to')}</label>
          <input
            id="audit-to"
            type="date"
            value={draft.to}
            aria-invalid={error ? 'true' : undefined}
            aria-describedby={error ? 'audit-to-error' : undefined}
            onInput={(e) => setDraft({ ...draft, to: e.currentTarget.value })}
          />
          {error && (
            <p id="audit-to-error" class="field-error">
              {error}
            </p>
          )}
        </div>
      </div>
      <UserPicker
        id="audit-user"
        label={t('admin.audit.user')}
        endpoint="/org/users"
        value={draft.user}
        valueLabel={userName}
        emptyLabel={t('admin.audit.anyone')}
        hint={t('admin.audit.userHint')}
        onChange={(user) => setDraft({ ...draft, user })}
      />
      <div class="actions">
        <Button id="audit-apply" type="submit">
          {t('admin.audit.apply')}
        </Button>
        <Button
          variant="secondary"
          onClick={() => {
            const none = { action: '', user: '', from: '', to: '' };
            setDraft(none);
            setError(null);
            apply(none);
          }}
        >
          {t('admin.audit.reset')}
        </Button>
      </div>
    </form>
  );
}

/** What an entry applied to, in words, linked to its page when it has one. */
function Target({ entry, names }: { entry: AuditEntry; names: TargetNames }) {
  const target = parseTarget(entry.target);
  const text = targetText(target, names);
  switch (target.kind) {
    case 'user':
    case 'grant':
      return <a href={href('/admin/users/:id', { id: target.user })}>{text}</a>;
    case 'contract':
    case 'rights':
      return <a href={href('/admin/contracts/:id/rights', { id: target.contract })}>{text}</a>;
  }
  return <>{text}</>;
}

/** Before and after, when the entry keeps them, folded. */
function Change({ entry }: { entry: AuditEntry }) {
  if (entry.before === undefined && entry.after === undefined) return null;
  return (
    <details class="audit-change">
      <summary>{t('admin.audit.details')}</summary>
      {entry.before !== undefined && (
        <>
          <p class="audit-change-label">{t('admin.audit.before')}</p>
          <pre>{JSON.stringify(entry.before, null, 2)}</pre>
        </>
      )}
      {entry.after !== undefined && (
        <>
          <p class="audit-change-label">{t('admin.audit.after')}</p>
          <pre>{JSON.stringify(entry.after, null, 2)}</pre>
        </>
      )}
    </details>
  );
}
