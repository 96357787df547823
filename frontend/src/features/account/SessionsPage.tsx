// "Sessions and sign-ins": where the person is signed in (ending one, or all but
// this one), and every sign-in attempt on their account, newest first.
import { api, type ListPage } from '../../api';
import { getLanguage, t, tn, type Key } from '../../i18n';
import { href, navigate } from '../../router';
import { clearSession } from '../../session';
import { Button } from '../../ui/Button';
import { DataTable, usePagedList, type Column } from '../../ui/list';
import { EmptyState, Spinner } from '../../ui/status';
import { toast } from '../../ui/toast';
import { useLoaded } from '../register/load';
import { LoadError } from '../register/LoadError';
import { formatDate } from '../register/registration';
import { useConfirm } from '../register/useConfirm';
import { AccountLayout } from './AccountLayout';
import { deviceLabel } from './me';

interface Device {
  browser?: string;
  os?: string;
}

interface SessionItem {
  id: string;
  device: Device;
  ip: string;
  created: string;
  lastSeen: string;
  current: boolean;
}

interface Attempt {
  time: string;
  ip: string;
  userAgent: string;
  device: Device;
  result: string;
  method: string;
}

const RESULTS: Record<string, Key> = {
  ok: 'account.signins.ok',
  bad_password: 'account.signins.bad_password',
  locked: 'account.signins.locked',
  mfa_failed: 'account.signins.mfa_failed',
  disabled: 'account.signins.disabled',
};

const METHODS: Record<string, Key> = {
  password: 'account.signins.password',
  totp: 'account.signins.totp',
  recovery: 'account.signins.recovery',
  passkey: 'account.signins.passkey',
};

/** A code's label, or the code itself when the portal does not know it yet. */
const label = (keys: Record<string, Key>, code: string) => (keys[code] ? t(keys[code]) : code);

export default function SessionsPage() {
  return (
    <AccountLayout title={t('account.sessions.title')}>
      <Sessions />
      <History />
    </AccountLayout>
  );
}

function Sessions() {
  const list = useLoaded((signal) => api.get<ListPage<SessionItem>>('/me/sessions', { signal }), []);
  const confirm = useConfirm();
  const items = list.data?.items ?? [];
  const others = items.filter((s) => !s.current);

  const end = (s: SessionItem) =>
    confirm.ask({
      title: t(s.current ? 'account.sessions.endCurrentTitle' : 'account.sessions.endTitle'),
      body: <p>{deviceLabel(s.device, t('account.sessions.unknownDevice'))} · {s.ip}</p>,
      confirmLabel: t('account.sessions.end'),
      run: async () => {
        await api.delete(`/me/sessions/${encodeURIComponent(s.id)}`);
        if (s.current) {
          // This browser's session is gone: back to sign-in.
          clearSession();
          navigate(href('/signin'), { replace: true });
          return;
        }
        toast(t('account.sessions.ended'), 'success');
        list.reload();
      },
    });
  const endOthers = () =>
    confirm.ask({
      title: t('account.sessions.endOthersTitle'),
      body: <p>{tn('account.sessions.endOthersBody', others.length)}</p>,
      confirmLabel: t('account.sessions.endOthers'),
      run: async () => {
        await api.post('/me/sessions/revoke-others');
        toast(t('account.sessions.endedOthers'), 'success');
        list.reload();
      },
    });

  const lang = getLanguage();
  return (
    <section aria-labelledby="sessions-title">
      <h2 id="sessions-title" class="section-title">
        {t('account.sessions.open')}
      </h2>
      {list.error ? (
        <LoadError error={list.error} retry={list.reload} />
      ) : !list.data ? (
        <Spinner />
      ) : (
        <>
          <ul class="plain-list item-list">
            {items.map((s) => (
              <li key={s.id} class="item">
                <div>
                  <strong>{deviceLabel(s.device, t('account.sessions.unknownDevice'))}</strong>
                  {s.current && <span class="state-on">{t('account.sessions.current')}</span>}
                  <p class="field-hint">
                    {t('account.sessions.details', { ip: s.ip, seen: formatDate(s.lastSeen, lang), since: formatDate(s.created, lang) })}
                  </p>
                </div>
                <Button variant="secondary" onClick={() => end(s)}>
                  {t('account.sessions.end')}
                </Button>
              </li>
            ))}
          </ul>
          {others.length > 0 && (
            <Button variant="danger" onClick={endOthers}>
              {t('account.sessions.endOthers')}
            </Button>
          )}
        </>
      )}
      {confirm.dialog}
    </section>
  );
}

function History() {
  const list = usePagedList<Attempt>((cursor, signal) => api.get<ListPage<Attempt>>('/me/signins', { query: { cursor, limit: 20 }, signal }), []);
  const lang = getLanguage();
  const columns: Column<Attempt>[] = [
    { key: 'time', header: t('account.signins.time'), cell: (a) => formatDate(a.time, lang) },
    { key: 'result', header: t('account.signins.result'), cell: (a) => label(RESULTS, a.result) },
    { key: 'method', header: t('account.signins.method'), cell: (a) => label(METHODS, a.method) },
    { key: 'device', header: t('account.signins.device'), cell: (a) => <span title={a.userAgent}>{deviceLabel(a.device, t('account.sessions.unknownDevice'))}</span> },
    { key: 'ip', header: t('account.signins.ip'), cell: (a) => a.ip },
  ];
  return (
    <section aria-labelledby="signins-title">
      <h2 id="signins-title" class="section-title">
        {t('account.signins.title')}
      </h2>
      <DataTable
        caption={t('account.signins.caption')}
        columns={columns}
        rowKey={(a) => a.time + a.result + a.method}
        list={list}
        empty={<EmptyState title={t('account.signins.none')} />}
      />
    </section>
  );
}
