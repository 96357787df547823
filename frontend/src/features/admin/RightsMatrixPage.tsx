import { useState } from 'preact/hooks';
import { api, ApiError } from '../../api';
import { getLanguage, t, tn } from '../../i18n';
import type { PageProps } from '../../page';
import { href, navigate } from '../../router';
import { Button } from '../../ui/Button';
import { usersLevel } from '../../access';
import { useSession } from '../../session';
import { DataTable, SearchBox, usePagedList, type Column } from '../../ui/list';
import { EmptyState, PageCard } from '../../ui/status';
import { toast } from '../../ui/toast';
import { AdminNav, useIsAdmin } from './AdminNav';
import { LevelSelect } from './LevelSelect';
import {
  batches,
  conflictingLines,
  editedLine,
  formatDay,
  floorOf,
  fullName,
  LEVEL_KEY,
  lineChanged,
  matrixChanges,
  removals,
  ROLE_KEY,
  SECTION_KEY,
  SECTIONS,
  type Contract,
  type Grant,
  type Matrix,
  type MatrixLine,
  type Section,
} from './model';
import { ReferentForm } from './ReferentForm';
import { useConfirm } from '../register/useConfirm';
import { StatusBadge } from './StatusBadge';

/** The API takes at most this many lines per save (one transaction each). */
const MAX_LINES = 30;

/**
 * One contract's rights: its users by its sections, searched by name, edited in
 * place by its Users Managers (read by its Users Visitors). Each cell shows what
 * the person holds in effect (an administrator everything, the referent at least
 * Visitor). Changes are kept (across pages and searches) until saved together; a
 * line someone else changed meanwhile is reloaded and named, the other changes
 * stay to be saved again.
 */
