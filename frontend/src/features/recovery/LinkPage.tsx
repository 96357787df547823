// The frame of the pages that mailed links open (#/reset-password?token=…): the
// page card, and what to do when the link lost its token on the way.
import type { ComponentChildren } from 'preact';
import { t, type Key } from '../../i18n';
import { href } from '../../router';
import { PageCard } from '../../ui/status';
import './linkMessages';

export function LinkPage({ title, lead, token, children }: { title: Key; lead?: string; token: string; children: ComponentChildren }) {
  if (!token) {
    return (
      <PageCard title={t(title)}>
        <p role="alert">{t('recovery.noToken')}</p>
        <p>
          <a href={href('/signin')}>{t('signin.mfa.back')}</a>
        </p>
      </PageCard>
    );
  }
  return (
    <PageCard title={t(title)} lead={lead}>
      {children}
    </PageCard>
  );
}
