import { t } from '../../i18n';
import { Button } from '../../ui/Button';
import { LEVEL_KEY, LEVELS, SECTION_KEY, SECTIONS, type Contract, type Grant, type Level } from './model';

const NO_GRANT: Grant = { sections: {}, supported: false };

/** The rights a new user gets: per contract, a level per section (radio buttons
 * by row: arrows move between levels) and the supported-user flag. */
export function GrantsEditor({
  contracts,
  grants,
  onChange,
}: {
  contracts: readonly Contract[];
  grants: Record<string, Grant>;
  onChange: (contractId: string, g: Grant) => void;
}) {
  return (
    <>
      {contracts.map((c) => (
        <ContractGrant key={c.id} contract={c} grant={grants[c.id] ?? NO_GRANT} onChange={(g) => onChange(c.id, g)} />
      ))}
    </>
  );
}

function ContractGrant({ contract, grant, onChange }: { contract: Contract; grant: Grant; onChange: (g: Grant) => void }) {
  const base = `grant-${contract.id}`;
  const level = (s: (typeof SECTIONS)[number]) => grant.sections[s] ?? 'none';
  const setAll = (l: Level) => onChange({ ...grant, sections: Object.fromEntries(SECTIONS.map((s) => [s, l])) });
  return (
    <fieldset class="grant">
      <legend>{t('admin.contracts.label', { name: contract.name, reference: contract.reference })}</legend>
      <div class="actions grant-presets">
        <span>{t('admin.wizard.setAll')}</span>
        {LEVELS.map((l) => (
          <Button key={l} variant="secondary" onClick={() => setAll(l)}>
            {t(LEVEL_KEY[l])}
          </Button>
        ))}
      </div>
      <div class="table-scroll">
        <table class="grant-table">
          <caption class="visually-hidden">{t('admin.wizard.grantCaption', { name: contract.name })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('admin.rights.section')}</th>
              {LEVELS.map((l) => (
                <th key={l} scope="col">
                  {t(LEVEL_KEY[l])}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {SECTIONS.map((s) => (
              <tr key={s}>
                <th scope="row">{t(SECTION_KEY[s])}</th>
                {LEVELS.map((l) => (
                  <td key={l}>
                    <input
                      type="radio"
                      id={`${base}-${s}-${l}`}
                      name={`${base}-${s}`}
                      value={l}
                      checked={level(s) === l}
                      aria-label={t('admin.user.sectionLevel', { section: t(SECTION_KEY[s]), level: t(LEVEL_KEY[l]) })}
                      onChange={() => onChange({ ...grant, sections: { ...grant.sections, [s]: l } })}
                    />
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div class="field field-check">
        <input
          id={`${base}-supported`}
          type="checkbox"
          checked={grant.supported}
          onChange={(e) => onChange({ ...grant, supported: e.currentTarget.checked })}
          aria-describedby={`${base}-supported-hint`}
        />
        <label for={`${base}-supported`}>{t('admin.rights.supported')}</label>
        <p id={`${base}-supported-hint`} class="field-hint">
          {t('admin.rights.supportedHint')}
        </p>
      </div>
    </fieldset>
  );
}
