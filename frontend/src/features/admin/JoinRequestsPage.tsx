import { api, type ListPage } from '../../api';
import { getLanguage, t } from '../../i18n';
import type { PageProps } from '../../page';
import { href, navigate } from '../../router';
import { DataTable, usePagedList, type Column } from '../../ui/list';
import { EmptyState, PageCard } from '../../ui/status';
import { STATE_LABELS } from '../register/RegistrationDetails';
import { formatDate, personName, type Registration, type RegistrationState } from '../register/registration';
import { JoinSettings } from './JoinSettings';
import '../register/register.css';

const STATES: readonly RegistrationState[] = ['pending', 'approved', 'refused'];

/** The organisation's join requests, one state at a time (pending by default), and
 * whether people join without waiting. */
export default function JoinRequestsPage({ query }: PageProps) {
  const asked = query.get('state');
  const state = STATES.find((s) => s === asked) ?? 'pending';
  const list = usePagedList<Registration>(
    (cursor, signal) => api.get<ListPage<Registration>>('/org/join-requests', { query: { state, cursor }, signal }),
    [state],
  );
  const lang = getLanguage();
  const columns: Column<Registration>[] = [
    {
      key: 'name',
      header: t('admin.join.name'),
      cell: (r) => <a href={href('/admin/join-requests/:id', { id: r.id })}>{personName(r)}</a>,
    },
    { key: 'email', header: t('register.reg.email'), cell: (r) => r.email },
    { key: 'job', header: t('register.details.jobTitle'), cell: (r) => r.jobTitle ?? '' },
    { key: 'created', header: t('register.reg.created'), cell: (r) => formatDate(r.created, lang) },
    ...(state === 'pending' ? [] : [{ key: 'decided', header: t('register.reg.decided'), cell: (r: Registration) => formatDate(r.decided, lang) }]),
  ];

  return (
    <PageCard title={t('admin.join.title')} lead={t('admin.join.lead')} wide>
      <JoinSettings />
      <div class="toolbar">
        <div class="filter">
          <label for="join-state">{t('admin.join.state')}</label>
          <select
            id="join-state"
            value={state}
            onChange={(e) =>
              navigate(href('/admin/join-requests', undefined, { state: e.currentTarget.value === 'pending' ? null : e.currentTarget.value }), {
                replace: true,
              })
            }
          >
            {STATES.map((s) => (
              <option key={s} value={s}>
                {t(STATE_LABELS[s])}
              </option>
            ))}
          </select>
        </div>
      </div>
      <DataTable
        caption={`${t('admin.join.caption')} — ${t(STATE_LABELS[state])}`}
        columns={columns}
        rowKey={(r) => r.id}
        list={list}
        empty={<EmptyState title={t('admin.join.empty')} />}
      />
    </PageCard>
  );
}
