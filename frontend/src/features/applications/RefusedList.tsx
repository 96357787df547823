import { t } from '../../i18n';
import { formatDate, local, type Refused } from './model';
import './applications.css';

/**
 * The applications a person was refused, each with the date and the approver's
 * reason: shown where the others can be asked for (the person's page) or given
 * (their administrator's view of them), since neither is possible until the vendor
 * lifts the refusal. hint says so to whoever reads it.
 */
export function RefusedList({ items, hint }: { items: Refused[]; hint: string }) {
  if (items.length === 0) return null;
  return (
    <section class="refused" aria-labelledby="refused-title">
      <h3 id="refused-title">{t('applications.refused.title')}</h3>
      <ul class="refused-list">
        {items.map((f) => (
          <li key={f.appId} id={`refused-${f.appId}`}>
            <strong>{local(f.appName)}</strong>
            <span class="refused-status"> — {t('applications.refused.on', { date: formatDate(f.refused) })}</span>
            {f.reason && <p class="refused-reason">{t('applications.refused.reason', { reason: f.reason })}</p>}
          </li>
        ))}
      </ul>
      <p class="field-hint">{hint}</p>
    </section>
  );
}
