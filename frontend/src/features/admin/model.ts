// Company administration as the API gives it (docs/api.md, "Company
// administration"), the labels of its codes, and the pages' pure logic: filling a
// filtered list page, the wizard's rights, the matrix's changes and conflicts, the
// import template.
import { api, ApiError, type FieldError, type ListPage } from '../../api';
import { t, type Key } from '../../i18n';
import type { User } from '../../session';
import './companyMessages';
import './delegationMessages';

export type Section = 'contracts' | 'documents' | 'invoices' | 'orders' | 'services' | 'support' | 'users' | 'dashboard';
export const SECTIONS: readonly Section[] = ['contracts', 'documents', 'invoices', 'orders', 'services', 'support', 'users', 'dashboard'];

export type Level = 'none' | 'visitor' | 'manager';
export const LEVELS: readonly Level[] = ['none', 'visitor', 'manager'];

export type UserStatus = 'ready' | 'not_activated' | 'locked' | 'disabled' | 'pending_approval';
export const STATUSES: readonly UserStatus[] = ['ready', 'not_activated', 'locked', 'disabled', 'pending_approval'];

export type OrgRole = 'admin' | 'user';
export const ROLES: readonly OrgRole[] = ['user', 'admin'];

export interface PostalAddress {
  line1?: string;
  line2?: string;
  postalCode?: string;
  city?: string;
  country?: string;
}

/** A user as administrators (and operators) see them: the person as the session
 * gives them, with their organisation's role and status, and what administrators
 * edit. */
export interface OrgUser extends Omit<User, 'role' | 'status'> {
  role: OrgRole;
  status: UserStatus;
  /** Where the user's notices go when it is not the sign-in address. */
  notificationEmail?: string;
  address?: PostalAddress;
  lockedUntil?: string;
  version: number;
}

/** One contract's rights of a user; a missing section is None. */
export interface ContractRights {
  sections?: Partial<Record<Section, Level>>;
  supported?: boolean;
  referent?: boolean;
}

/** GET /org/users/{id}, and what adding a user answers. */
export interface UserDetail {
  user: OrgUser;
  rights: Record<string, ContractRights>;
  rightsVersion: number;
}

export interface Contract {
  id: string;
  orgId: string;
  name: string;
  reference: string;
  offer?: string;
  start: string;
  end?: string;
  referentId: string;
  /** ISO code; absent on contracts made before currencies (EUR). */
  currency?: string;
  created: string;
  version: number;
}

/** A user's line of a contract's rights matrix: the levels granted one by one
 * (what a change sends) and the levels held in effect (an administrator: Manager
 * everywhere; the referent: at least Visitor). */
export interface MatrixLine {
  user: Pick<OrgUser, 'id' | 'email' | 'login' | 'firstName' | 'lastName' | 'role' | 'status'>;
  sections: Record<Section, Level>;
  effective: Record<Section, Level>;
  supported: boolean;
  referent: boolean;
  version: number;
}

export interface Matrix extends ListPage<MatrixLine> {
  contract: Contract;
  sections: Section[];
}

export interface SignInAttempt {
  id: string;
  time: string;
  ip: string;
  userAgent: string;
  result: string;
  method: string;
}

export interface AuditEntry {
  id: string;
  time: string;
  action: string;
  userId?: string;
  actorId?: string;
  target?: string;
  before?: unknown;
  after?: unknown;
  ip?: string;
}

export interface AuditPerson {
  firstName: string;
  lastName: string;
  email: string;
  role: string;
}

export interface AuditPage extends ListPage<AuditEntry> {
  people: Record<string, AuditPerson>;
}

export interface ImportRow {
  line: number;
  email: string;
  login?: string;
  result: 'create' | 'attach' | 'error';
  errors?: FieldError[];
}

/** What the check of an import file (a dry run) answers. */
export interface ImportReport {
  dryRun: boolean;
  total: number;
  failed: number;
  rows: ImportRow[];
}

/** The figures of a finished import job. */
export interface ImportSummary {
  created: number;
  attached: number;
  skipped: number;
  failed: number;
}

/** What the wizard's step 1 check answers: the normalised address and login, or the
 * existing account the person will be attached to (keeping its login). */
export interface Validation {
  email: string;
  login?: string;
  attach?: { userId: string; login: string; firstName: string; lastName: string; status: UserStatus };
}

export const STATUS_KEY: Record<UserStatus, Key> = {
  ready: 'admin.status.ready',
  not_activated: 'admin.status.not_activated',
  locked: 'admin.status.locked',
  disabled: 'admin.status.disabled',
  pending_approval: 'admin.status.pending_approval',
};

