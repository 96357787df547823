import { useState } from 'preact/hooks';
import { usersLevel } from '../../access';
import { api, ApiError, type ListPage } from '../../api';
import { t, tn } from '../../i18n';
import type { PageProps } from '../../page';
import { href } from '../../router';
import { useSession } from '../../session';
import { Button } from '../../ui/Button';
import { EmptyState, PageCard, Spinner } from '../../ui/status';
import { toast } from '../../ui/toast';
import { useLoaded } from '../register/load';
import { LoadError } from '../register/LoadError';
import { useConfirm } from '../register/useConfirm';
import { AdminNav, useIsAdmin } from './AdminNav';
import { LevelSelect } from './LevelSelect';
import {
  conflictingLines,
  floorOf,
  fullName,
  grantChanged,
  LEVEL_KEY,
  removals,
  SECTION_KEY,
  SECTIONS,
  usersContracts,
  type Contract,
  type ContractRights,
  type Grant,
  type MatrixLine,
  type Removal,
  type UserDetail,
} from './model';

/** The grant a contract's rights make, as the editor starts from. */
function grantOf(r: ContractRights | undefined): Grant {
  return { sections: { ...(r?.sections ?? {}) }, supported: !!r?.supported };
}

/**
 * "Manage access": one user's rights on every contract the editor manages (an
 * administrator: all of them; a delegated administrator: those whose Users section
 * they manage), one level per contract and section, saved through each contract's
 * matrix (PUT /org/contracts/{id}/rights, its rules and its version check), after
 * a confirmation when rights are taken away.
 */
