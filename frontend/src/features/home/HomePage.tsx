import { t } from '../../i18n';
import { useSession } from '../../session';
import { PageCard } from '../../ui/status';

/** The signed-in person's home: a placeholder dashboard for now. */
export default function HomePage() {
  const session = useSession();
  const firstName = session.status === 'signed-in' ? session.user.firstName : '';
  return (
    <PageCard title={t('home.greeting', { firstName })} lead={t('home.intro')} wide />
  );
}
