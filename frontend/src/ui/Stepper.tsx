import { t } from '../i18n';

/** Where the person is in a multi-step flow: the steps in order, the current one
 * marked aria-current="step", the finished ones marked done. */
export function Stepper({ steps, current }: { steps: readonly string[]; current: number }) {
  return (
    <div class="stepper">
      <p class="stepper-position">{t('ui.stepper.position', { current: current + 1, total: steps.length })}</p>
      <ol aria-label={t('ui.stepper.label')}>
        {steps.map((label, i) => (
          <li
            key={label}
            class={i < current ? 'stepper-step stepper-done' : i === current ? 'stepper-step stepper-current' : 'stepper-step'}
            aria-current={i === current ? 'step' : undefined}
          >
            <span class="stepper-number" aria-hidden="true">
              {i + 1}
            </span>
            {label}
            {i < current && <span class="visually-hidden"> ({t('ui.stepper.done')})</span>}
          </li>
        ))}
      </ol>
    </div>
  );
}
