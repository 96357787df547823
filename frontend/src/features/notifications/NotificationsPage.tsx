// The notification centre: the person's notifications, newest first, a page at a
// time; each one's text from its kind and params, its date, a link to what it is
// about; marking one or all read (the bell follows at once).
import { useState } from 'preact/hooks';
import { api, ApiError } from '../../api';
import { getLanguage, t, tn } from '../../i18n';
import { href } from '../../router';
import { Button } from '../../ui/Button';
import { ListError, Pager, usePagedList } from '../../ui/list';
import { EmptyState, PageCard, Spinner } from '../../ui/status';
import { toast } from '../../ui/toast';
import { notificationText, setUnread, type Notification, type NotificationPage } from './model';
import './notifications.css';

const PAGE_SIZE = 20;

function when(iso: string): string {
  return new Intl.DateTimeFormat(getLanguage(), { dateStyle: 'long', timeStyle: 'short' }).format(new Date(iso));
}

export default function NotificationsPage() {
  const [unread, setCount] = useState<number | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const list = usePagedList<Notification>(async (cursor, signal) => {
    const page = await api.get<NotificationPage>('/notifications', { signal, query: { limit: PAGE_SIZE, cursor: cursor || undefined } });
    setCount(page.unread);
    setUnread(page.unread);
    return page;
  }, []);

  const act = async (id: string, run: () => Promise<{ unread: number }>) => {
    setBusy(id);
    try {
      const r = await run();
      setCount(r.unread);
      setUnread(r.unread);
      list.reload();
    } catch (err) {
      toast(err instanceof ApiError ? err.message : t('app.api.unexpected'), 'error');
    } finally {
      setBusy(null);
    }
  };
  const markOne = (n: Notification) => act(n.id, () => api.post(`/notifications/${encodeURIComponent(n.id)}/read`));
  const markAll = () =>
    act('all', async () => {
      const r = await api.post<{ unread: number }>('/notifications/read-all');
      toast(t('notifications.allRead'), 'success');
      return r;
    });

  return (
    <PageCard title={t('notifications.title')} lead={t('notifications.lead')} wide>
      <div class="notif-toolbar">
        <p aria-live="polite">{unread === null ? '' : unread === 0 ? t('notifications.allRead') : tn('notifications.unread', unread, { count: unread })}</p>
        <div class="notif-actions">
          <a href={href('/notifications/preferences')}>{t('notifications.prefsLink')}</a>
          <Button variant="secondary" id="notifications-read-all" disabled={!unread || busy !== null} busy={busy === 'all'} onClick={() => void markAll()}>
            {t('notifications.markAllRead')}
          </Button>
        </div>
      </div>
      {list.error ? (
        <ListError list={list} />
      ) : list.loading && list.items.length === 0 ? (
        <Spinner />
      ) : list.items.length === 0 && !list.hasPrevious ? (
        <EmptyState title={t('notifications.empty.title')}>{t('notifications.empty.body')}</EmptyState>
      ) : (
        <>
          <ul class="notif-list" aria-label={t('notifications.list')} aria-busy={list.loading ? 'true' : undefined}>
            {list.items.map((n) => (
              <li key={n.id} class={n.read ? 'notif' : 'notif notif-unread'}>
                <div class="notif-body">
                  {!n.read && <span class="visually-hidden">{t('notifications.new')} : </span>}
                  <span class="notif-text">{notificationText(n)}</span>
                  <time class="notif-meta" dateTime={n.created}>
                    {when(n.created)}
                  </time>
                </div>
                <div class="notif-actions">
                  {n.link && (
                    // Following a notification reads it.
                    <a href={'#' + n.link} onClick={() => !n.read && void api.post(`/notifications/${encodeURIComponent(n.id)}/read`).catch(() => undefined)}>
                      {t('notifications.open')}
                    </a>
                  )}
                  {!n.read && (
                    <Button variant="secondary" disabled={busy !== null} busy={busy === n.id} onClick={() => void markOne(n)}>
                      {t('notifications.markRead')}
                    </Button>
                  )}
                </div>
              </li>
            ))}
          </ul>
          <Pager list={list} />
        </>
      )}
    </PageCard>
  );
}