export const ROLE_KEY: Record<string, Key> = {
  admin: 'admin.role.admin',
  user: 'admin.role.user',
  operator: 'admin.role.operator',
};

export const SECTION_KEY: Record<Section, Key> = {
  contracts: 'admin.section.contracts',
  documents: 'admin.section.documents',
  invoices: 'admin.section.invoices',
  orders: 'admin.section.orders',
  services: 'admin.section.services',
  support: 'admin.section.support',
  users: 'admin.section.users',
  dashboard: 'admin.section.dashboard',
};

export const LEVEL_KEY: Record<Level, Key> = {
  none: 'admin.level.none',
  visitor: 'admin.level.visitor',
  manager: 'admin.level.manager',
};

/** The actions of a customer's audit log, in the order its filter offers them: the
 * server's portal.OrgAuditActions (a test compares them). */
export const ORG_AUDIT_ACTIONS = [
  'user.create',
  'user.attach',
  'user.import',
  'user.import_done',
  'user.update',
  'user.role',
  'user.disable',
  'user.enable',
  'user.unlock',
  'user.activation_resend',
  'user.password_reset',
  'user.email',
  'user.notification_email',
  'user.delete',
  'rights.update',
  'contract.create',
  'contract.referent',
  'contract.budget',
  'contract.consumption',
  'org.mfa_policy',
  'organisation.join_settings',
  'domain.verification',
  'registration.approved',
  'registration.refused',
  'access.request',
  'access.request_extension',
  'access.cancel',
  'access.approve',
  'access.extend',
  'access.refuse',
  'access.expire',
  'access.remove',
  'access.grant',
  'access.lift',
  'account.closure_request',
  'account.closure_withdraw',
  'account.closure_grant',
  'account.closure_decline',
  'newuser.claimed',
  'newuser.superseded',
  'newuser.expired',
  'impersonation.start',
  'impersonation.end',
  'document.add',
  'document.delete',
  'console.create',
  'console.update',
  'console.delete',
  'weather.service_create',
  'weather.service_update',
  'weather.service_delete',
  'weather.event_publish',
  'weather.event_update',
  'weather.event_resolve',
] as const;

/** The actions only the vendor's own log holds (portal.VendorAuditActions). */
export const VENDOR_AUDIT_ACTIONS = ['application.create', 'application.update', 'catalogue.create', 'catalogue.update', 'catalogue.retire', 'catalogue.prices', 'catalogue.logo', 'freemail.add', 'freemail.remove', 'domain.share'] as const;

type AuditAction = (typeof ORG_AUDIT_ACTIONS)[number] | (typeof VENDOR_AUDIT_ACTIONS)[number];

/** Every audit action's name, by its code. */
export const ACTION_KEY = Object.fromEntries([...ORG_AUDIT_ACTIONS, ...VENDOR_AUDIT_ACTIONS].map((a) => [a, actionKey(a)])) as Record<string, Key>;

/** The message key of an action (a type error when one has no message). */
function actionKey(a: AuditAction): Key {
  return `admin.action.${a}`;
}

export const SIGNIN_RESULT_KEY: Record<string, Key> = {
  ok: 'admin.signin.ok',
  bad_password: 'admin.signin.bad_password',
  locked: 'admin.signin.locked',
  mfa_failed: 'admin.signin.mfa_failed',
  disabled: 'admin.signin.disabled',
};

export const IMPORT_RESULT_KEY: Record<ImportRow['result'], Key> = {
  create: 'admin.import.result.create',
  attach: 'admin.import.result.attach',
  error: 'admin.import.result.error',
};

/** A label for a code the portal may not know yet (another feature's action): the
 * code itself. */
export function labelOf(keys: Record<string, Key>, code: string): string {
  const k = keys[code];
  return k ? t(k) : code;
}

/** "Léa Durand", or the address when no name is known. */
export function fullName(p: { firstName?: string; lastName?: string; email?: string }): string {
  return `${p.firstName ?? ''} ${p.lastName ?? ''}`.trim() || (p.email ?? '');
}

/** A calendar date of the API ("2026-01-31") in lang, read as that day wherever the
 * browser is. */
export function formatDay(ymd: string | undefined, lang: string): string {
  if (!ymd) return '';
  const d = new Date(ymd + 'T00:00:00Z');
  return Number.isNaN(d.getTime()) ? ymd : new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeZone: 'UTC' }).format(d);
}

const LOGIN_RE = /^[A-Za-z0-9._-]{8,64}$/;

