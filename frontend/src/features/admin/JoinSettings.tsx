import { api } from '../../api';
import { t } from '../../i18n';
import { Button } from '../../ui/Button';
import { Spinner } from '../../ui/status';
import { toast } from '../../ui/toast';
import { useLoaded } from '../register/load';
import { LoadError } from '../register/LoadError';
import { useConfirm } from '../register/useConfirm';

/** GET and PUT /org/join-settings. */
interface JoinSettingsView {
  autoApprove: boolean;
  domains: string[];
}

/** Whether people with an address at the organisation's verified domains join it
 * at once; changing it asks first. */
export function JoinSettings() {
  const settings = useLoaded((signal) => api.get<JoinSettingsView>('/org/join-settings', { signal }), []);
  const { dialog, ask } = useConfirm();
  const s = settings.data;
  if (!s) {
    return settings.error ? (
      <LoadError error={settings.error} retry={settings.reload} />
    ) : (
      <Spinner />
    );
  }
  const domains = s.domains.length > 0 ? s.domains.join(', ') : t('admin.join.noDomain');
  const turn = (on: boolean) =>
    ask({
      title: t(on ? 'admin.join.enableTitle' : 'admin.join.disableTitle'),
      body: <p>{t(on ? 'admin.join.enableBody' : 'admin.join.disableBody', { domains })}</p>,
      confirmLabel: t(on ? 'admin.join.enable' : 'admin.join.disable'),
      danger: on,
      run: async () => {
        settings.set(await api.put<JoinSettingsView>('/org/join-settings', { autoApprove: on }));
        toast(t(on ? 'admin.join.enabled' : 'admin.join.disabled'), 'success');
      },
    });
  return (
    <section class="notice" aria-labelledby="join-auto-title">
      <h2 id="join-auto-title" class="section-title">
        {t('admin.join.auto')}
      </h2>
      <p id="join-auto-state">{t(s.autoApprove ? 'admin.join.autoOn' : 'admin.join.autoOff', { domains })}</p>
      <Button id="join-auto-toggle" variant="secondary" onClick={() => turn(!s.autoApprove)}>
        {t(s.autoApprove ? 'admin.join.disable' : 'admin.join.enable')}
      </Button>
      {dialog}
    </section>
  );
}
