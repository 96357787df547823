// "Manage applications": what the person holds, what they may ask for, their
// requests and their cancelled requests, in four tabs filled by one call
// (GET /api/v1/me/applications). ?app=<id> opens the tab of that application and
// marks it (the activation link of an approval mail leads here).
import { useState } from 'preact/hooks';
import { api } from '../../api';
import { t } from '../../i18n';
import type { PageProps } from '../../page';
import { href } from '../../router';
import { useSession } from '../../session';
import { Button } from '../../ui/Button';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { TextArea } from '../../ui/fields';
import { Form } from '../../ui/Form';
import { EmptyState, PageCard, Spinner } from '../../ui/status';
import { Tabs } from '../../ui/Tabs';
import { toast } from '../../ui/toast';
import { useForm } from '../../ui/useForm';
import { AppChoice } from './AppChoice';
import { RefusedList } from './RefusedList';
import {
  APPROVER_KEY,
  findApp,
  formatDate,
  formatDateTime,
  launchHref,
  local,
  parseChoice,
  refusalReason,
  splitRequests,
  STATUS_KEY,
  type AccessRequest,
  type Application,
  type Holding,
  type Overview,
  type TabKey,
} from './model';
import { useLoad } from './useCatalog';
import './applications.css';

/** The action waiting for the person's confirmation. */
type Pending = { kind: 'remove'; holding: Holding } | { kind: 'extend'; holding: Holding } | { kind: 'cancel'; request: AccessRequest } | null;

export default function ManagePage({ query }: PageProps) {
  const session = useSession();
  const [overview, reload] = useLoad((signal) => api.get<Overview>('/me/applications', { signal }), []);
  const [tab, setTab] = useState<TabKey | null>(null);
  const [pending, setPending] = useState<Pending>(null);
  const [comment, setComment] = useState('');
  const isAdmin = session.status === 'signed-in' && session.user.role === 'admin';

  const body = () => {
    if (overview.state === 'loading') return <Spinner />;
    if (overview.state === 'failed')
      return (
        <div class="list-error" role="alert">
          <p>{overview.error}</p>
          <Button variant="secondary" onClick={reload}>
            {t('ui.table.retry')}
          </Button>
        </div>
      );
    const o = overview.value;
    const focus = findApp(o, query.get('app'));
    const shown = tab ?? focus?.tab ?? 'current';
    const { requested, cancelled } = splitRequests(o.requests);
    const marked = focus ? query.get('app') : null;
    return (
      <>
        {focus?.tab === 'current' && (
          <p class="notice" role="status">
            {t('applications.ready', { name: local(focus.name) })}
          </p>
        )}
        <Tabs
          id="apps"
          label={t('applications.title')}
          selected={shown}
          onSelect={setTab}
          tabs={[
            { key: 'current', label: t('applications.tab.current'), count: o.current.length },
            { key: 'available', label: t('applications.tab.available'), count: o.available.length },
            { key: 'requested', label: t('applications.tab.requested'), count: requested.length },
            { key: 'cancelled', label: t('applications.tab.cancelled'), count: cancelled.length },
          ]}
        >
          {shown === 'current' && <CurrentList items={o.current} marked={marked} onAsk={setPending} />}
          {shown === 'available' && (
            <>
              <RequestForm
                apps={o.available}
                onDone={(granted) => {
                  reload();
                  setTab(granted ? 'current' : 'requested');
                }}
              />
              <RefusedList items={o.refused} hint={t('applications.refused.hint')} />
            </>
          )}
          {shown === 'requested' && <RequestTable items={requested} marked={marked} onCancel={(r) => setPending({ kind: 'cancel', request: r })} />}
          {shown === 'cancelled' && <CancelledTable items={cancelled} />}
        </Tabs>
      </>
    );
  };

  const confirm = async () => {
    if (!pending) return;
    if (pending.kind === 'remove') {
      await api.delete(`/me/applications/${encodeURIComponent(pending.holding.appId)}`);
      toast(t('applications.removed', { name: local(pending.holding.appName) }), 'success');
    } else if (pending.kind === 'extend') {
      const r = await api.post<AccessRequest>(`/me/applications/${encodeURIComponent(pending.holding.appId)}/extension`, { comment });
      toast(t('applications.extensionSent', { number: r.number }), 'success');
    } else {
      await api.post(`/me/access-requests/${encodeURIComponent(pending.request.number)}/cancel`);
      toast(t('applications.cancelled', { number: pending.request.number }), 'success');
    }
    reload();
  };

  const name = pending ? local(pending.kind === 'cancel' ? pending.request.appName : pending.holding.appName) : '';
  return (
    <PageCard title={t('applications.title')} lead={t('applications.intro')} wide>
      {isAdmin && (
        <p class="page-links">
          <a href={href('/applications/approvals')}>{t('applications.toApprovals')}</a>
        </p>
      )}
      {body()}
      <ConfirmDialog
        open={pending !== null}
        title={
          pending?.kind === 'remove'
            ? t('applications.remove.title', { name })
            : pending?.kind === 'extend'
              ? t('applications.extend.title', { name })
              : t('applications.cancel.title', { number: pending?.kind === 'cancel' ? pending.request.number : '' })
        }
        confirmLabel={t(pending?.kind === 'remove' ? 'applications.remove.confirm' : pending?.kind === 'extend' ? 'applications.extend.confirm' : 'applications.cancel.confirm')}
        danger={pending?.kind !== 'extend'}
        onConfirm={confirm}
        onClose={() => {
          setPending(null);
          setComment('');
        }}
      >
        {pending?.kind === 'remove' && <p>{t('applications.remove.body', { name })}</p>}
        {pending?.kind === 'cancel' && <p>{t('applications.cancel.body', { name })}</p>}
        {pending?.kind === 'extend' && (
          <>
            <p>{t('applications.extend.body', { date: formatDate(pending.holding.expires) })}</p>
            <TextArea
              id="extend-comment"
              name="comment"
              label={t('applications.comment')}
              required={false}
              maxLength={1000}
              value={comment}
              onValue={setComment}
            />
          </>
        )}
      </ConfirmDialog>
    </PageCard>
  );
}