/** The client check of a login: 8 to 64 letters, digits, '.', '_' or '-'. */
export function checkLogin(login: string): Key | undefined {
  const v = login.trim();
  if (v === '') return 'ui.field.required';
  return LOGIN_RE.test(v) ? undefined : 'admin.field.loginFormat';
}

/** The users list's sort choices and what each asks the API. */
export const SORTS = {
  name: { sort: 'name', order: 'asc', label: 'admin.users.sort.name' },
  'name-desc': { sort: 'name', order: 'desc', label: 'admin.users.sort.nameDesc' },
  created: { sort: 'created', order: 'desc', label: 'admin.users.sort.created' },
  'created-asc': { sort: 'created', order: 'asc', label: 'admin.users.sort.createdAsc' },
} as const satisfies Record<string, { sort: string; order: string; label: Key }>;

export type SortChoice = keyof typeof SORTS;

/** The users list's state, read from the page's query (unknown values are dropped). */
export interface UserFilters {
  q: string;
  status: UserStatus | '';
  role: OrgRole | '';
  sort: SortChoice;
}

export function readUserFilters(query: URLSearchParams): UserFilters {
  const status = query.get('status') ?? '';
  const role = query.get('role') ?? '';
  const sort = query.get('sort') ?? '';
  return {
    q: (query.get('q') ?? '').trim(),
    status: (STATUSES as readonly string[]).includes(status) ? (status as UserStatus) : '',
    role: (ROLES as readonly string[]).includes(role) ? (role as OrgRole) : '',
    sort: sort in SORTS ? (sort as SortChoice) : 'name',
  };
}

/** The API parameters of the users list for these filters. */
export function userListParams(f: UserFilters): Record<string, string> {
  const s = SORTS[f.sort];
  return { q: f.q, status: f.status, role: f.role, sort: s.sort, order: s.order };
}

/** How many requests a filtered list may make to fill one page: a filtered page of
 * the API may be short, or even empty, while more follow. */
const MAX_FILL_ROUNDS = 5;

/**
 * Asks pages from cursor on until they hold at least `want` items or the list
 * ends (at most a few requests), and answers them as one page whose `next`
 * continues after the last one asked.
 */
export async function fillPage<T>(fetchPage: (cursor: string) => Promise<ListPage<T>>, cursor: string, want: number): Promise<ListPage<T>> {
  const items: T[] = [];
  let next: string | undefined = cursor;
  for (let round = 0; round < MAX_FILL_ROUNDS; round++) {
    const page: ListPage<T> = await fetchPage(next ?? '');
    items.push(...page.items);
    next = page.next || undefined;
    if (!next || items.length >= want) break;
  }
  return { items, next };
}

/** Every page of a list (the contracts of an organisation, a few at most). */
export async function allPages<T>(fetchPage: (cursor: string) => Promise<ListPage<T>>): Promise<T[]> {
  const items: T[] = [];
  let cursor = '';
  do {
    const page = await fetchPage(cursor);
    items.push(...page.items);
    cursor = page.next ?? '';
  } while (cursor);
  return items;
}

/** Every contract whose users the session administers (an administrator: all of
 * them), in creation order. */
export function usersContracts(signal?: AbortSignal): Promise<Contract[]> {
  return allPages((cursor) => api.get<ListPage<Contract>>('/org/contracts', { query: { section: 'users', limit: 200, cursor }, signal }));
}

/** Rights being chosen for one contract (the wizard's step 2, a matrix line). */
export interface Grant {
  sections: Partial<Record<Section, Level>>;
  supported: boolean;
}

/** Whether a grant gives nothing: no section above None, not supported. */
export function isEmptyGrant(g: Grant | undefined): boolean {
  return !g || (!g.supported && SECTIONS.every((s) => (g.sections[s] ?? 'none') === 'none'));
}

/** The wizard's `contracts`: the grants that give something, None sections left out. */
export function grantsBody(grants: Record<string, Grant>): { contractId: string; sections: Partial<Record<Section, Level>>; supported: boolean }[] {
  return Object.entries(grants)
    .filter(([, g]) => !isEmptyGrant(g))
    .map(([contractId, g]) => ({
      contractId,
      sections: Object.fromEntries(SECTIONS.filter((s) => (g.sections[s] ?? 'none') !== 'none').map((s) => [s, g.sections[s]])),
      supported: g.supported,
    }));
}

/** A matrix line as edited: the levels and the flag, over the line as read. */
export function editedLine(line: MatrixLine, edit: Grant | undefined): Grant {
  return edit ?? { sections: { ...line.sections }, supported: line.supported };
}

