// A registration as administrators and operators see it (docs/api.md, Registration).
import { getLanguage } from '../../i18n';
import type { NewOrganisation } from './flow';

export type RegistrationKind = 'join' | 'organisation' | 'partner';
export type RegistrationState = 'pending' | 'approved' | 'refused';

export interface Registration {
  /** The person's user id. */
  id: string;
  kind: RegistrationKind;
  state: RegistrationState;
  orgId: string;
  orgName: string;
  domain: string;
  email: string;
  civility?: string;
  firstName: string;
  lastName: string;
  jobTitle?: string;
  phone?: string;
  lang: string;
  /** The organisation asked for (kinds "organisation" and "partner"). */
  organisation?: Omit<NewOrganisation, 'website'> & { website?: string };
  reason?: string;
  autoApproved?: boolean;
  created: string;
  decided?: string;
  decidedBy?: string;
}

/** "Zoé Durand", or the address when no name is known. */
export function personName(r: Pick<Registration, 'firstName' | 'lastName' | 'email'>): string {
  return `${r.firstName ?? ''} ${r.lastName ?? ''}`.trim() || r.email;
}

/** A date and time of the API (RFC 3339) in the page's language. */
export function formatDate(iso: string | undefined, lang: string = getLanguage()): string {
  if (!iso) return '';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short' }).format(d);
}
