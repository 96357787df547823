import { getLanguage, t } from '../../i18n';
import { STATE_LABELS, type Weather } from './model';

/** A contract's current weather in words, with its ongoing events; a contract
 * whose operators declared nothing reads as "no service followed". */
export function WeatherSummary({ weather, compact = false }: { weather: Weather | null; compact?: boolean }) {
  if (!weather) return <span class="weather weather-none">{t('home.weather.none')}</span>;
  const lang = getLanguage();
  const events = weather.ongoing ?? [];
  return (
    <div class={`weather weather-${weather.state}`}>
      <span class="weather-state">
        <span class="weather-dot" aria-hidden="true"></span>
        {t(STATE_LABELS[weather.state])}
      </span>
      {!compact && events.length > 0 && (
        <ul class="weather-events">
          {events.map((e) => (
            <li key={e.eventId}>
              <strong>{e.serviceName}</strong> — {lang === 'en' ? e.titleEn : e.titleFr} ({t(STATE_LABELS[e.state])})
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
