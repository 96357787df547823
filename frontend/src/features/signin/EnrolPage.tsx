// Where a person is held after signing in when their company requires two-step
// verification they have not set up (access.ts sends them here and nowhere else).
// Enrolling makes the session a full one under a new id (the answer carries its
// CSRF token); the recovery codes are shown before the person goes on.
import { useEffect, useState } from 'preact/hooks';
import { t } from '../../i18n';
import type { PageProps } from '../../page';
import { href, navigate, safeReturnPath } from '../../router';
import { getSession, loadSession } from '../../session';
import { PageCard } from '../../ui/status';
import { toast } from '../../ui/toast';
import '../account/accountMessages';
import { PasskeyAdd } from '../account/PasskeyAdd';
import { RecoveryCodes, TotpSetup } from '../account/TotpSetup';

export default function EnrolPage({ query }: PageProps) {
  const next = safeReturnPath(query.get('next')) ?? '/';
  // Whether the session had to enrol when the page opened; it stops having to as
  // soon as a factor is added, while the page still shows the recovery codes.
  const [required] = useState(() => {
    const s = getSession();
    return s.status === 'signed-in' && !!s.mfaEnrolmentRequired;
  });
  const [codes, setCodes] = useState<string[] | null>(null);
  useEffect(() => {
    if (!required) navigate(href('/account/security'), { replace: true });
  }, []);
  if (!required) return null;

  // The session is read again only now: once it is a full one, the access rules
  // would take the person away from this page (to a password to replace, say)
  // before they kept their codes.
  const go = async () => {
    await loadSession();
    navigate(next, { replace: true });
  };
  return (
    <PageCard title={t('signin.enrol.title')} lead={codes ? undefined : t('signin.enrol.intro')}>
      {codes ? (
        <RecoveryCodes codes={codes} onDone={() => void go()} />
      ) : (
        <>
          <h2 class="section-title">{t('account.totp.title')}</h2>
          <TotpSetup
            onEnrolled={setCodes}
          />
          <h2 class="section-title">{t('signin.enrol.passkey')}</h2>
          <PasskeyAdd
            onAdded={async (k) => {
              toast(t('account.passkeys.addedDone', { name: k.name }), 'success');
              await go();
            }}
          />
        </>
      )}
    </PageCard>
  );
}
