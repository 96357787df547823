// The refusals that hold, for operators: an approver refused a person an
// application, and the person cannot ask for it again until an operator lifts the
// refusal here, with a reason the customer's audit log keeps.
import { useState } from 'preact/hooks';
import { api, ApiError, type ListPage } from '../../api';
import { getLanguage, t } from '../../i18n';
import type { PageProps } from '../../page';
import { Button } from '../../ui/Button';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { TextArea } from '../../ui/fields';
import { DataTable, SearchBox, usePagedList, type Column } from '../../ui/list';
import { EmptyState, PageCard } from '../../ui/status';
import { toast } from '../../ui/toast';
import { local, type Text } from '../applications/model';
import { formatDate } from '../register/registration';

/** GET /backoffice/refusals: one refusal that holds (docs/api.md). */
export interface Refusal {
  orgId: string;
  orgName: string;
  userId: string;
  userName: string;
  userEmail: string;
  appId: string;
  appName: Text;
  number: string;
  reason?: string;
  byOperator?: boolean;
  created: string;
  version: number;
}

export default function RefusalsPage({ query }: PageProps) {
  const [search, setSearch] = useState(query.get('q') ?? '');
  const list = usePagedList<Refusal>(
    (cursor, signal) => api.get<ListPage<Refusal>>('/backoffice/refusals', { query: { q: search, cursor }, signal }),
    [search],
  );
  const [lifting, setLifting] = useState<Refusal | null>(null);
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string | undefined>();
  const lang = getLanguage();
  const columns: Column<Refusal>[] = [
    {
      key: 'person',
      header: t('backoffice.refusals.person'),
      cell: (r) => (
        <>
          <strong>{r.userName}</strong>
          <br />
          <span class="muted">{r.userEmail}</span>
          <br />
          <span class="muted">{r.orgName}</span>
        </>
      ),
    },
    { key: 'app', header: t('backoffice.refusals.app'), cell: (r) => local(r.appName) },
    {
      key: 'refusal',
      header: t('backoffice.refusals.refusal'),
      cell: (r) => (
        <>
          {t(r.byOperator ? 'backoffice.refusals.byOperators' : 'backoffice.refusals.byAdmins', { date: formatDate(r.created, lang), number: r.number })}
          {r.reason && <span class="pre-line muted"><br />{t('backoffice.refusals.reason', { reason: r.reason })}</span>}
        </>
      ),
    },
    {
      key: 'actions',
      header: t('backoffice.refusals.actions'),
      cell: (r) => (
        <Button variant="secondary" onClick={() => setLifting(r)}>
          {t('backoffice.refusals.lift')}
          <span class="visually-hidden"> — {r.userName}, {local(r.appName)}</span>
        </Button>
      ),
    },
  ];
  const name = lifting?.userName ?? '';
  const app = lifting ? local(lifting.appName) : '';

  return (
    <PageCard title={t('backoffice.refusals.title')} lead={t('backoffice.refusals.lead')} wide>
      <SearchBox id="refusals-q" label={t('backoffice.refusals.search')} value={search} onSearch={setSearch} />
      <DataTable
        caption={t('backoffice.refusals.title')}
        columns={columns}
        rowKey={(r) => `${r.orgId}/${r.userId}/${r.appId}`}
        list={list}
        empty={<EmptyState title={search ? t('backoffice.refusals.noMatch', { q: search }) : t('backoffice.refusals.none')} />}
      />
      <ConfirmDialog
        open={lifting !== null}
        title={t('backoffice.refusals.liftTitle', { name, app })}
        confirmLabel={t('backoffice.refusals.lift')}
        danger={false}
        onConfirm={async () => {
          if (!lifting) return;
          // A missing or refused reason shows under its field alone: the dialog's own
          // error line (an empty message) stays empty.
          if (!reason.trim()) {
            setReasonError(t('backoffice.refusals.reasonRequired'));
            throw new ApiError(400, 'invalid_fields', '');
          }
          const path = ['', 'backoffice', 'refusals', lifting.orgId, lifting.userId, lifting.appId, 'lift'].map(encodeURIComponent).join('/');
          try {
            await api.post(path, { reason });
          } catch (err) {
            if (!(err instanceof ApiError) || err.fields.length === 0) throw err;
            setReasonError(err.fields.map((f) => f.message).join(' '));
            throw new ApiError(err.status, err.code, '', err.fields, err.requestId);
          }
          toast(t('backoffice.refusals.lifted', { name, app }), 'success');
          list.reload();
        }}
        onClose={() => {
          setLifting(null);
          setReason('');
          setReasonError(undefined);
        }}
      >
        <p>{t('backoffice.refusals.liftBody', { name, app })}</p>
        <TextArea
          id="refusal-lift-reason"
          name="reason"
          label={t('backoffice.refusals.liftReason')}
          hint={t('backoffice.refusals.liftHint')}
          maxLength={1000}
          value={reason}
          error={reasonError}
          onValue={(v) => {
            setReason(v);
            setReasonError(undefined);
          }}
        />
      </ConfirmDialog>
    </PageCard>
  );
}
