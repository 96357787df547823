// The sign-up in progress, from the address to the account. The steps are separate
// pages, so it lives here, mirrored in sessionStorage: a reloaded page resumes at its
// step, and nothing of it outlives the tab. The password is never kept.
import { ApiError } from '../../api';
import type { Lang } from '../../i18n';
import { href } from '../../router';

/** An organisation the person may join: its name only. */
export interface Candidate {
  id: string;
  name: string;
}

/** What the person may link their account to (POST /signup/verify). */
export interface Candidates {
  domain: string;
  organisations: Candidate[];
  canCreate: boolean;
}

/** The organisation a person asks for when none of theirs is listed. */
export type NewOrganisation = {
  legalName: string;
  registrationNo: string;
  address: string;
  country: string;
  website: string;
};

/** The person, as step 4 asks (the password aside). */
export type Details = {
  civility: string;
  firstName: string;
  lastName: string;
  jobTitle: string;
  phone: string;
  lang: string;
};

/** The choice of organisation that asks for a new one. */
export const NEW_ORG = 'new';

/** The choice of the "additional access" that asks to be a partner: the company
 * described is the partner's, and operators decide. */
export const PARTNER = 'partner';

export interface Flow {
  /** The canonical address the server answered with. */
  email: string;
  /** The language of the mail. */
  lang: Lang;
  /** When the last code was sent (ms since the epoch), for how long it works and
   * how long before another may be asked for (seconds). */
  sentAt: number;
  expiresIn: number;
  resendAfter: number;
  /** The one-use token that POST /signup/verify gave for the address. */
  token?: string;
  candidates?: Candidates;
  /** The organisation chosen: an id, NEW_ORG, PARTNER, or '' while undecided. */
  choice: string;
  organisation: NewOrganisation;
  details?: Details;
  /** The server's errors about the organisation, from the last step, keyed by the
   * organisation step's field names: that step shows them. */
  orgErrors: Record<string, string>;
}

/** POST /signup's answer. */
export interface CodeSent {
  email: string;
  expiresInSeconds: number;
  resendAfterSeconds: number;
}

/** POST /signup/verify's answer. */
export interface Verified extends Candidates {
  signupToken: string;
  email: string;
}

const STORAGE_KEY = 'guichet.signup';
export const emptyOrganisation: NewOrganisation = { legalName: '', registrationNo: '', address: '', country: 'FR', website: '' };

let current: Flow | null | undefined;

function storage(): Storage | null {
  try {
    return globalThis.sessionStorage ?? null;
  } catch {
    return null;
  }
}

/** The sign-up in progress, or null. */
export function getFlow(): Flow | null {
  if (current === undefined) {
    try {
      const raw = storage()?.getItem(STORAGE_KEY);
      current = raw ? (JSON.parse(raw) as Flow) : null;
    } catch {
      current = null;
    }
  }
  return current;
}

function save(flow: Flow | null): void {
  current = flow;
  try {
    if (flow) storage()?.setItem(STORAGE_KEY, JSON.stringify(flow));
    else storage()?.removeItem(STORAGE_KEY);
  } catch {
    // Private browsing may refuse storage: the flow still works until a reload.
  }
}

/** Changes the flow in progress (there must be one). */
export function updateFlow(patch: Partial<Flow>): void {
  const flow = getFlow();
  if (flow) save({ ...flow, ...patch });
}

/** Forgets the sign-up (done, or started again). */
export function clearFlow(): void {
  save(null);
}

/** The flow after a code was sent to email at time now. A code for another address
 * starts a new sign-up; one for the same address keeps what was typed after it. */
export function afterCodeSent(previous: Flow | null, lang: Lang, sent: CodeSent, now: number): Flow {
  const base: Flow =
    previous && previous.email === sent.email
      ? previous
      : { email: sent.email, lang, sentAt: 0, expiresIn: 0, resendAfter: 0, choice: '', organisation: emptyOrganisation, orgErrors: {} };
  return { ...base, lang, sentAt: now, expiresIn: sent.expiresInSeconds, resendAfter: sent.resendAfterSeconds, token: undefined, candidates: undefined };
}

export function codeSent(lang: Lang, sent: CodeSent, now: number): void {
  save(afterCodeSent(getFlow(), lang, sent, now));
}

/** The flow after the code was accepted: the token and the organisations to choose
 * from, with the choice made for the person when there is none to make. */
export function afterVerified(flow: Flow, v: Verified): Flow {
  const candidates = { domain: v.domain, organisations: v.organisations ?? [], canCreate: v.canCreate };
  return { ...flow, token: v.signupToken, candidates, choice: defaultChoice(candidates), orgErrors: {} };
}

export function verified(v: Verified): void {
  const flow = getFlow();
  if (flow) save(afterVerified(flow, v));
}

/** Seconds before another code may be asked for (0: now). */
export function secondsLeft(flow: Pick<Flow, 'sentAt' | 'resendAfter'>, now: number): number {
  return Math.max(0, Math.ceil((flow.sentAt + flow.resendAfter * 1000 - now) / 1000));
}

/** Whether the person has to pick among several possibilities. */
export function needsChoice(c: Candidates): boolean {
  return c.organisations.length > 1 || (c.organisations.length === 1 && c.canCreate);
}

/** The choice made for the person: a new organisation when nobody verified the
 * domain, the only organisation when it is the only possibility, else none. */
export function defaultChoice(c: Candidates): string {
  if (c.organisations.length === 0) return NEW_ORG;
  return needsChoice(c) ? '' : c.organisations[0].id;
}

/** The steps, in order: 0 address, 1 code, 2 organisation, 3 details. */
export type Step = 0 | 1 | 2 | 3;

/** Where a person at step belongs when the flow lacks what the step needs (a reload
 * after the tab's storage was cleared, a link followed out of order), or null. */
export function misplaced(flow: Flow | null, step: Step): string | null {
  if (step >= 1 && !flow) return href('/register');
  if (step >= 2 && !(flow?.token && flow.candidates)) return href('/register/code');
  if (step >= 3 && !flow?.choice) return href('/register/organisation');
  return null;
}

/** The body of POST /signup/complete. */
export function completeBody(flow: Flow, details: Details, password: string): Record<string, unknown> {
  const body: Record<string, unknown> = { signupToken: flow.token, ...details, password };
  if (flow.choice === NEW_ORG || flow.choice === PARTNER) body.newOrganisation = flow.organisation;
  else body.organisationId = flow.choice;
  if (flow.choice === PARTNER) body.partner = true;
  return body;
}

const ORG_FIELD = /^newOrganisation\.(legalName|registrationNo|address|country|website)$/;

/** The errors of a failed completion that belong to the organisation step, keyed
 * by its fields ('choice' for the choice itself), or null when there are none. */
export function organisationErrors(err: unknown): Record<string, string> | null {
  if (!(err instanceof ApiError)) return null;
  const out: Record<string, string> = {};
  for (const f of err.fields) {
    const m = ORG_FIELD.exec(f.field);
    const name = m ? m[1] : f.field === 'newOrganisation' || f.field === 'organisationId' ? 'choice' : null;
    if (name) out[name] ??= f.message;
  }
  return Object.keys(out).length > 0 ? out : null;
}
