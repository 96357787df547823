import { t } from '../../i18n';
import { LEVEL_KEY, LEVEL_RANK, LEVELS, type Level } from './model';

/**
 * A section's level for one user on one contract, as the person holds it in
 * effect, marked when changed. Below the floor nothing can be chosen: an
 * administrator's Manager shows as text, a referent's levels start at Visitor.
 */
export function LevelSelect({
  id,
  value,
  original,
  floor,
  disabled,
  label,
  onChange,
}: {
  id: string;
  value: Level;
  original: Level;
  floor: Level;
  disabled?: boolean;
  /** The accessible name when no <label for> names it (the matrix's cells). */
  label?: string;
  onChange: (l: Level) => void;
}) {
  const held = (l: Level) => (LEVEL_RANK[l] < LEVEL_RANK[floor] ? floor : l);
  if (floor === 'manager') {
    return (
      <span id={id} class="level-held">
        {label && <span class="visually-hidden">{label} : </span>}
        {t(LEVEL_KEY.manager)}
      </span>
    );
  }
  return (
    <select
      id={id}
      class={held(value) !== held(original) ? 'matrix-cell cell-changed' : 'matrix-cell'}
      value={held(value)}
      disabled={disabled}
      aria-label={label}
      onChange={(e) => onChange(e.currentTarget.value as Level)}
    >
      {LEVELS.filter((l) => LEVEL_RANK[l] >= LEVEL_RANK[floor]).map((l) => (
        <option key={l} value={l}>
          {t(LEVEL_KEY[l])}
        </option>
      ))}
    </select>
  );
}
