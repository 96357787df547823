import { t } from '../../i18n';
import { PageCard } from '../../ui/status';

export default function HelpPage() {
  return (
    <PageCard title={t('help.title')}>
      <p>{t('help.body')}</p>
    </PageCard>
  );
}
