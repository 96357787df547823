import type { ComponentChildren } from 'preact';
import { t } from '../i18n';
import { messageText, type FormState } from './useForm';

type AnyForm = FormState<Record<string, string | boolean>>;

/** A form that checks its fields itself (noValidate) and shows the error summary
 * above its fields after a failed submit. */
export function Form<V extends Record<string, string | boolean>>({
  form,
  children,
  class: cls = 'form',
  label,
}: {
  form: FormState<V>;
  children: ComponentChildren;
  class?: string;
  /** Accessible name, when the page has more than one form. */
  label?: string;
}) {
  return (
    <form class={cls} noValidate onSubmit={form.onSubmit} aria-label={label}>
      <ErrorSummary form={form as unknown as AnyForm} />
      {children}
    </form>
  );
}

/** The form's errors in one place, announced as an alert: the form-level message
 * (wrong credentials, too many attempts…) and each field error linking to its field. */
export function ErrorSummary({ form }: { form: AnyForm }) {
  if (!form.failed) return null;
  const fields = Object.keys(form.labels).filter((f) => form.errors[f] !== undefined);
  const jump = (id: string) => (e: Event) => {
    // A plain "#id" would be taken for a route by the hash router.
    e.preventDefault();
    document.getElementById(id)?.focus();
  };
  return (
    <div id={form.summaryId} class="error-summary" role="alert" tabIndex={-1} aria-labelledby={`${form.summaryId}-title`}>
      <h2 id={`${form.summaryId}-title`} class="error-summary-title">
        {t('ui.errorSummary.title')}
      </h2>
      {form.formError && <p class="error-summary-message">{messageText(form.formError)}</p>}
      {(fields.length > 0 || form.other.length > 0) && (
        <ul>
          {fields.map((f) => (
            <li key={f}>
              <a href={`#${form.idOf(f)}`} onClick={jump(form.idOf(f))}>
                {t('ui.errorSummary.item', { label: t(form.labels[f]), message: messageText(form.errors[f]!) })}
              </a>
            </li>
          ))}
          {form.other.map((m) => (
            <li key={m}>{m}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
