import type { ComponentChildren } from 'preact';
import { t } from '../../i18n';
import { PageCard } from '../../ui/status';
import { Stepper } from '../../ui/Stepper';
import './register.css';

/** The steps of a registration as the progress indicator names them: the four of
 * the sign-up, then the approval that follows it. */
export function registrationSteps(): string[] {
  return [t('register.step.email'), t('register.step.code'), t('register.step.organisation'), t('register.step.details'), t('register.step.approval')];
}

/** A step of the registration: its title, where the person is, then the step. */
export function SignupCard({ step, title, lead, children }: { step: number; title: string; lead?: string; children: ComponentChildren }) {
  return (
    <PageCard title={title} lead={lead}>
      <Stepper steps={registrationSteps()} current={step} />
      {children}
    </PageCard>
  );
}
