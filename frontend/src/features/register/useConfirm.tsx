import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { ConfirmDialog } from '../../ui/ConfirmDialog';

/** A question to confirm, and the action it guards (its error shows in the dialog). */
export interface Confirmation {
  title: string;
  body?: ComponentChildren;
  confirmLabel: string;
  /** True (the default) for destructive actions. */
  danger?: boolean;
  run: () => Promise<void>;
}

/** One confirmation dialog for a page with several guarded actions: render the
 * dialog once and call ask() from each action's button. */
export function useConfirm(): { dialog: ComponentChildren; ask: (c: Confirmation) => void } {
  const [current, setCurrent] = useState<Confirmation | null>(null);
  const [open, setOpen] = useState(false);
  const dialog = (
    <ConfirmDialog
      open={open}
      title={current?.title ?? ''}
      confirmLabel={current?.confirmLabel ?? ''}
      danger={current?.danger ?? true}
      onConfirm={() => current?.run()}
      onClose={() => setOpen(false)}
    >
      {current?.body}
    </ConfirmDialog>
  );
  return {
    dialog,
    ask: (c) => {
      setCurrent(c);
      setOpen(true);
    },
  };
}
