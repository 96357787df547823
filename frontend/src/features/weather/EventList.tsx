import type { ComponentChildren } from 'preact';
import { getLanguage, t } from '../../i18n';
import { StateChip } from './WeatherBadge';
import { formatTime, inLang, isUpcoming, type HealthEvent } from './model';

/** The health events of a contract, each with its messages and updates in the
 * reader's language; actions(e), when given, adds the back office's buttons. */
export function EventList({ events, headingLevel = 3, actions }: { events: readonly HealthEvent[]; headingLevel?: 3 | 4; actions?: (e: HealthEvent) => ComponentChildren }) {
  const lang = getLanguage();
  const now = new Date();
  const Heading = `h${headingLevel}` as 'h3';
  return (
    <ul class="weather-events">
      {events.map((e) => (
        <li key={e.id} class="weather-event-card" id={`event-${e.id}`}>
          <Heading>
            <StateChip state={e.state} />
            <span>{e.serviceName}</span>
          </Heading>
          <p class="weather-event-meta">
            {e.state === 'maintenance'
              ? t('weather.badge.window', { start: formatTime(e.start, lang), end: formatTime(e.end, lang) })
              : t('weather.page.published', { time: formatTime(e.start, lang) })}
            {' · '}
            {e.resolved ? t('weather.page.resolved', { time: formatTime(e.resolved, lang) }) : isUpcoming(e, now) ? t('weather.page.planned') : t('weather.page.open')}
          </p>
          <p>{inLang(lang, e.messageFr, e.messageEn)}</p>
          {(e.updates?.length ?? 0) > 0 && (
            <ol class="weather-updates">
              {e.updates!.map((u, i) => (
                <li key={i}>
                  <p class="weather-event-meta">
                    {t('weather.page.update', { time: formatTime(u.time, lang) })} · <StateChip state={u.state} />
                  </p>
                  <p>{inLang(lang, u.messageFr, u.messageEn)}</p>
                </li>
              ))}
            </ol>
          )}
          {e.resolved && (e.resolvedFr || e.resolvedEn) && <p>{inLang(lang, e.resolvedFr, e.resolvedEn)}</p>}
          {actions?.(e)}
        </li>
      ))}
    </ul>
  );
}
