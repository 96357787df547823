import { api, type ListPage } from '../../api';
import { getLanguage, t } from '../../i18n';
import { Spinner } from '../../ui/status';
import { useLoaded } from '../register/load';
import './documents.css';
import './documentsMessages';
import type { Console } from './model';

/**
 * "Accéder aux consoles": the links operators set to a contract's technical
 * consoles, each opened in a new tab without giving it a handle on the portal
 * (rel=noopener noreferrer). The server only keeps https addresses.
 */
export function ConsoleLinks({ contractId }: { contractId: string }) {
  const consoles = useLoaded(
    (signal) => api.get<ListPage<Console>>(`/contracts/${encodeURIComponent(contractId)}/consoles`, { signal }),
    [contractId],
  );
  if (consoles.error) return <p role="alert">{consoles.error.message}</p>;
  if (!consoles.data) return <Spinner />;
  const items = consoles.data.items;
  if (items.length === 0) return <p class="field-hint">{t('documents.consolesEmpty')}</p>;
  const lang = getLanguage();
  return (
    <ul class="console-links">
      {items.map((c) => {
        const text = lang === 'en' ? c.description.en || c.description.fr : c.description.fr || c.description.en;
        return (
          <li key={c.id}>
            <a href={c.url} target="_blank" rel="noopener noreferrer" aria-label={t('documents.openConsole', { name: c.name })}>
              {c.name} <span class="console-newtab" aria-hidden="true">↗</span>
            </a>
            {text && <p class="console-text">{text}</p>}
          </li>
        );
      })}
    </ul>
  );
}
