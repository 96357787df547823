import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError } from '../api';
import { t } from '../i18n';
import { displayName, type Actor, type User } from '../session';
import { Button } from '../ui/Button';
import { toast } from '../ui/toast';
import { minutesLeft, recallActing, returnToOwnAccount } from './impersonation';
import './impersonation.css';

const TICK_MS = 10_000;

/** On every page while someone acts as another person: who they act as, who they
 * really are, the time left, and the way back. When the time is up the portal goes
 * back by itself. */
export function ImpersonationBanner({ user, actor, ends }: { user: User; actor: Actor; ends?: string }) {
  const [now, setNow] = useState(() => Date.now());
  const [busy, setBusy] = useState(false);
  const returning = useRef(false);
  const left = minutesLeft(ends, now);

  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), TICK_MS);
    return () => clearInterval(timer);
  }, []);

  const goBack = async () => {
    if (returning.current) return;
    returning.current = true;
    setBusy(true);
    try {
      await returnToOwnAccount(actor.userId);
    } catch (err) {
      toast(err instanceof ApiError ? err.message : t('app.api.unexpected'), 'error');
      returning.current = false;
      setBusy(false);
    }
  };

  useEffect(() => {
    if (ends && left === 0) void goBack();
  }, [ends, left === 0]);

  const memo = recallActing(actor.userId);
  const who = memo ? t('app.acting.actor', { name: memo.actorName }) : t(actor.role === 'operator' ? 'app.acting.operator' : 'app.acting.admin');
  return (
    <div class="impersonation" role="region" aria-label={t('app.acting.label')}>
      <div class="container impersonation-inner">
        <p id="impersonation-text">
          <strong>{t('app.impersonation', { name: `${displayName(user)} (${user.email})` })}</strong> {who}{' '}
          {left > 1 ? t('app.acting.minutes', { minutes: left }) : t('app.acting.lastMinute')}
        </p>
        <Button id="impersonation-return" variant="secondary" busy={busy} onClick={() => void goBack()}>
          {t('app.acting.return')}
        </Button>
      </div>
    </div>
  );
}