/** Whether an edit changes its line. */
export function lineChanged(line: MatrixLine, edit: Grant | undefined): boolean {
  if (!edit) return false;
  return edit.supported !== line.supported || SECTIONS.some((s) => (edit.sections[s] ?? 'none') !== (line.sections[s] ?? 'none'));
}

/** The body lines of PUT /org/contracts/{id}/rights for the edits that change
 * something, with each line's version as read. */
export function matrixChanges(lines: readonly MatrixLine[], edits: Record<string, Grant>) {
  return lines
    .filter((l) => lineChanged(l, edits[l.user.id]))
    .map((l) => {
      const e = edits[l.user.id];
      return { userId: l.user.id, version: l.version, sections: { ...l.sections, ...e.sections }, supported: e.supported };
    });
}

/** The levels in order, to compare them. */
export const LEVEL_RANK: Record<Level, number> = { none: 0, visitor: 1, manager: 2 };

/** The level a person holds on every section of a contract whatever was granted to
 * them, as the server's policy says: an administrator Manager, the contract's
 * referent Visitor, anyone else None. */
export function floorOf(admin: boolean, referent: boolean): Level {
  return admin ? 'manager' : referent ? 'visitor' : 'none';
}

/** The level of each section a person holds on a contract in effect: what was
 * granted, raised to their floor. */
export function heldSections(r: ContractRights | undefined, admin: boolean): Record<Section, Level> {
  const floor = floorOf(admin, !!r?.referent);
  return Object.fromEntries(
    SECTIONS.map((s) => {
      const granted = r?.sections?.[s] ?? 'none';
      return [s, LEVEL_RANK[granted] < LEVEL_RANK[floor] ? floor : granted];
    }),
  ) as Record<Section, Level>;
}

/** One right an edit takes away: a section's level lowered, or the support flag. */
export type Removal = { section: Section; from: Level; to: Level } | { section: 'supported' };

/** What an edit of a user's rights on one contract takes away from them, to be
 * confirmed before it is saved. */
export function removals(before: ContractRights | undefined, after: Grant): Removal[] {
  const out: Removal[] = SECTIONS.flatMap((s) => {
    const from = before?.sections?.[s] ?? 'none';
    const to = after.sections[s] ?? 'none';
    return LEVEL_RANK[to] < LEVEL_RANK[from] ? [{ section: s, from, to }] : [];
  });
  if (before?.supported && !after.supported) out.push({ section: 'supported' });
  return out;
}

/** Whether an edit changes a user's rights on a contract. */
export function grantChanged(before: ContractRights | undefined, after: Grant): boolean {
  return !!before?.supported !== after.supported || SECTIONS.some((s) => (before?.sections?.[s] ?? 'none') !== (after.sections[s] ?? 'none'));
}

/** Splits a list into batches of at most size items. */
export function batches<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** The indexes of the lines a version_conflict answer names ("changes[2]"). */
export function conflictingLines(err: unknown): number[] {
  if (!(err instanceof ApiError) || err.code !== 'version_conflict') return [];
  return err.fields.flatMap((f) => {
    const m = /^changes\[(\d+)\]$/.exec(f.field);
    return m ? [Number(m[1])] : [];
  });
}

/** What an audit entry applied to, read from its target ("user:ID",
 * "contract:C/user:U", "grant:U:APP", …). */
export type AuditTarget =
  | { kind: 'user'; user: string }
  | { kind: 'contract'; contract: string }
  | { kind: 'rights'; contract: string; user: string }
  | { kind: 'org' }
  | { kind: 'domain'; domain: string }
  | { kind: 'request'; number: string }
  | { kind: 'grant'; user: string; app: string }
  | { kind: 'application'; app: string }
  | { kind: 'none' };

export function parseTarget(target: string | undefined): AuditTarget {
  const t = target ?? '';
  let m = /^contract:([^/]+)\/user:(.+)$/.exec(t);
  if (m) return { kind: 'rights', contract: m[1], user: m[2] };
  m = /^grant:([^:]+):(.+)$/.exec(t);
  if (m) return { kind: 'grant', user: m[1], app: m[2] };
  m = /^(user|contract|org|domain|access_request|application):(.+)$/.exec(t);
  switch (m?.[1]) {
    case 'user':
      return { kind: 'user', user: m[2] };
    case 'contract':
      return { kind: 'contract', contract: m[2] };
    case 'org':
      return { kind: 'org' };
    case 'domain':
      return { kind: 'domain', domain: m[2] };
    case 'access_request':
      return { kind: 'request', number: m[2] };
    case 'application':
      return { kind: 'application', app: m[2] };
  }
  return { kind: 'none' };
}