export default function UserAccessPage({ params }: PageProps) {
  const path = `/org/users/${encodeURIComponent(params.id)}`;
  const detail = useLoaded((signal) => api.get<UserDetail>(path, { signal }), [path]);
  const contracts = useLoaded((signal) => usersContracts(signal), []);
  const session = useSession();
  const admin = useIsAdmin();
  const [edits, setEdits] = useState<Record<string, Grant>>({});
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const { dialog, ask } = useConfirm();

  const d = detail.data;
  const managed = (contracts.data ?? []).filter((c) => usersLevel(session, c.id) === 'manager');
  const changed = d ? managed.filter((c) => edits[c.id] && grantChanged(d.rights[c.id], edits[c.id])) : [];

  /** Saves the changed contracts one after the other, each with the version the
   * previous save answered; stops at the first refusal, keeping what is left. */
  const save = async () => {
    if (!d) return;
    setSaving(true);
    setError(null);
    let version = d.rightsVersion;
    const left = { ...edits };
    try {
      for (const c of changed) {
        const g = edits[c.id];
        const sections = Object.fromEntries(SECTIONS.map((s) => [s, g.sections[s] ?? 'none']));
        const answer = await api.put<ListPage<MatrixLine>>(`/org/contracts/${encodeURIComponent(c.id)}/rights`, {
          changes: [{ userId: d.user.id, version, sections, supported: g.supported }],
        });
        version = answer.items[0]?.version ?? version + 1;
        delete left[c.id];
      }
      toast(t('admin.access.saved'), 'success');
    } catch (err) {
      setError(conflictingLines(err).length > 0 ? t('admin.access.conflict') : err instanceof ApiError ? err.message : t('app.api.unexpected'));
    } finally {
      setEdits(left);
      setSaving(false);
      detail.reload();
    }
  };

  const confirmSave = () => {
    if (!d) return;
    const lost = changed.flatMap((c) => removals(d.rights[c.id], edits[c.id]).map((r) => ({ contract: c, removal: r })));
    if (lost.length === 0) return void save();
    ask({
      title: t('admin.access.removeTitle', { name: fullName(d.user) }),
      body: (
        <>
          <p>{t('admin.access.removeBody')}</p>
          <ul id="access-removals">
            {lost.map(({ contract, removal }) => (
              <li key={contract.id + removal.section}>{removalText(contract, removal)}</li>
            ))}
          </ul>
        </>
      ),
      confirmLabel: t('admin.access.removeConfirm'),
      run: save,
    });
  };

  return (
    <PageCard title={d ? t('admin.access.heading', { name: fullName(d.user) }) : t('admin.access.title')} wide>
      <AdminNav />
      <p>
        <a href={href('/admin/users/:id', { id: params.id })}>{t('admin.access.back')}</a>
      </p>
      {detail.error || contracts.error ? (
        <LoadError error={(detail.error ?? contracts.error)!} retry={detail.error ? detail.reload : contracts.reload} />
      ) : !d || !contracts.data ? (
        <Spinner />
      ) : managed.length === 0 ? (
        <EmptyState title={t('admin.access.none')}>{t('admin.access.noneBody')}</EmptyState>
      ) : (
        <>
          <p class="lead">{t(admin ? 'admin.access.lead' : 'admin.access.leadDelegate')}</p>
          {d.user.role === 'admin' && <p class="notice">{t('admin.user.adminRights')}</p>}
          {error && (
            <p class="form-error" role="alert" id="access-error">
              {error}
            </p>
          )}
          <div class="access-contracts">
            {managed.map((c) => {
              const before = d.rights[c.id];
              const g = edits[c.id] ?? grantOf(before);
              const edit = (next: Grant) => setEdits({ ...edits, [c.id]: next });
              return (
                <fieldset key={c.id} class="access-contract" id={`access-${c.id}`}>
                  <legend>
                    {c.name} <span class="matrix-login">{c.reference}</span>
                    {before?.referent && <span class="badge badge-referent">{t('admin.rights.referent')}</span>}
                  </legend>
                  <div class="access-grid">
                    {SECTIONS.map((s) => (
                      <div class="access-cell" key={s}>
                        <label for={`access-${c.id}-${s}`}>{t(SECTION_KEY[s])}</label>
                        <LevelSelect
                          id={`access-${c.id}-${s}`}
                          value={g.sections[s] ?? 'none'}
                          original={before?.sections?.[s] ?? 'none'}
                          floor={floorOf(d.user.role === 'admin', !!before?.referent)}
                          onChange={(l) => edit({ ...g, sections: { ...g.sections, [s]: l } })}
                        />
                      </div>
                    ))}
                    <div class="access-cell access-flag">
                      <input
                        type="checkbox"
                        id={`access-${c.id}-supported`}
                        checked={g.supported}
                        disabled={!admin}
                        aria-describedby={admin ? undefined : 'access-supported-hint'}
                        onChange={(e) => edit({ ...g, supported: e.currentTarget.checked })}
                      />
                      <label for={`access-${c.id}-supported`}>{t('admin.rights.supported')}</label>
                    </div>
                  </div>
                </fieldset>
              );
            })}
          </div>
          {!admin && (
            <p class="field-hint" id="access-supported-hint">
              {t('admin.access.supportedAdminOnly')}
            </p>
          )}
          <div class="matrix-bar">
            <p role="status" id="access-pending">
              {changed.length === 0 ? t('admin.rights.noChange') : tn('admin.access.pending', changed.length)}
            </p>
            <Button id="access-save" busy={saving} disabled={changed.length === 0} onClick={confirmSave}>
              {t('admin.rights.save')}
            </Button>
            <Button variant="secondary" disabled={changed.length === 0 || saving} onClick={() => setEdits({})}>
              {t('admin.rights.discard')}
            </Button>
          </div>
        </>
      )}
      {dialog}
    </PageCard>
  );
}

/** "Contract: Orders, Manager → None", or the support flag taken away. */
function removalText(c: Contract, r: Removal): string {
  if (r.section === 'supported') return t('admin.access.removeSupported', { what: c.name });
  return t('admin.access.removeLevel', { what: c.name, section: t(SECTION_KEY[r.section]), from: t(LEVEL_KEY[r.from]), to: t(LEVEL_KEY[r.to]) });
}
