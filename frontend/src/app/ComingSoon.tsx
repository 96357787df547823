import { t } from '../i18n';
import type { PageProps } from '../page';
import { href } from '../router';
import { PageCard } from '../ui/status';

/** A page that exists in the registry but is not built yet: its title and a notice. */
export function ComingSoon({ route }: PageProps) {
  return (
    <PageCard title={t(route.titleKey)}>
      <p>{t('app.comingSoon')}</p>
      <p>
        <a href={href('/')}>{t('app.backHome')}</a>
      </p>
    </PageCard>
  );
}
