// The organisation's pending requests to close an account, next to its join
// requests: an administrator closes the account (the deletion they make of a user)
// or declines with a reason. The person is told by mail either way.
import { useState } from 'preact/hooks';
import { api, type ListPage } from '../../api';
import { getLanguage, t } from '../../i18n';
import { Button } from '../../ui/Button';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { TextArea } from '../../ui/fields';
import { DataTable, usePagedList, type Column } from '../../ui/list';
import { EmptyState, PageCard } from '../../ui/status';
import { toast } from '../../ui/toast';
import type { ClosureRequest } from '../account/closure';
import { formatDate } from '../register/registration';
import { AdminNav } from './AdminNav';
import './companyMessages';

type Pending = { kind: 'grant' | 'decline'; request: ClosureRequest } | null;

export default function ClosureRequestsPage() {
  const list = usePagedList<ClosureRequest>((cursor, signal) => api.get<ListPage<ClosureRequest>>('/org/closure-requests', { query: { cursor }, signal }), []);
  const [pending, setPending] = useState<Pending>(null);
  const [reason, setReason] = useState('');
  const lang = getLanguage();
  const columns: Column<ClosureRequest>[] = [
    {
      key: 'name',
      header: t('admin.join.name'),
      cell: (r) => (
        <>
          <strong>{r.name}</strong>
          <br />
          <span class="muted">{r.email}</span>
        </>
      ),
    },
    { key: 'comment', header: t('admin.closures.comment'), cell: (r) => <span class="pre-line">{r.comment ?? ''}</span> },
    { key: 'created', header: t('admin.closures.created'), cell: (r) => formatDate(r.created, lang) },
    {
      key: 'actions',
      header: t('admin.closures.actions'),
      cell: (r) => (
        <div class="row-actions">
          <Button variant="danger" onClick={() => setPending({ kind: 'grant', request: r })}>
            {t('admin.closures.grant')}
            <span class="visually-hidden"> — {r.name}</span>
          </Button>
          <Button variant="secondary" onClick={() => setPending({ kind: 'decline', request: r })}>
            {t('admin.closures.decline')}
            <span class="visually-hidden"> — {r.name}</span>
          </Button>
        </div>
      ),
    },
  ];
  const name = pending?.request.name ?? '';
  const path = pending ? `/org/closure-requests/${encodeURIComponent(pending.request.userId)}` : '';

  return (
    <PageCard title={t('admin.closures.title')} lead={t('admin.closures.lead')} wide>
      <AdminNav />
      <DataTable
        caption={t('admin.closures.caption')}
        columns={columns}
        rowKey={(r) => r.userId}
        list={list}
        empty={<EmptyState title={t('admin.closures.empty')} />}
      />
      <ConfirmDialog
        open={pending !== null}
        title={t(pending?.kind === 'grant' ? 'admin.closures.grantTitle' : 'admin.closures.declineTitle', { name })}
        confirmLabel={t(pending?.kind === 'grant' ? 'admin.closures.grant' : 'admin.closures.decline')}
        danger={pending?.kind === 'grant'}
        onConfirm={async () => {
          if (pending?.kind === 'grant') {
            await api.post(`${path}/grant`);
            toast(t('admin.closures.granted', { name }), 'success');
          } else {
            await api.post(`${path}/decline`, { reason });
            toast(t('admin.closures.declined', { name }), 'success');
          }
          list.reload();
        }}
        onClose={() => {
          setPending(null);
          setReason('');
        }}
      >
        {pending?.kind === 'grant' && <p>{t('admin.closures.grantBody', { name })}</p>}
        {pending?.kind === 'decline' && (
          <TextArea id="closure-reason" name="reason" label={t('admin.closures.reason')} maxLength={1000} value={reason} onValue={setReason} />
        )}
      </ConfirmDialog>
    </PageCard>
  );
}
