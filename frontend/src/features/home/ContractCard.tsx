import { useState } from 'preact/hooks';
import { getLanguage, t } from '../../i18n';
import { Button } from '../../ui/Button';
import { formatDay } from '../admin/model';
import { BudgetGauge } from './BudgetGauge';
import { gaugeTone, MENU_LABELS, menuHref, quiet, type Card } from './model';
import { WeatherBadge } from '../weather';

/** One contract of the dashboard: its name, reference and weather at a glance; a
 * button (aria-expanded) opens its details, weather, budget and contextual menu. */
export function ContractCard({ card: c, onEditBudget }: { card: Card; onEditBudget: (c: Card) => void }) {
  const [open, setOpen] = useState(false);
  const lang = getLanguage();
  const panel = `contract-${c.id}-details`;
  return (
    <li class="contract-card">
      <div class="contract-card-head">
        <h2 class="contract-card-title">
          <button type="button" class="contract-toggle" aria-expanded={open ? 'true' : 'false'} aria-controls={panel} onClick={() => setOpen(!open)}>
            <span class="contract-toggle-mark" aria-hidden="true">
              {open ? '▾' : '▸'}
            </span>
            <span class="contract-name">{c.name}</span>
          </button>
        </h2>
        <p class="contract-ref">
          {c.reference}
          {c.offer && <> · {c.offer}</>}
        </p>
        <div class="contract-glance">
          {c.weather && <WeatherBadge weather={c.weather} showEvents={false} />}
          {c.budget && c.budget.budget.minor > 0 && (
            <span class={`budget-glance budget-${gaugeTone(c.budget)}`}>{t('home.card.budgetGlance', { percent: c.budget.percent })}</span>
          )}
        </div>
      </div>
      <div id={panel} class="contract-card-body" hidden={!open}>
        {quiet(c) && <p class="contract-quiet">{t('home.card.quiet')}</p>}
        <dl class="contract-facts">
          <div>
            <dt>{t('home.card.offer')}</dt>
            <dd>{c.offer || t('home.card.noOffer')}</dd>
          </div>
          <div>
            <dt>{t('home.card.reference')}</dt>
            <dd>{c.reference}</dd>
          </div>
          <div>
            <dt>{t('home.card.dates')}</dt>
            <dd>{c.end ? t('home.card.fromTo', { start: formatDay(c.start, lang), end: formatDay(c.end, lang) }) : t('home.card.from', { start: formatDay(c.start, lang) })}</dd>
          </div>
          <div>
            <dt>{t('home.card.referent')}</dt>
            <dd>{c.referent.name || t('home.card.noReferent')}</dd>
          </div>
        </dl>
        <section class="contract-part" aria-labelledby={`${panel}-weather`}>
          <h3 id={`${panel}-weather`}>{t('home.card.weather')}</h3>
          {c.weather ? <WeatherBadge weather={c.weather} /> : <p class="contract-none">{t('home.card.noWeather')}</p>}
        </section>
        {c.budget && (
          <section class="contract-part" aria-labelledby={`${panel}-budget`}>
            <h3 id={`${panel}-budget`}>{t('home.card.budget', { currency: c.currency })}</h3>
            <BudgetGauge budget={c.budget} id={`${panel}-gauge`} />
            {c.canSetBudget && (
              <Button variant="secondary" class="budget-edit" onClick={() => onEditBudget(c)}>
                {t('home.budget.edit')}
              </Button>
            )}
          </section>
        )}
        <nav class="contract-menu" aria-label={t('home.card.menu', { name: c.name })}>
          <ul>
            {c.menu.map((m) => (
              <li key={m}>
                <a href={menuHref(m, c.id)}>{t(MENU_LABELS[m])}</a>
              </li>
            ))}
          </ul>
        </nav>
      </div>
    </li>
  );
}