function CurrentList({ items, marked, onAsk }: { items: Holding[]; marked: string | null; onAsk: (p: Pending) => void }) {
  if (items.length === 0) return <EmptyState title={t('applications.current.empty')}>{t('applications.current.emptyHint')}</EmptyState>;
  return (
    <ul class="app-list">
      {items.map((h) => (
        <li key={h.appId} class={h.appId === marked ? 'app-item app-item-marked' : 'app-item'}>
          <h2 class="app-name">{local(h.appName)}</h2>
          {h.application && <p class="app-desc">{local(h.application.description)}</p>}
          <p class="app-meta">
            {t('applications.current.since', { date: formatDate(h.granted), number: h.request })}{' '}
            {h.expires ? <strong>{t('applications.current.until', { date: formatDate(h.expires) })}</strong> : t('applications.current.noEnd')}
          </p>
          <div class="app-actions">
            <LaunchLink holding={h} />
            {h.extendable && (
              <Button variant="secondary" onClick={() => onAsk({ kind: 'extend', holding: h })}>
                {t('applications.extend.action')}
                <span class="visually-hidden"> {local(h.appName)}</span>
              </Button>
            )}
            <Button variant="secondary" onClick={() => onAsk({ kind: 'remove', holding: h })}>
              {t('applications.remove.action')}
              <span class="visually-hidden"> {local(h.appName)}</span>
            </Button>
          </div>
        </li>
      ))}
    </ul>
  );
}

type RequestValues = { applications: string; comment: string };

/** The form of the "Available" tab; onDone says whether everything asked for was
 * granted at once (applications that need no approval). */
