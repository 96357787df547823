import { api, ApiError } from '../../api';
import { t } from '../../i18n';
import { Button } from '../../ui/Button';
import { Form } from '../../ui/Form';
import { toast } from '../../ui/toast';
import { useForm } from '../../ui/useForm';
import { checkDetails, DETAIL_LABELS, DetailsFields, detailsBody, detailValues, type DetailValues } from './DetailsFields';
import type { OrgUser } from './model';

/** Edits a user's details and postal address, on the version the page showed: when
 * someone changed them meanwhile, the page says so and loads them again. */
export function EditUserForm({
  user,
  onSaved,
  onCancel,
  onStale,
}: {
  user: OrgUser;
  onSaved: (u: OrgUser) => void;
  onCancel: () => void;
  onStale: () => void;
}) {
  const form = useForm<DetailValues>({
    fields: DETAIL_LABELS,
    initial: detailValues(user),
    validate: checkDetails,
    idPrefix: 'edit-',
    submit: async (v) => {
      let saved: OrgUser;
      try {
        saved = await api.put<OrgUser>(`/org/users/${encodeURIComponent(user.id)}`, { version: user.version, ...detailsBody(v) });
      } catch (err) {
        if (err instanceof ApiError && err.code === 'version_conflict') {
          toast(t('admin.user.stale'), 'error');
          onStale();
          onCancel();
          return;
        }
        throw err;
      }
      toast(t('admin.user.saved'), 'success');
      onSaved(saved);
    },
  });
  return (
    <Form form={form} label={t('admin.user.details')}>
      <DetailsFields field={form.field} />
      <div class="actions">
        <Button type="submit" busy={form.busy}>
          {t('admin.user.save')}
        </Button>
        <Button variant="secondary" onClick={onCancel} disabled={form.busy}>
          {t('ui.dialog.cancel')}
        </Button>
      </div>
    </Form>
  );
}
