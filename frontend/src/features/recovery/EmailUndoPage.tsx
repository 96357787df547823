// The undo link sent to the old sign-in address: cancels a change not yet
// confirmed, or reverts one that was. Every session of the person ends, this
// browser's included.
import { useState } from 'preact/hooks';
import { ApiError, api } from '../../api';
import { t } from '../../i18n';
import type { PageProps } from '../../page';
import { href } from '../../router';
import { clearSession, getSession } from '../../session';
import { Button } from '../../ui/Button';
import { LinkPage } from './LinkPage';

export default function EmailUndoPage({ query }: PageProps) {
  const token = query.get('token') ?? '';
  const [state, setState] = useState<'ask' | 'busy' | 'done'>('ask');
  const [error, setError] = useState<string | null>(null);
  const undo = async () => {
    setState('busy');
    setError(null);
    try {
      await api.post('/email/undo', { token }, { authRedirect: false });
      if (getSession().status === 'signed-in') clearSession();
      setState('done');
    } catch (err) {
      setError(err instanceof ApiError ? err.message : t('app.api.unexpected'));
      setState('ask');
    }
  };
  return (
    <LinkPage title="recovery.undo.title" token={token}>
      {state === 'done' ? (
        <>
          <div class="notice" role="status">
            <p>{t('recovery.undo.done')}</p>
          </div>
          <p>{t('recovery.undo.advice')}</p>
          <p class="card-footer">
            <a href={href('/signin')}>{t('signin.submit')}</a> · <a href={href('/forgot-password')}>{t('signin.forgot')}</a>
          </p>
        </>
      ) : (
        <>
          <p>{t('recovery.undo.lead')}</p>
          {error && (
            <p class="error-summary" role="alert">
              {error}
            </p>
          )}
          <Button variant="danger" busy={state === 'busy'} class="button-block" onClick={() => void undo()}>
            {t('recovery.undo.submit')}
          </Button>
        </>
      )}
    </LinkPage>
  );
}