function RequestForm({ apps, onDone }: { apps: Application[]; onDone: (granted: boolean) => void }) {
  const form = useForm<RequestValues>({
    fields: { applications: 'applications.choice.label', comment: 'applications.comment' },
    initial: { applications: '', comment: '' },
    idPrefix: 'ask-',
    validate: (v) => (parseChoice(v.applications).length === 0 ? { applications: 'applications.choice.required' } : {}),
    submit: async (v) => {
      const r = await api.post<{ requests: AccessRequest[] }>('/me/access-requests', { applications: parseChoice(v.applications), comment: v.comment });
      const granted = r.requests.every((x) => x.status === 'approved');
      const numbers = r.requests.map((x) => x.number).join(', ');
      toast(t(granted ? 'applications.grantedNow' : 'applications.requestsSent', { numbers }), 'success');
      onDone(granted);
    },
  });
  if (apps.length === 0) return <EmptyState title={t('applications.available.empty')} />;
  return (
    <Form form={form} label={t('applications.tab.available')}>
      <AppChoice {...form.field('applications')} apps={apps} />
      <TextArea {...form.field('comment')} required={false} maxLength={1000} />
      <div>
        <Button type="submit" busy={form.busy}>
          {t('applications.available.submit')}
        </Button>
      </div>
    </Form>
  );
}

/** "Open" for an application that has a launch address: a new tab that cannot
 * reach back into the portal (rel=noopener), and only for http(s) addresses. */
function LaunchLink({ holding: h }: { holding: Holding }) {
  const url = launchHref(h.url);
  if (!url) return null;
  return (
    <a class="button button-primary app-launch" href={url} target="_blank" rel="noopener noreferrer">
      {t('applications.launch')}
      <span class="visually-hidden"> {t('applications.launchFor', { name: local(h.appName) })}</span>
    </a>
  );
}

/** The application a request is about, saying when it asks for an extension or
 * when an administrator gave it directly. */
function RequestApp({ r }: { r: AccessRequest }) {
  const name = local(r.appName);
  if (r.kind === 'extension') return <>{t('applications.requests.extensionOf', { name })}</>;
  if (r.kind === 'grant') return <>{t('applications.requests.grantOf', { name })}</>;
  return <>{name}</>;
}

function RequestTable({ items, marked, onCancel }: { items: AccessRequest[]; marked: string | null; onCancel: (r: AccessRequest) => void }) {
  if (items.length === 0) return <EmptyState title={t('applications.requests.empty')} />;
  return (
    <div class="data-table table-scroll">
      <table>
        <caption>{t('applications.tab.requested')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('applications.col.number')}</th>
            <th scope="col">{t('applications.col.application')}</th>
            <th scope="col">{t('applications.col.created')}</th>
            <th scope="col">{t('applications.col.status')}</th>
            <th scope="col">{t('applications.col.approver')}</th>
            <th scope="col">{t('applications.col.deadline')}</th>
            <th scope="col">
              <span class="visually-hidden">{t('applications.col.actions')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {items.map((r) => {
            const why = refusalReason(r);
            return (
              <tr key={r.number} class={r.appId === marked && r.status === 'pending' ? 'row-marked' : undefined}>
                <td>{r.number}</td>
                <td>
                  <RequestApp r={r} />
                </td>
                <td>{formatDate(r.created)}</td>
                <td>
                  <span class={`status status-${r.status}`}>{t(STATUS_KEY[r.status])}</span>
                  {why && <p class="status-reason">{t('applications.requests.reason', { reason: 'key' in why ? t(why.key) : why.text })}</p>}
                </td>
                <td>{t(APPROVER_KEY[r.approver])}</td>
                <td>{r.status === 'pending' ? formatDateTime(r.deadline) : t('applications.requests.decidedOn', { date: formatDate(r.decided) })}</td>
                <td>
                  {r.status === 'pending' && (
                    <Button variant="secondary" onClick={() => onCancel(r)} aria-label={t('applications.cancel.actionFor', { number: r.number })}>
                      {t('applications.cancel.action')}
                    </Button>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function CancelledTable({ items }: { items: AccessRequest[] }) {
  if (items.length === 0) return <EmptyState title={t('applications.cancelledList.empty')} />;
  return (
    <div class="data-table table-scroll">
      <table>
        <caption>{t('applications.tab.cancelled')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('applications.col.number')}</th>
            <th scope="col">{t('applications.col.application')}</th>
            <th scope="col">{t('applications.col.created')}</th>
            <th scope="col">{t('applications.col.cancelledOn')}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((r) => (
            <tr key={r.number}>
              <td>{r.number}</td>
              <td>
                <RequestApp r={r} />
              </td>
              <td>{formatDate(r.created)}</td>
              <td>{formatDate(r.decided)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
