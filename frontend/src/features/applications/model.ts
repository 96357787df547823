// The shapes of application access as the API gives them (docs/api.md,
// "Application access"), and the small rules the pages apply to them.
import { getLanguage, type Key } from '../../i18n';

/** A text in both languages. */
export interface Text {
  fr: string;
  en: string;
}

export type Approver = 'operators' | 'customer_admins';

/** An application as customers see it. */
export interface Application {
  id: string;
  name: Text;
  description: Text;
  approvalNeeded: boolean;
  approver: Approver;
  /** Absent for access without an end. */
  durationDays?: number;
}

/** An application as the back office keeps it. */
export interface CatalogEntry extends Application {
  instructions: Text;
  /** Where people open the application once granted; absent for none. */
  url?: string;
  archived?: boolean;
  created: string;
  updated: string;
  version: number;
}

export type RequestStatus = 'pending' | 'approved' | 'refused' | 'cancelled';

export interface AccessRequest {
  number: string;
  /** `grant`: access an administrator gave directly, approved from the start. */
  kind: 'access' | 'extension' | 'grant';
  status: RequestStatus;
  appId: string;
  appName: Text;
  approver: Approver;
  orgId: string;
  orgName: string;
  userId: string;
  requesterName: string;
  requesterEmail: string;
  comment?: string;
  created: string;
  deadline: string;
  decided?: string;
  decidedBy?: string;
  reason?: string;
  version: number;
}

/** A current application. */
export interface Holding {
  appId: string;
  appName: Text;
  granted: string;
  expires?: string;
  request: string;
  application: Application | null;
  extendable: boolean;
  /** The application's launch address; absent when operators set none. */
  url?: string;
}

/** GET /me/applications: the four tabs in one answer. */
/** An application the person was refused and may not ask for again until the
 * vendor lifts the refusal. */
export interface Refused {
  appId: string;
  appName: Text;
  reason?: string;
  refused: string;
}

export interface Overview {
  current: Holding[];
  available: Application[];
  requests: AccessRequest[];
  refused: Refused[];
}

/** One request of a bulk decision: the decided request, or why it was not. */
export interface BulkResult {
  number: string;
  request?: AccessRequest;
  error?: { code: string; message: string };
}

/** A text in the current language (the other one when it is empty). */
export function local(text: Text | null | undefined): string {
  if (!text) return '';
  const lang = getLanguage();
  return (lang === 'en' ? text.en || text.fr : text.fr || text.en) ?? '';
}

/** A date, as the person reads dates: "23 nov. 2026". */
export function formatDate(iso: string | undefined): string {
  if (!iso) return '';
  return new Intl.DateTimeFormat(getLanguage(), { dateStyle: 'medium' }).format(new Date(iso));
}

/** A date and time: "23 nov. 2026, 09:00". */
export function formatDateTime(iso: string | undefined): string {
  if (!iso) return '';
  return new Intl.DateTimeFormat(getLanguage(), { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
}

export const STATUS_KEY: Record<RequestStatus, Key> = {
  pending: 'applications.status.pending',
  approved: 'applications.status.approved',
  refused: 'applications.status.refused',
  cancelled: 'applications.status.cancelled',
};

export const APPROVER_KEY: Record<Approver, Key> = {
  operators: 'applications.approver.operators',
  customer_admins: 'applications.approver.customer_admins',
};

/** Who decides, as the back office's operators read it (the customers' words,
 * "the vendor" and "your administrators", would name the wrong people). */
export const OPERATOR_APPROVER_KEY: Record<Approver, Key> = {
  operators: 'applications.catalog.approver.operators',
  customer_admins: 'applications.catalog.approver.customer_admins',
};

/** The address a launch link may open: an http or https URL, never another scheme
 * (javascript:, data:…), whatever the API sent; null when there is none to open. */
export function launchHref(url: string | undefined): string | null {
  if (!url) return null;
  try {
    const u = new URL(url);
    return u.protocol === 'https:' || u.protocol === 'http:' ? u.href : null;
  } catch {
    return null;
  }
}

/** The "Requested" tab holds every request but the cancelled ones, which make the
 * "Cancelled" tab; the API sends them newest first and the order is kept. */
export function splitRequests(requests: readonly AccessRequest[]): { requested: AccessRequest[]; cancelled: AccessRequest[] } {
  return {
    requested: requests.filter((r) => r.status !== 'cancelled'),
    cancelled: requests.filter((r) => r.status === 'cancelled'),
  };
}

/** Why a refused request was refused: the approver's reason, or the deadline
 * passing (automatic refusals carry no reason). */
export function refusalReason(r: AccessRequest): { key: Key } | { text: string } | null {
  if (r.status !== 'refused') return null;
  if (r.reason) return { text: r.reason };
  return r.decidedBy === 'system' ? { key: 'applications.requests.autoRefused' } : null;
}

export type TabKey = 'current' | 'available' | 'requested' | 'cancelled';

/** Where "Manage applications" opens for ?app=<id> (the link after an activation,
 * or a mail): the current application, else its newest request, else the
 * application to request; null when the person has nothing to do with it. */
export function findApp(o: Overview, appId: string | null): { tab: TabKey; name: Text } | null {
  if (!appId) return null;
  const held = o.current.find((h) => h.appId === appId);
  if (held) return { tab: 'current', name: held.appName };
  const req = o.requests.find((r) => r.appId === appId);
  if (req) return { tab: req.status === 'cancelled' ? 'cancelled' : 'requested', name: req.appName };
  const app = o.available.find((a) => a.id === appId);
  return app ? { tab: 'available', name: app.name } : null;
}

/** How many requests of a bulk decision went through, and how many did not. */
export function tally(results: readonly BulkResult[]): { done: number; failed: number } {
  const done = results.filter((r) => r.request).length;
  return { done, failed: results.length - done };
}

/** The applications chosen in a checkbox list, kept in a form as one value. */
export function parseChoice(value: string): string[] {
  return value.split(',').filter(Boolean);
}

export function toggleChoice(value: string, id: string, on: boolean): string {
  const ids = parseChoice(value).filter((x) => x !== id);
  return (on ? [...ids, id] : ids).join(',');
}
