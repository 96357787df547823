import { useEffect } from 'preact/hooks';
import { t } from '../../i18n';
import type { PageProps } from '../../page';
import { href, navigate } from '../../router';
import { PageCard } from '../../ui/status';
import { getChallenge } from './challenge';

/** The second step of a sign-in for accounts with two-step verification. Without a
 * challenge in memory (after a reload) the sign-in starts again. */
export default function MfaPage({ query }: PageProps) {
  const challenge = getChallenge();
  const back = href('/signin', undefined, { next: query.get('next') });
  useEffect(() => {
    if (!challenge) navigate(back, { replace: true });
  }, [challenge]);
  if (!challenge) return null;
  return (
    <PageCard title={t('signin.mfa.title')} lead={t('signin.mfa.intro')}>
      <p>{t('app.comingSoon')}</p>
      <p>
        <a href={back}>{t('signin.mfa.back')}</a>
      </p>
    </PageCard>
  );
}
