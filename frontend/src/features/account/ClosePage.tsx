// "Close my account": the person asks their organisation's administrators to close
// it, sees the request wait (and may withdraw it), and reads why a declined one was
// declined. The administrators decide on their own page; the person is told by mail.
import { useState } from 'preact/hooks';
import { api } from '../../api';
import { getLanguage, t } from '../../i18n';
import { Button } from '../../ui/Button';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { TextArea } from '../../ui/fields';
import { Spinner } from '../../ui/status';
import { toast } from '../../ui/toast';
import { useLoaded } from '../register/load';
import { LoadError } from '../register/LoadError';
import { formatDate } from '../register/registration';
import { AccountLayout } from './AccountLayout';
import { closureStep, type ClosureRequest } from './closure';

export default function ClosePage() {
  const mine = useLoaded((signal) => api.get<{ request: ClosureRequest | null }>('/me/closure', { signal }), []);
  return (
    <AccountLayout title={t('account.close.title')}>
      <h2 class="section-title">{t('account.close.title')}</h2>
      {mine.error ? (
        <LoadError error={mine.error} retry={mine.reload} />
      ) : !mine.data ? (
        <Spinner />
      ) : (
        <Closure request={mine.data.request} onChange={(request) => mine.set({ request })} />
      )}
    </AccountLayout>
  );
}

function Closure({ request: r, onChange }: { request: ClosureRequest | null; onChange: (r: ClosureRequest) => void }) {
  const [asking, setAsking] = useState(false);
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  const lang = getLanguage();
  const { step, notice } = closureStep(r);

  const withdraw = async () => {
    setBusy(true);
    try {
      onChange(await api.post<ClosureRequest>('/me/closure/withdraw'));
      toast(t('account.close.withdrawn'), 'success');
    } catch (err) {
      toast(err instanceof Error ? err.message : String(err), 'error');
    } finally {
      setBusy(false);
    }
  };

  if (step === 'waiting' && r) {
    return (
      <div class="closure">
        <p class="notice" role="status">
          {t('account.close.waiting', { date: formatDate(r.created, lang) })}
        </p>
        {r.comment && <p class="pre-line">{t('account.close.yourComment', { comment: r.comment })}</p>}
        <Button id="closure-withdraw" variant="secondary" busy={busy} onClick={withdraw}>
          {t('account.close.withdraw')}
        </Button>
      </div>
    );
  }
  return (
    <div class="closure">
      {notice && r && (
        <p class="notice" role="status">
          {t('account.close.declined', { date: formatDate(r.decided, lang), reason: r.reason ?? '' })}
        </p>
      )}
      <p>{t('account.close.intro')}</p>
      <ul>
        <li>{t('account.close.what1')}</li>
        <li>{t('account.close.what2')}</li>
        <li>{t('account.close.what3')}</li>
      </ul>
      <TextArea id="closure-comment" name="comment" label={t('account.close.comment')} required={false} maxLength={1000} value={comment} onValue={setComment} />
      <Button id="closure-ask" variant="danger" onClick={() => setAsking(true)}>
        {t('account.close.ask')}
      </Button>
      <ConfirmDialog
        open={asking}
        title={t('account.close.confirmTitle')}
        confirmLabel={t('account.close.confirm')}
        onConfirm={async () => {
          onChange(await api.post<ClosureRequest>('/me/closure', { comment }));
          setComment('');
          toast(t('account.close.sent'), 'success');
        }}
        onClose={() => setAsking(false)}
      >
        <p>{t('account.close.confirmBody')}</p>
      </ConfirmDialog>
    </div>
  );
}
