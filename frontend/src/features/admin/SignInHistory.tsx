import { api, type ListPage } from '../../api';
import { getLanguage, t } from '../../i18n';
import { DataTable, usePagedList, type Column } from '../../ui/list';
import { EmptyState } from '../../ui/status';
import { formatDate } from '../register/registration';
import { labelOf, SIGNIN_RESULT_KEY, type SignInAttempt } from './model';

const METHOD_KEY = {
  password: 'admin.signin.password',
  totp: 'admin.signin.totp',
  recovery: 'admin.signin.recovery',
  passkey: 'admin.signin.passkey',
} as const;

/** A user's sign-in attempts, newest first. */
export function SignInHistory({ userId }: { userId: string }) {
  const list = usePagedList<SignInAttempt>(
    (cursor, signal) => api.get<ListPage<SignInAttempt>>(`/org/users/${encodeURIComponent(userId)}/signins`, { query: { cursor }, signal }),
    [userId],
  );
  const lang = getLanguage();
  const columns: Column<SignInAttempt>[] = [
    { key: 'time', header: t('admin.signin.time'), cell: (a) => formatDate(a.time, lang) },
    { key: 'result', header: t('admin.signin.result'), cell: (a) => labelOf(SIGNIN_RESULT_KEY, a.result) },
    { key: 'method', header: t('admin.signin.method'), cell: (a) => (a.method ? labelOf(METHOD_KEY, a.method) : '') },
    { key: 'ip', header: t('admin.signin.ip'), cell: (a) => a.ip },
    { key: 'agent', header: t('admin.signin.agent'), cell: (a) => <span class="user-agent">{a.userAgent}</span> },
  ];
  return (
    <section aria-labelledby="user-signins-title">
      <h2 id="user-signins-title" class="section-title">
        {t('admin.signin.title')}
      </h2>
      <DataTable
        caption={t('admin.signin.title')}
        columns={columns}
        rowKey={(a) => a.id}
        list={list}
        empty={<EmptyState title={t('admin.signin.empty')} />}
      />
    </section>
  );
}
