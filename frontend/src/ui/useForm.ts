// Form state: values, client checks, the server's field errors, busy state and
// where focus goes after a failed submit. Pages declare their fields once and
// spread form.field(name) onto TextField, PasswordField or Select.
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, mapFieldErrors } from '../api';
import { t, type Key } from '../i18n';

/** An error to show: a message key from a client check, or text the server sent
 * (already in the person's language). */
export type Message = Key | { text: string };

export function messageText(m: Message): string {
  return typeof m === 'string' ? t(m) : m.text;
}

type Values = Record<string, string | boolean>;
export type FieldErrors<F extends string> = Partial<Record<F, Message>>;

/** The errors to show after the person edits `edited`: the client checks' current
 * verdict, plus the server's errors on the other fields (edited one is cleared). */
export function revalidate<F extends string>(
  client: Partial<Record<F, Key>>,
  previous: FieldErrors<F>,
  edited: F,
): FieldErrors<F> {
  const next: FieldErrors<F> = { ...client };
  for (const f of Object.keys(previous) as F[]) {
    const prev = previous[f];
    if (f !== edited && next[f] === undefined && prev !== undefined && typeof prev !== 'string') next[f] = prev;
  }
  return next;
}

/** What a failed submit shows: field errors inline, the rest in the summary. */
export interface Failure<F extends string> {
  errors: FieldErrors<F>;
  /** Field errors about fields the form does not have. */
  other: string[];
  /** The form-level message, when no field error says what is wrong. */
  formError: Message | null;
}

export function failureOf<F extends string>(err: unknown, fields: readonly F[]): Failure<F> {
  if (!(err instanceof ApiError)) return { errors: {}, other: [], formError: 'app.api.unexpected' };
  const { inline, other } = mapFieldErrors(err, fields);
  const errors: FieldErrors<F> = {};
  for (const f of Object.keys(inline) as F[]) errors[f] = { text: inline[f] as string };
  const noDetail = Object.keys(errors).length === 0 && other.length === 0;
  return { errors, other, formError: noDetail ? { text: err.message } : null };
}

/** The first field, in form order, that has an error. */
export function firstInvalid<F extends string>(order: readonly F[], errors: FieldErrors<F>): F | undefined {
  return order.find((f) => errors[f] !== undefined);
}

/** Props for a text-like field (TextField, PasswordField, Select). */
export interface FieldBinding {
  id: string;
  name: string;
  label: string;
  value: string;
  error?: string;
  onValue: (value: string) => void;
}

/** Props for a Checkbox. */
export interface CheckBinding {
  id: string;
  name: string;
  label: string;
  checked: boolean;
  error?: string;
  onValue: (checked: boolean) => void;
}

export interface FormOptions<V extends Values> {
  /** The fields' label keys, in the order they appear on the page. */
  fields: Record<keyof V & string, Key>;
  initial: V;
  /** Client checks: an error key per invalid field. The server stays the authority. */
  validate?: (values: V) => Partial<Record<keyof V & string, Key>>;
  /** Sends the values; throw (reject) with the ApiError to show it. */
  submit: (values: V) => Promise<void>;
  /** Prefix of the fields' ids, when a page has two forms with the same names. */
  idPrefix?: string;
}

export interface FormState<V extends Values> {
  values: V;
  errors: FieldErrors<keyof V & string>;
  other: string[];
  formError: Message | null;
  busy: boolean;
  /** Whether the error summary has something to show. */
  failed: boolean;
  summaryId: string;
  labels: Record<keyof V & string, Key>;
  idOf: (name: keyof V & string) => string;
  set: <K extends keyof V & string>(name: K, value: V[K]) => void;
  field: (name: keyof V & string) => FieldBinding;
  check: (name: keyof V & string) => CheckBinding;
  onSubmit: (e: Event) => void;
}

export function useForm<V extends Values>(opts: FormOptions<V>): FormState<V> {
  type F = keyof V & string;
  const order = Object.keys(opts.fields) as F[];
  const prefix = opts.idPrefix ?? '';
  const [values, setValues] = useState<V>(opts.initial);
  const [errors, setErrors] = useState<FieldErrors<F>>({});
  const [other, setOther] = useState<string[]>([]);
  const [formError, setFormError] = useState<Message | null>(null);
  const [busy, setBusy] = useState(false);
  const submitted = useRef(false);
  const focusNext = useRef<string | null>(null);
  const alive = useRef(true);
  const summaryId = `${prefix}form-errors`;
  const idOf = (name: F) => prefix + name;

  useEffect(
    () => () => {
      alive.current = false;
    },
    [],
  );

  // Focus moves once the errors are on the page.
  useEffect(() => {
    if (focusNext.current) document.getElementById(focusNext.current)?.focus();
    focusNext.current = null;
  });

  const set = <K extends F>(name: K, value: V[K]) => {
    const next = { ...values, [name]: value };
    setValues(next);
    // After a first submit, errors follow the person's corrections.
    if (submitted.current) {
      setErrors(revalidate<F>(opts.validate?.(next) ?? {}, errors, name));
      setFormError(null);
    }
  };

  const show = (failure: Failure<F>) => {
    setErrors(failure.errors);
    setOther(failure.other);
    setFormError(failure.formError);
    const first = firstInvalid(order, failure.errors);
    focusNext.current = first ? idOf(first) : summaryId;
  };

  const onSubmit = async (e: Event) => {
    e.preventDefault();
    if (busy) return;
    submitted.current = true;
    const found = opts.validate?.(values) ?? {};
    if (firstInvalid(order, found)) {
      show({ errors: found, other: [], formError: null });
      return;
    }
    setBusy(true);
    try {
      await opts.submit(values);
      if (alive.current) {
        setErrors({});
        setOther([]);
        setFormError(null);
      }
    } catch (err) {
      if (!(err instanceof ApiError)) console.error(err);
      if (alive.current) show(failureOf(err, order));
    } finally {
      if (alive.current) setBusy(false);
    }
  };

  const message = (name: F) => {
    const m = errors[name];
    return m === undefined ? undefined : messageText(m);
  };

  return {
    values,
    errors,
    other,
    formError,
    busy,
    failed: formError !== null || other.length > 0 || firstInvalid(order, errors) !== undefined,
    summaryId,
    labels: opts.fields,
    idOf,
    set,
    field: (name) => ({
      id: idOf(name),
      name,
      label: t(opts.fields[name]),
      value: String(values[name] ?? ''),
      error: message(name),
      onValue: (v: string) => set(name, v as V[F]),
    }),
    check: (name) => ({
      id: idOf(name),
      name,
      label: t(opts.fields[name]),
      checked: values[name] === true,
      error: message(name),
      onValue: (v: boolean) => set(name, v as V[F]),
    }),
    onSubmit: (e) => void onSubmit(e),
  };
}