/** The user a target names, or ''. */
export function targetUser(target: string | undefined): string {
  const p = parseTarget(target);
  return p.kind === 'user' || p.kind === 'rights' || p.kind === 'grant' ? p.user : '';
}

/** Who did an entry, as the log shows them: a name (an operator's marked as the
 * vendor's), the portal itself, or a person deleted since. */
export function personLabel(id: string | undefined, people: Record<string, AuditPerson>): string {
  if (!id) return '';
  if (id === 'system') return t('admin.audit.system');
  const p = people[id];
  if (!p) return t('admin.audit.unknown');
  return p.role === 'operator' ? t('admin.audit.operator', { name: fullName(p) }) : fullName(p);
}

/** The names a target's text needs: people, contracts and applications by id,
 * '' for a contract or an application the portal no longer knows (shown as
 * removed, never as its id). */
export interface TargetNames {
  person: (id: string) => string;
  contract: (id: string) => string;
  app: (id: string) => string;
}

/** What an entry applied to, in words. */
export function targetText(target: AuditTarget, names: TargetNames): string {
  switch (target.kind) {
    case 'user':
      return names.person(target.user);
    case 'contract': {
      const name = names.contract(target.contract);
      return name ? t('admin.audit.targetContract', { name }) : t('admin.audit.removedContract');
    }
    case 'rights':
      return t('admin.audit.targetRights', { name: names.person(target.user), contract: names.contract(target.contract) || t('admin.audit.someContract') });
    case 'org':
      return t('admin.audit.targetOrg');
    case 'domain':
      return t('admin.audit.targetDomain', { domain: target.domain });
    case 'request':
      return t('admin.audit.targetRequest', { number: target.number });
    case 'grant':
      return t('admin.audit.targetGrant', { app: names.app(target.app) || t('admin.audit.someApp'), name: names.person(target.user) });
    case 'application':
      return t('admin.audit.targetApp', { name: names.app(target.app) || t('admin.audit.someApp') });
    case 'none':
      return '';
  }
}

/** Names the entries' target users from what the entries kept of them (a new
 * user's details, a deleted user's), for those the answer's people do not name. */
export function targetNames(entries: readonly AuditEntry[]): Record<string, AuditPerson> {
  const out: Record<string, AuditPerson> = {};
  for (const e of entries) {
    const id = targetUser(e.target);
    if (!id || out[id]) continue;
    for (const kept of [e.after, e.before]) {
      if (typeof kept !== 'object' || kept === null) continue;
      const k = kept as Partial<AuditPerson>;
      if (k.email || k.firstName || k.lastName) {
        out[id] = { firstName: k.firstName ?? '', lastName: k.lastName ?? '', email: k.email ?? '', role: k.role ?? '' };
        break;
      }
    }
  }
  return out;
}

/** The CSV import's columns, in the template's order (docs/api.md). */
export const IMPORT_COLUMNS = [
  'email',
  'login',
  'civility',
  'firstName',
  'lastName',
  'jobTitle',
  'phone',
  'lang',
  'role',
  'addressLine1',
  'addressLine2',
  'postalCode',
  'city',
  'country',
  'sendActivation',
  'password',
  'contract',
  'supported',
  ...SECTIONS,
] as const;

/** The template to fill in: a byte-order mark (spreadsheets need it for accents),
 * the header row and one example row, on the given contract when there is one. */
export function importTemplate(contractReference: string): string {
  const example: Record<(typeof IMPORT_COLUMNS)[number], string> = {
    email: 'lea.durand@example.com',
    login: 'lea.durand',
    civility: 'ms',
    firstName: 'Léa',
    lastName: 'Durand',
    jobTitle: 'Acheteuse',
    phone: '',
    lang: 'fr',
    role: 'user',
    addressLine1: '',
    addressLine2: '',
    postalCode: '',
    city: '',
    country: 'FR',
    sendActivation: 'yes',
    password: '',
    contract: contractReference,
    supported: 'no',
    contracts: contractReference ? 'visitor' : '',
    documents: contractReference ? 'visitor' : '',
    invoices: contractReference ? 'manager' : '',
    orders: '',
    services: '',
    support: '',
    users: '',
    dashboard: '',
  };
  const row = (cells: readonly string[]) => cells.map(csvCell).join(';');
  return '\ufeff' + row(IMPORT_COLUMNS) + '\r\n' + row(IMPORT_COLUMNS.map((c) => example[c])) + '\r\n';
}

function csvCell(s: string): string {
  return /[;"\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
