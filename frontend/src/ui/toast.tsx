// Notifications: toast('…') from anywhere; <Toasts/> (in the app shell) shows them
// in a polite live region that is always on the page, so they are announced.
import { useExternal } from '../hooks';
import { t } from '../i18n';

export interface ToastItem {
  id: number;
  text: string;
  kind: 'info' | 'success' | 'error';
}

const SHOW_MS = 8000;
let items: ToastItem[] = [];
let lastId = 0;
const listeners = new Set<() => void>();

function subscribe(fn: () => void): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

function publish(next: ToastItem[]): void {
  items = next;
  for (const fn of listeners) fn();
}

export function dismissToast(id: number): void {
  publish(items.filter((i) => i.id !== id));
}

/** Shows a short message for a few seconds; returns its id. */
export function toast(text: string, kind: ToastItem['kind'] = 'info'): number {
  const id = ++lastId;
  publish([...items, { id, text, kind }]);
  setTimeout(() => dismissToast(id), SHOW_MS);
  return id;
}

export function Toasts() {
  const list = useExternal(subscribe, () => items);
  return (
    <div class="toasts" aria-live="polite" aria-atomic="false">
      {list.map((i) => (
        <div key={i.id} class={`toast toast-${i.kind}`}>
          <p>{i.text}</p>
          <button type="button" class="toast-close" aria-label={t('ui.toast.close')} onClick={() => dismissToast(i.id)}>
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
