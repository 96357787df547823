import type { ButtonHTMLAttributes } from 'preact';

export interface ButtonProps extends Omit<ButtonHTMLAttributes<HTMLButtonElement>, 'class'> {
  variant?: 'primary' | 'secondary' | 'danger' | 'link';
  /** While true the button is disabled, says aria-busy and shows a spinner. */
  busy?: boolean;
  class?: string;
}

/** A button; type="button" unless said otherwise, so it never submits by accident. */
export function Button({ variant = 'primary', busy = false, type = 'button', disabled, class: cls, children, ...rest }: ButtonProps) {
  return (
    <button
      {...rest}
      type={type}
      class={`button button-${variant}${cls ? ' ' + cls : ''}`}
      disabled={busy || disabled}
      aria-busy={busy ? 'true' : undefined}
    >
      {busy && <span class="spinner-mark" aria-hidden="true"></span>}
      {children}
    </button>
  );
}
