// The bell in the header: a link to the notification centre whose accessible name
// says how many notifications are unread. It polls the count (one cheap read) every
// 30 seconds while the tab is visible, and after each navigation.
import { useEffect } from 'preact/hooks';
import { useExternal } from '../../hooks';
import { t, tn } from '../../i18n';
import { href, onNavigate } from '../../router';
import { badge, onUnreadChange, refreshUnread, unreadCount } from './model';
import './notifications.css';

const POLL_MS = 30_000;

export function Bell({ current }: { current: boolean }) {
  const count = useExternal(onUnreadChange, unreadCount);
  useEffect(() => {
    let ctl = new AbortController();
    const poll = () => {
      if (document.visibilityState !== 'visible') return;
      ctl.abort();
      ctl = new AbortController();
      // A failed poll keeps the last count; the next one tries again.
      refreshUnread(ctl.signal).catch(() => undefined);
    };
    poll();
    const timer = setInterval(poll, POLL_MS);
    const offNav = onNavigate(poll);
    document.addEventListener('visibilitychange', poll);
    return () => {
      ctl.abort();
      clearInterval(timer);
      offNav();
      document.removeEventListener('visibilitychange', poll);
    };
  }, []);
  const label = count > 0 ? tn('notifications.bell.unread', count, { count }) : t('notifications.bell');
  return (
    <a class="bell" href={href('/notifications')} aria-label={label} title={label} aria-current={current ? 'page' : undefined}>
      <svg class="bell-icon" viewBox="0 0 24 24" width="22" height="22" aria-hidden="true" focusable="false">
        <path
          fill="currentColor"
          d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-1.7 1.7A1 1 0 0 0 4 19.4h16a1 1 0 0 0 .7-1.7L19 16Z"
        />
      </svg>
      {count > 0 && (
        <span class="bell-badge" aria-hidden="true">
          {badge(count)}
        </span>
      )}
    </a>
  );
}
