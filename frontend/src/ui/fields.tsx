// Form fields: a visible label, an optional hint, the error under the field, and
// aria-invalid / aria-describedby tying them together.
import type { ComponentChildren, Ref } from 'preact';
import { useState } from 'preact/hooks';
import { t } from '../i18n';
import type { CheckBinding, FieldBinding } from './useForm';

interface Common {
  /** Optional fields say so in their label; fields are required by default. */
  required?: boolean;
  hint?: string;
}

function describedBy(...ids: (string | false | undefined)[]): string | undefined {
  const s = ids.filter(Boolean).join(' ');
  return s || undefined;
}

function Label({ id, label, required }: { id: string; label: string; required: boolean }) {
  return (
    <label for={id}>
      {label}
      {!required && <span class="field-optional"> {t('ui.field.optional')}</span>}
    </label>
  );
}

function Hint({ id, hint }: { id: string; hint?: string }) {
  return hint ? (
    <p id={`${id}-hint`} class="field-hint">
      {hint}
    </p>
  ) : null;
}

function ErrorText({ id, error }: { id: string; error?: string }) {
  return error ? (
    <p id={`${id}-error`} class="field-error">
      {error}
    </p>
  ) : null;
}

export interface TextFieldProps extends FieldBinding, Common {
  type?: 'text' | 'email' | 'password' | 'tel' | 'url' | 'number' | 'month';
  autocomplete?: string;
  inputMode?: 'text' | 'email' | 'tel' | 'url' | 'numeric' | 'decimal';
  maxLength?: number;
  /** Off by default for email and password fields. */
  spellcheck?: boolean;
  inputRef?: Ref<HTMLInputElement>;
  /** Something beside the input, inside the field (PasswordField's toggle). */
  after?: ComponentChildren;
  /** Something under the input that describes it (PasswordField's meter). */
  below?: ComponentChildren;
}

export function TextField(p: TextFieldProps) {
  const required = p.required ?? true;
  return (
    <div class={p.error ? 'field field-invalid' : 'field'}>
      <Label id={p.id} label={p.label} required={required} />
      <Hint id={p.id} hint={p.hint} />
      <div class="field-control">
        <input
          ref={p.inputRef}
          id={p.id}
          name={p.name}
          // Preact's input typings discriminate on a literal `type`.
          type={(p.type ?? 'text') as 'text'}
          autocomplete={p.autocomplete}
          inputMode={p.inputMode}
          maxLength={p.maxLength}
          required={required}
          spellcheck={p.spellcheck ?? (p.type === 'email' || p.type === 'password' ? false : undefined)}
          value={p.value}
          onInput={(e) => p.onValue(e.currentTarget.value)}
          aria-invalid={p.error ? 'true' : undefined}
          aria-describedby={describedBy(p.hint && `${p.id}-hint`, p.below !== undefined && `${p.id}-below`, p.error && `${p.id}-error`)}
        />
        {p.after}
      </div>
      {p.below !== undefined && (
        <div id={`${p.id}-below`} class="field-below">
          {p.below}
        </div>
      )}
      <ErrorText id={p.id} error={p.error} />
    </div>
  );
}

export interface PasswordFieldProps extends Omit<TextFieldProps, 'type' | 'after' | 'below'> {
  autocomplete: 'current-password' | 'new-password';
  /** A strength meter or the password rules, shown under the field. */
  meter?: ComponentChildren;
}

/** A password input with a show/hide toggle. */
export function PasswordField({ meter, ...p }: PasswordFieldProps) {
  const [shown, setShown] = useState(false);
  return (
    <TextField
      {...p}
      type={shown ? 'text' : 'password'}
      // A shown password stays out of the spelling checker (which may send it away).
      spellcheck={false}
      below={meter}
      after={
        <button
          type="button"
          class="field-toggle"
          aria-controls={p.id}
          aria-pressed={shown ? 'true' : 'false'}
          onClick={() => setShown(!shown)}
        >
          {t(shown ? 'ui.password.hide' : 'ui.password.show')}
          <span class="visually-hidden"> {t('ui.password.what')}</span>
        </button>
      }
    />
  );
}

export interface TextAreaProps extends FieldBinding, Common {
  rows?: number;
  maxLength?: number;
}

/** Text on several lines (a comment, a reason, a description). */
export function TextArea(p: TextAreaProps) {
  const required = p.required ?? true;
  return (
    <div class={p.error ? 'field field-invalid' : 'field'}>
      <Label id={p.id} label={p.label} required={required} />
      <Hint id={p.id} hint={p.hint} />
      <textarea
        id={p.id}
        name={p.name}
        rows={p.rows ?? 3}
        maxLength={p.maxLength}
        required={required}
        value={p.value}
        onInput={(e) => p.onValue(e.currentTarget.value)}
        aria-invalid={p.error ? 'true' : undefined}
        aria-describedby={describedBy(p.hint && `${p.id}-hint`, p.error && `${p.id}-error`)}
      />
      <ErrorText id={p.id} error={p.error} />
    </div>
  );
}

export interface SelectProps extends FieldBinding, Common {
  options: readonly { value: string; label: string }[];
  /** A first, empty choice ("Choose…"), for required selects without a default. */
  placeholder?: string;
}

export function Select(p: SelectProps) {
  const required = p.required ?? true;
  return (
    <div class={p.error ? 'field field-invalid' : 'field'}>
      <Label id={p.id} label={p.label} required={required} />
      <Hint id={p.id} hint={p.hint} />
      <select
        id={p.id}
        name={p.name}
        required={required}
        value={p.value}
        onChange={(e) => p.onValue(e.currentTarget.value)}
        aria-invalid={p.error ? 'true' : undefined}
        aria-describedby={describedBy(p.hint && `${p.id}-hint`, p.error && `${p.id}-error`)}
      >
        {p.placeholder !== undefined && <option value="">{p.placeholder}</option>}
        {p.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      <ErrorText id={p.id} error={p.error} />
    </div>
  );
}

export interface CheckboxProps extends CheckBinding {
  hint?: string;
}

export function Checkbox(p: CheckboxProps) {
  return (
    <div class={p.error ? 'field field-check field-invalid' : 'field field-check'}>
      <input
        id={p.id}
        name={p.name}
        type="checkbox"
        checked={p.checked}
        onChange={(e) => p.onValue(e.currentTarget.checked)}
        aria-invalid={p.error ? 'true' : undefined}
        aria-describedby={describedBy(p.hint && `${p.id}-hint`, p.error && `${p.id}-error`)}
      />
      <label for={p.id}>{p.label}</label>
      <Hint id={p.id} hint={p.hint} />
      <ErrorText id={p.id} error={p.error} />
    </div>
  );
}
