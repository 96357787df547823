import type { ApiError } from '../../api';
import { t } from '../../i18n';
import { Button } from '../../ui/Button';

/** Why something could not be loaded, with "Try again" when trying again may help
 * (the server was not reached, or failed). */
export function LoadError({ error, retry }: { error: ApiError; retry: () => void }) {
  return (
    <div class="list-error" role="alert">
      <p>{error.message}</p>
      {(error.status === 0 || error.status >= 500) && (
        <Button variant="secondary" onClick={retry}>
          {t('ui.table.retry')}
        </Button>
      )}
    </div>
  );
}
