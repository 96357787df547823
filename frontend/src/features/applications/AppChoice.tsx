// A checkbox per application, with its description in the current language. The
// choice is one form value (the ids, comma-separated), so that useForm checks it,
// shows the server's error on it and moves focus to it (the first checkbox) like
// any other field.
import { t } from '../../i18n';
import type { FieldBinding } from '../../ui/useForm';
import { local, parseChoice, toggleChoice, type Application } from './model';
import './applications.css';

export function AppChoice({ apps, ...p }: FieldBinding & { apps: readonly Application[] }) {
  const chosen = new Set(parseChoice(p.value));
  const boxId = (i: number, app: Application) => (i === 0 ? p.id : `${p.id}-${app.id}`);
  return (
    <fieldset class={p.error ? 'app-choice field-invalid' : 'app-choice'} aria-describedby={p.error ? `${p.id}-error` : undefined}>
      <legend>{p.label}</legend>
      <ul>
        {apps.map((app, i) => (
          <li key={app.id}>
            <input
              id={boxId(i, app)}
              type="checkbox"
              name={p.name}
              value={app.id}
              checked={chosen.has(app.id)}
              onChange={(e) => p.onValue(toggleChoice(p.value, app.id, e.currentTarget.checked))}
              aria-describedby={`${boxId(i, app)}-desc`}
              aria-invalid={p.error ? 'true' : undefined}
            />
            <label for={boxId(i, app)}>{local(app.name)}</label>
            <p id={`${boxId(i, app)}-desc`} class="app-choice-desc">
              {local(app.description)}
              {app.durationDays ? ` ${t('applications.duration', { days: app.durationDays })}` : ''}
            </p>
          </li>
        ))}
      </ul>
      {p.error && (
        <p id={`${p.id}-error`} class="field-error">
          {p.error}
        </p>
      )}
    </fieldset>
  );
}
