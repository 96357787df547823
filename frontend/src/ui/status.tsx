// Small status pieces: a loading indicator, an empty list, a page card.
import type { ComponentChildren } from 'preact';
import { t } from '../i18n';

/** "Loading…" with a spinner, announced politely. */
export function Spinner({ label }: { label?: string }) {
  return (
    <p class="spinner" role="status">
      <span class="spinner-mark" aria-hidden="true"></span>
      {label ?? t('ui.loading')}
    </p>
  );
}

/** What a list shows when it has nothing: a title, a sentence, maybe an action. */
export function EmptyState({ title, children, action }: { title: string; children?: ComponentChildren; action?: ComponentChildren }) {
  return (
    <div class="empty-state">
      <p class="empty-state-title">{title}</p>
      {children && <p>{children}</p>}
      {action}
    </div>
  );
}

/** A page's main card with its h1 (focused by the router after navigation). */
export function PageCard({
  title,
  lead,
  wide,
  children,
}: {
  title: string;
  lead?: string;
  wide?: boolean;
  children?: ComponentChildren;
}) {
  return (
    <section class={wide ? 'card card-wide' : 'card'} aria-labelledby="page-title">
      <h1 id="page-title" tabIndex={-1}>
        {title}
      </h1>
      {lead && <p class="lead">{lead}</p>}
      {children}
    </section>
  );
}
