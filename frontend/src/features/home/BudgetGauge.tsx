import { getLanguage, t } from '../../i18n';
import { formatMoney } from '../../money';
import { gaugeTone, type Budget } from './model';

/** A contract's budget of the month as a gauge (role meter, with its value in
 * words) and in numbers: consumed against budget, and the month's forecast. */
export function BudgetGauge({ budget: b, id }: { budget: Budget; id: string }) {
  const lang = getLanguage();
  const consumed = formatMoney(b.consumed, lang);
  if (b.budget.minor === 0) {
    return (
      <div class="budget">
        <p class="budget-figures">{t('home.budget.noneSet', { consumed })}</p>
      </div>
    );
  }
  const budget = formatMoney(b.budget, lang);
  const tone = gaugeTone(b);
  const text = t('home.budget.valueText', { percent: b.percent, consumed, budget });
  return (
    <div class={`budget budget-${tone}`}>
      <div
        class="budget-meter"
        role="meter"
        aria-labelledby={`${id}-label`}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.min(b.percent, 100)}
        aria-valuetext={text}
      >
        <span class="budget-fill" style={{ width: `${Math.min(b.percent, 100)}%` }}></span>
        <span class="budget-mark" style={{ left: '80%' }} aria-hidden="true"></span>
      </div>
      <p class="budget-figures" id={`${id}-label`}>
        <strong>{t('home.budget.percent', { percent: b.percent })}</strong> {t('home.budget.of', { consumed, budget })}
      </p>
      <p class="budget-forecast">
        {t('home.budget.forecast', { forecast: formatMoney(b.forecast, lang) })}
        {b.reached.includes('forecast') && !b.reached.includes('100') && <span class="budget-flag"> {t('home.budget.forecastOver')}</span>}
        {b.reached.includes('100') && <span class="budget-flag"> {t('home.budget.over')}</span>}
      </p>
    </div>
  );
}
