import { formatDay } from '../admin/model';
import { getLanguage, t, tn } from '../../i18n';
import { StateChip } from './WeatherBadge';
import { badDays, dayOf, stateKey, type ServiceView } from './model';
import './weather.css';

/**
 * Each service of a contract with its state and its last 90 days: a bar of one
 * mark per day for the eye (each mark's title names its day and state), and for
 * everyone a sentence counting the days with an incident or a maintenance and the
 * list of those days, which is what a screen reader reads instead of the bar.
 */
export function ServiceHistory({ services, headingLevel = 3 }: { services: readonly ServiceView[]; headingLevel?: 2 | 3 | 4 }) {
  const lang = getLanguage();
  if (services.length === 0) return <p class="weather-empty">{t('weather.history.none')}</p>;
  const Heading = `h${headingLevel}` as 'h3';
  return (
    <ul class="service-history-list">
      {services.map((s) => {
        const bad = badDays(s.history);
        const summary = bad.length === 0 ? t('weather.history.allGood', { name: s.name }) : tn('weather.history.summary', bad.length, { name: s.name });
        const description = lang === 'en' ? s.descriptionEn : s.descriptionFr;
        return (
          <li key={s.id} class="service-history">
            <div class="service-history-head">
              <Heading class="service-history-name">{s.name}</Heading>
              <StateChip state={s.state} />
            </div>
            {description && <p class="service-history-description">{description}</p>}
            <ol class="history-bar" aria-hidden="true">
              {s.history.days.map((d, i) => (
                <li key={i} class={`history-day weather-${d}`} title={t('weather.history.day', { day: formatDay(dayOf(s.history, i), lang), state: t(stateKey(d)) })} />
              ))}
            </ol>
            <p class="history-scale" aria-hidden="true">
              <span>{t('weather.history.from')}</span>
              <span>{t('weather.history.today')}</span>
            </p>
            <p class="history-summary">{summary}</p>
            {bad.length > 0 && (
              <details class="history-details">
                <summary>{t('weather.history.details')}</summary>
                <ul>
                  {bad.map((b) => (
                    <li key={b.day}>{t('weather.history.day', { day: formatDay(b.day, lang), state: t(stateKey(b.state)) })}</li>
                  ))}
                </ul>
              </details>
            )}
          </li>
        );
      })}
    </ul>
  );
}
