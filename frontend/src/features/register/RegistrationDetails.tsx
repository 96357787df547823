import type { ComponentChildren } from 'preact';
import { getLanguage, t, type Key } from '../../i18n';
import { civilityLabel } from '../../ui/Civility';
import { countryName } from './countries';
import { formatDate, personName, type Registration, type RegistrationKind, type RegistrationState } from './registration';
import './register.css';

export const STATE_LABELS: Record<RegistrationState, Key> = {
  pending: 'register.state.pending',
  approved: 'register.state.approved',
  refused: 'register.state.refused',
};

export const KIND_LABELS: Record<RegistrationKind, Key> = {
  join: 'register.kind.join',
  organisation: 'register.kind.organisation',
  partner: 'register.kind.partner',
};

type Row = [Key, ComponentChildren];

function Facts({ rows }: { rows: Row[] }) {
  return (
    <dl class="facts">
      {rows
        .filter(([, value]) => value !== undefined && value !== null && value !== '' && value !== false)
        .map(([label, value]) => (
          <div key={label} class="facts-row">
            <dt>{t(label)}</dt>
            <dd>{value}</dd>
          </div>
        ))}
    </dl>
  );
}

/** Everything a decider needs to know of a registration; domainHref links the
 * domain to the page that manages it (operators). */
export function RegistrationDetails({ reg, domainHref }: { reg: Registration; domainHref?: string }) {
  const lang = getLanguage();
  const org = reg.organisation;
  return (
    <>
      <Facts
        rows={[
          ['register.reg.state', t(STATE_LABELS[reg.state])],
          ['register.reg.kind', t(KIND_LABELS[reg.kind])],
          ['register.reg.person', `${civilityLabel(reg.civility)} ${personName(reg)}`.trim()],
          ['register.reg.email', reg.email],
          ['register.details.jobTitle', reg.jobTitle],
          ['register.details.phone', reg.phone],
          ['register.reg.lang', reg.lang === 'en' || reg.lang === 'fr' ? t(`app.lang.${reg.lang}`) : reg.lang],
          ['register.reg.domain', domainHref ? <a href={domainHref}>{reg.domain}</a> : reg.domain],
          ['register.reg.organisation', reg.kind === 'join' && reg.orgName],
          ['register.reg.created', formatDate(reg.created, lang)],
          ['register.reg.decided', formatDate(reg.decided, lang)],
          ['register.reg.auto', reg.autoApproved && t('register.state.approved')],
          ['register.reg.reason', reg.reason && <span class="pre-line">{reg.reason}</span>],
        ]}
      />
      {org && (
        <>
          <h2 class="section-title">{t('register.reg.requested')}</h2>
          <Facts
            rows={[
              ['register.org.legalName', org.legalName],
              ['register.org.registrationNo', org.registrationNo],
              ['register.org.address', <span class="pre-line">{org.address}</span>],
              ['register.org.country', `${countryName(org.country, lang)} (${org.country})`],
              ['register.org.website', org.website],
            ]}
          />
        </>
      )}
    </>
  );
}
