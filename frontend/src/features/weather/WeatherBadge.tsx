import { getLanguage, t } from '../../i18n';
import { formatTime, inLang, isUpcoming, stateAt, stateKey, STATE_ICON, type HealthState, type Weather, type WeatherEvent } from './model';
import './weather.css';

/** A health state as an icon, a colour and its name: never the colour alone. */
export function StateChip({ state, id }: { state: HealthState; id?: string }) {
  return (
    <span id={id} class={`weather-chip weather-${state}`}>
      <span class="weather-icon" aria-hidden="true">
        {STATE_ICON[state]}
      </span>
      {t(stateKey(state))}
    </span>
  );
}

/** When an open event started, or the window of a maintenance. */
function eventWhen(e: WeatherEvent, now: Date, lang: string): string {
  if (e.state !== 'maintenance') return t('weather.badge.since', { start: formatTime(e.start, lang) });
  const times = { start: formatTime(e.start, lang), end: formatTime(e.end, lang) };
  return isUpcoming(e, now) ? t('weather.badge.planned', times) : t('weather.badge.window', times);
}

/**
 * A contract's weather: its state now (a maintenance counts only between its start
 * and its end) and its open events, each with its service, its state, the first
 * line of its latest message and when. `weather` null (nothing declared yet) shows
 * as operational.
 */
export function WeatherBadge({ weather, now = new Date(), showEvents = true }: { weather: Weather | null; now?: Date; showEvents?: boolean }) {
  const state = weather ? stateAt(weather, now) : 'operational';
  const ongoing = weather?.ongoing ?? [];
  return (
    <div class="weather-badge">
      <p class="weather-now">
        <span class="visually-hidden">{t('weather.title')} </span>
        <StateChip state={state} />
      </p>
      {showEvents && ongoing.length > 0 && <OngoingList events={ongoing} now={now} />}
    </div>
  );
}

/** A contract's open events: each with its state, its service, the first line of
 * its latest message in the reader's language, and when (since, or the window of a
 * maintenance, planned or under way). */
export function OngoingList({ events, now = new Date() }: { events: readonly WeatherEvent[]; now?: Date }) {
  const lang = getLanguage();
  return (
    <ul class="weather-ongoing" aria-label={t('weather.badge.ongoing')}>
      {events.map((e) => (
        <li key={e.eventId} class="weather-event">
          <StateChip state={e.state} />
          <span class="weather-event-text">
            <strong>{e.serviceName}</strong> — {inLang(lang, e.titleFr, e.titleEn)}
            <span class="weather-when">{eventWhen(e, now, lang)}</span>
          </span>
        </li>
      ))}
    </ul>
  );
}
