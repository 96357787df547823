// The notification centre's model: the wire shapes, a notification's text from its
// kind and params, and the unread count the bell shows, shared by the bell and the
// page so that marking read on the page updates the bell at once.
import { api } from '../../api';
import { getLanguage, t, type Key, type Params } from '../../i18n';
import { formatMoney } from '../../money';

export interface Notification {
  id: string;
  kind: string;
  contractId?: string;
  params: Record<string, string>;
  link?: string;
  created: string;
  read: boolean;
}

export interface NotificationPage {
  items: Notification[];
  next?: string;
  unread: number;
}

export type MailRule = 'optional' | 'always' | 'always_managers';

export interface KindPreference {
  kind: string;
  mail: boolean;
  rule: MailRule;
  security?: boolean;
}

export interface Preferences {
  kinds: KindPreference[];
  version: number;
}

/** The params whose values are codes, put in words before they are interpolated. */
const WORDS: Record<string, Record<string, Key>> = {
  Method: { totp: 'notifications.param.totp', passkey: 'notifications.param.passkey' },
  Enabled: { true: 'notifications.param.enabled', false: 'notifications.param.disabled' },
  Staff: { true: 'notifications.param.staff', false: 'notifications.param.admin' },
};

/** Whether the dictionaries have a text for the kind. */
export function knownKind(kind: string): kind is string {
  return t(('notifications.kind.' + kind) as Key) !== 'notifications.kind.' + kind;
}

/** A notification's text in the current language: its kind's message with its
 * params, codes put in words; a kind this portal does not know yet gets a neutral
 * sentence rather than its code. */
export function notificationText(n: Pick<Notification, 'kind' | 'params'>): string {
  if (!knownKind(n.kind)) return t('notifications.kind.unknown');
  const params: Params = {};
  for (const [name, value] of Object.entries(n.params ?? {})) {
    const word = WORDS[name]?.[value];
    params[name] = word ? t(word) : value;
  }
  if (n.kind === 'new_device' && !params.Browser && !params.OS) params.Browser = t('notifications.param.unknownDevice');
  if (n.kind === 'budget_threshold') return budgetText(params);
  return t(('notifications.kind.' + n.kind) as Key, params);
}

/** The label of a kind in the preferences. */
export function kindLabel(kind: string): string {
  const key = ('notifications.pref.' + kind) as Key;
  const text = t(key);
  return text === key ? kind : text;
}

/** What the bell shows: "99+" past 99. */
export function badge(count: number): string {
  return count > 99 ? '99+' : String(count);
}

let unread = 0;
const listeners = new Set<() => void>();

/** The last unread count known. */
export function unreadCount(): number {
  return unread;
}

/** Records a new unread count (from the bell's poll or an answer of the page). */
export function setUnread(n: number): void {
  if (n === unread) return;
  unread = n;
  for (const fn of listeners) fn();
}

export function onUnreadChange(fn: () => void): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

/** Asks the server for the unread count: one cheap read. */
export async function refreshUnread(signal?: AbortSignal): Promise<void> {
  const r = await api.get<{ unread: number }>('/notifications/unread', { signal, authRedirect: false });
  setUnread(r.unread);
}

/** A budget alert in words: which alert it is (80 %, 100 %, the month's forecast),
 * the month by name and the amounts in the reader's money format, from the decimal
 * amounts and codes the server sends. */
function budgetText(params: Params): string {
  const lang = getLanguage();
  const money = (amount: string | undefined) =>
    amount === undefined ? '' : formatMoney({ minor: Number(amount.replace('.', '')), currency: String(params.currency ?? 'EUR') }, lang);
  const words: Params = {
    ...params,
    month: (lang === 'en' ? params.monthEn : params.monthFr) ?? params.month,
    consumed: money(params.consumed as string | undefined),
    budget: money(params.budget as string | undefined),
    forecast: money(params.forecast as string | undefined),
  };
  const key = ('notifications.kind.budget_threshold.' + String(params.alert)) as Key;
  return t(key) === key ? t('notifications.kind.budget_threshold', words) : t(key, words);
}
