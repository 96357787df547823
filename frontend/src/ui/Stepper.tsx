import { t } from '../i18n';

/** The line above the steps: "Étape 2 sur 5", or that every step is done once
 * current is past the last one (a flow that ended, as an approved registration). */
export function stepperPosition(current: number, total: number): string {
  return current >= total ? t('ui.stepper.finished') : t('ui.stepper.position', { current: current + 1, total });
}

/** Where the person is in a multi-step flow: the steps in order, the current one
 * marked aria-current="step", the finished ones marked done. */
export function Stepper({ steps, current }: { steps: readonly string[]; current: number }) {
  return (
    <div class="stepper">
      <p class="stepper-position">{stepperPosition(current, steps.length)}</p>
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