export default function RightsMatrixPage({ params, query }: PageProps) {
  const base = `/org/contracts/${encodeURIComponent(params.id)}`;
  const q = query.get('q') ?? '';
  const admin = useIsAdmin();
  const editable = usersLevel(useSession(), params.id) === 'manager';
  const [contract, setContract] = useState<Contract | null>(null);
  // Every line read so far, by user: changes on another page are saved too.
  const [seen, setSeen] = useState<Record<string, MatrixLine>>({});
  const [edits, setEdits] = useState<Record<string, Grant>>({});
  const [saving, setSaving] = useState(false);
  const [conflict, setConflict] = useState<string[]>([]);
  const [error, setError] = useState<string | null>(null);
  const { dialog, ask } = useConfirm();
  const list = usePagedList<MatrixLine>(
    async (cursor, signal) => {
      const m = await api.get<Matrix>(`${base}/rights`, { query: { q, cursor }, signal });
      setContract(m.contract);
      setSeen((s) => ({ ...s, ...Object.fromEntries(m.items.map((l) => [l.user.id, l])) }));
      return m;
    },
    [base, q],
  );

  const changes = matrixChanges(Object.values(seen), edits);
  const edit = (line: MatrixLine, g: Grant) => {
    setEdits({ ...edits, [line.user.id]: g });
    setConflict([]);
  };

  const save = async () => {
    setSaving(true);
    setError(null);
    setConflict([]);
    const left = { ...edits };
    try {
      for (const batch of batches(changes, MAX_LINES)) {
        try {
          await api.put(`${base}/rights`, { changes: batch });
          for (const c of batch) delete left[c.userId];
        } catch (err) {
          const stale = conflictingLines(err).map((i) => batch[i]?.userId).filter(Boolean);
          if (stale.length === 0) throw err;
          for (const id of stale) delete left[id];
          setConflict(stale.map((id) => fullName(seen[id].user)));
          break;
        }
      }
      if (Object.keys(left).length === 0) toast(t('admin.rights.saved'), 'success');
    } catch (err) {
      setError(err instanceof ApiError ? err.message : t('app.api.unexpected'));
    } finally {
      setEdits(left);
      setSaving(false);
      // The saved and the conflicting lines come back with their new versions.
      list.reload();
    }
  };

  /** Saves at once, or first asks when the changes take rights away from someone. */
  const confirmSave = () => {
    const lost = changes.flatMap((c) => {
      const line = seen[c.userId];
      return removals(line, { sections: c.sections, supported: c.supported }).map((r) => ({ line, removal: r }));
    });
    if (lost.length === 0) return void save();
    ask({
      title: t('admin.rights.removeTitle'),
      body: (
        <>
          <p>{t('admin.access.removeBody')}</p>
          <ul id="matrix-removals">
            {lost.map(({ line, removal }) => (
              <li key={line.user.id + removal.section}>
                {removal.section === 'supported'
                  ? t('admin.access.removeSupported', { what: fullName(line.user) })
                  : t('admin.access.removeLevel', {
                      what: fullName(line.user),
                      section: t(SECTION_KEY[removal.section]),
                      from: t(LEVEL_KEY[removal.from]),
                      to: t(LEVEL_KEY[removal.to]),
                    })}
              </li>
            ))}
          </ul>
        </>
      ),
      confirmLabel: t('admin.access.removeConfirm'),
      run: save,
    });
  };

  const columns: Column<MatrixLine>[] = [
    {
      key: 'user',
      header: t('admin.rights.user'),
      cell: (l) => (
        <>
          <a href={href('/admin/users/:id', { id: l.user.id })}>{fullName(l.user)}</a>
          <span class="matrix-login">{l.user.login}</span>
          {l.referent && <span class="badge badge-referent">{t('admin.rights.referent')}</span>}
          {l.user.role === 'admin' && <span class="badge badge-admin">{t(ROLE_KEY.admin)}</span>}
          {l.user.status !== 'ready' && <StatusBadge status={l.user.status} />}
        </>
      ),
    },
    ...SECTIONS.map((s) => ({
      key: s,
      header: t(SECTION_KEY[s]),
      cell: (l: MatrixLine) => <LevelCell line={l} section={s} edit={edits[l.user.id]} onEdit={edit} disabled={!editable} />,
    })),
    {
      key: 'supported',
      header: t('admin.rights.supported'),
      cell: (l: MatrixLine) => {
        const g = editedLine(l, edits[l.user.id]);
        return (
          <input
            type="checkbox"
            id={`cell-${l.user.id}-supported`}
            class={g.supported !== l.supported ? 'cell-changed' : undefined}
            checked={g.supported}
            disabled={!admin}
            aria-label={t('admin.rights.cell', { section: t('admin.rights.supported'), name: fullName(l.user) })}
            onChange={(e) => edit(l, { ...g, supported: e.currentTarget.checked })}
          />
        );
      },
    },
  ];

  const lang = getLanguage();
  return (
    <PageCard title={contract ? t('admin.rights.title', { name: contract.name }) : t('admin.rights.titleShort')} wide>
      <AdminNav />
      <p>
        <a href={href('/admin/contracts')}>{t('admin.rights.back')}</a>
      </p>
      {contract && (
        <>
          <p class="lead">
            {contract.end
              ? t('admin.rights.lead', { reference: contract.reference, start: formatDay(contract.start, lang), end: formatDay(contract.end, lang) })
              : t('admin.rights.leadOpen', { reference: contract.reference, start: formatDay(contract.start, lang) })}
          </p>
          {admin && (
            <ReferentForm
              contract={contract}
              referent={seen[contract.referentId]?.user}
              onChanged={(c) => {
                setContract(c);
                list.reload();
              }}
            />
          )}
        </>
      )}
      <h2 class="section-title">{t('admin.rights.matrix')}</h2>
      <p class="field-hint">{t(editable ? (admin ? 'admin.rights.help' : 'admin.rights.helpDelegate') : 'admin.rights.readOnly')}</p>
      <div class="toolbar">
        <SearchBox
          id="matrix-q"
          label={t('admin.rights.search')}
          value={q}
          onSearch={(next) => navigate(href('/admin/contracts/:id/rights', { id: params.id }, { q: next || null }), { replace: true })}
        />
      </div>
      {conflict.length > 0 && (
        <p class="form-error" role="alert" id="matrix-conflict">
          {t('admin.rights.conflict', { names: conflict.join(', ') })}
        </p>
      )}
      {error && (
        <p class="form-error" role="alert">
          {error}
        </p>
      )}
      {editable && (
        <div class="matrix-bar">
          <p role="status" id="matrix-pending">
            {changes.length === 0 ? t('admin.rights.noChange') : tn('admin.rights.pending', changes.length)}
          </p>
          <Button id="matrix-save" busy={saving} disabled={changes.length === 0} onClick={confirmSave}>
            {t('admin.rights.save')}
          </Button>
          <Button variant="secondary" disabled={changes.length === 0 || saving} onClick={() => setEdits({})}>
            {t('admin.rights.discard')}
          </Button>
        </div>
      )}
      <div class="matrix">
        <DataTable
          caption={t('admin.rights.caption')}
          columns={columns}
          rowKey={(l) => l.user.id}
          list={list}
          empty={
            q ? (
              <EmptyState
                title={t('admin.rights.noMatch', { q })}
                action={<a href={href('/admin/contracts/:id/rights', { id: params.id })}>{t('admin.rights.clearSearch')}</a>}
              />
            ) : (
              <EmptyState title={t('admin.rights.empty')} />
            )
          }
        />
      </div>
      {dialog}
    </PageCard>
  );
}

/** One cell: the level of a section for a user, marked when changed. */
function LevelCell({
  line,
  section,
  edit,
  onEdit,
  disabled,
}: {
  line: MatrixLine;
  section: Section;
  edit?: Grant;
  onEdit: (l: MatrixLine, g: Grant) => void;
  disabled: boolean;
}) {
  const g = editedLine(line, edit);
  return (
    <LevelSelect
      id={`cell-${line.user.id}-${section}`}
      value={g.sections[section] ?? 'none'}
      original={lineChanged(line, edit) ? line.sections[section] : (g.sections[section] ?? 'none')}
      floor={floorOf(line.user.role === 'admin', line.referent)}
      disabled={disabled}
      label={t('admin.rights.cell', { section: t(SECTION_KEY[section]), name: fullName(line.user) })}
      onChange={(level) => onEdit(line, { ...g, sections: { ...g.sections, [section]: level } })}
    />
  );
}
