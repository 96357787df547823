import { useEffect, useState } from 'preact/hooks';
import { api, ApiError } from '../../api';
import { t } from '../../i18n';
import { Button } from '../../ui/Button';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { TextArea } from '../../ui/fields';
import { toast } from '../../ui/toast';
import { personName, type Registration } from './registration';

const MAX_REASON = 1000;
const REASON_ID = 'refuse-reason';

/**
 * Approve and Refuse for a pending registration, each asking first; a refusal needs
 * its reason. path is the registration's API path ("/org/join-requests/<id>" or
 * "/backoffice/registrations/<id>"); onDecided gets the decided registration, and
 * onStale is called when someone else decided first.
 */
export function Decision({
  reg,
  path,
  onDecided,
  onStale,
}: {
  reg: Registration;
  path: string;
  onDecided: (r: Registration) => void;
  onStale: () => void;
}) {
  const [open, setOpen] = useState(false);
  const [mode, setMode] = useState<'approve' | 'refuse'>('approve');
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string | undefined>();
  const name = personName(reg);

  // The dialog focuses Cancel when it opens (its effect runs first); a refusal
  // cannot go on without its reason, so the reason takes the focus.
  useEffect(() => {
    if (open && mode === 'refuse') document.getElementById(REASON_ID)?.focus();
  }, [open, mode]);

  const start = (m: 'approve' | 'refuse') => {
    setMode(m);
    setReasonError(undefined);
    setOpen(true);
  };

  /** Keeps the dialog open on a reason to correct: the message shows under the
   * field, so the dialog's own error line stays empty. */
  const reasonProblem = (message: string): ApiError => {
    setReasonError(message);
    document.getElementById(REASON_ID)?.focus();
    return new ApiError(400, 'invalid_fields', '');
  };

  const confirm = async () => {
    const why = reason.trim();
    if (mode === 'refuse' && !why) throw reasonProblem(t('register.decide.reasonRequired'));
    try {
      const done =
        mode === 'approve' ? await api.post<Registration>(`${path}/approve`) : await api.post<Registration>(`${path}/refuse`, { reason: why });
      toast(t(mode === 'approve' ? 'register.decide.approved' : 'register.decide.refused', { name }), 'success');
      setReason('');
      onDecided(done);
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      if (err.code === 'registration_decided') {
        toast(err.message, 'error');
        onStale();
        return;
      }
      const field = err.fields.find((f) => f.field === 'reason');
      throw field ? reasonProblem(field.message) : err;
    }
  };

  const org = reg.kind === 'join' ? reg.orgName : (reg.organisation?.legalName ?? reg.orgName);
  return (
    <>
      {reg.state === 'pending' && (
        <div class="actions">
          <Button id="approve" onClick={() => start('approve')}>
            {t('register.decide.approve')}
          </Button>
          <Button id="refuse" variant="danger" onClick={() => start('refuse')}>
            {t('register.decide.refuse')}
          </Button>
        </div>
      )}
      <ConfirmDialog
        open={open}
        title={t(mode === 'approve' ? 'register.decide.approveTitle' : 'register.decide.refuseTitle', { name })}
        confirmLabel={t(mode === 'approve' ? 'register.decide.approve' : 'register.decide.refuse')}
        danger={mode === 'refuse'}
        onConfirm={confirm}
        onClose={() => setOpen(false)}
      >
        {mode === 'approve' ? (
          <p>
            {reg.kind === 'join'
              ? t('register.decide.approveJoin', { name, organisation: org })
              : t('register.decide.approveOrg', { name, organisation: org, domain: reg.domain })}
          </p>
        ) : (
          <>
            <p>{t('register.decide.refuseBody', { name })}</p>
            <TextArea
              id={REASON_ID}
              name="reason"
              label={t('register.decide.reason')}
              value={reason}
              error={reasonError}
              rows={4}
              maxLength={MAX_REASON}
              onValue={(v) => {
                setReason(v);
                setReasonError(undefined);
              }}
            />
          </>
        )}
      </ConfirmDialog>
    </>
  );
}
