import { describe, expect, it } from 'vitest';
import { ApiError, type ListPage } from '../../api';
import { setLanguage } from '../../i18n';
import {
  allPages,
  batches,
  checkLogin,
  conflictingLines,
  fillPage,
  formatDay,
  grantChanged,
  heldSections,
  grantsBody,
  importTemplate,
  removals,
  IMPORT_COLUMNS,
  isEmptyGrant,
  labelOf,
  ACTION_KEY,
  lineChanged,
  matrixChanges,
  readUserFilters,
  SECTIONS,
  parseTarget,
  personLabel,
  targetText,
  type TargetNames,
  targetNames,
  targetUser,
  userListParams,
  type MatrixLine,
  type Section,
  type Level,
} from './model';

/** A fake list: pages of the given sizes, each page's next cursor its index. */
function pages(sizes: number[]) {
  const asked: string[] = [];
  const fetch = async (cursor: string): Promise<ListPage<number>> => {
    asked.push(cursor);
    const i = cursor === '' ? 0 : Number(cursor);
    const start = sizes.slice(0, i).reduce((a, b) => a + b, 0);
    const items = Array.from({ length: sizes[i] }, (_, k) => start + k);
    return { items, next: i + 1 < sizes.length ? String(i + 1) : undefined };
  };
  return { fetch, asked };
}

describe('fillPage', () => {
  it('keeps asking while a filtered page is short, and continues after the last page asked', async () => {
    const list = pages([0, 3, 0, 2, 5]);
    const page = await fillPage(list.fetch, '', 5);
    expect(page.items).toEqual([0, 1, 2, 3, 4]);
    expect(page.next).toBe('4');
    expect(list.asked).toEqual(['', '1', '2', '3']);
  });

  it('stops at the end of the list and after a few requests', async () => {
    expect(await fillPage(pages([1, 1]).fetch, '', 25)).toEqual({ items: [0, 1], next: undefined });
    const empty = pages(Array(20).fill(0));
    const page = await fillPage(empty.fetch, '', 25);
    expect(page.items).toEqual([]);
    expect(empty.asked).toHaveLength(5);
    expect(page.next).toBe('5');
  });

  it('starts from the cursor it is given', async () => {
    const list = pages([2, 2, 2]);
    expect((await fillPage(list.fetch, '1', 2)).items).toEqual([2, 3]);
  });
});

describe('allPages', () => {
  it('reads every page', async () => {
    expect(await allPages(pages([2, 0, 1]).fetch)).toEqual([0, 1, 2]);
  });
});

describe('the users list filters', () => {
  it('reads the address, dropping unknown values', () => {
    expect(readUserFilters(new URLSearchParams('q=%20dur%20&status=locked&role=admin&sort=created'))).toEqual({
      q: 'dur',
      status: 'locked',
      role: 'admin',
      sort: 'created',
    });
    expect(readUserFilters(new URLSearchParams('status=gone&role=operator&sort=random'))).toEqual({ q: '', status: '', role: '', sort: 'name' });
  });

  it('asks the API with its sort and order', () => {
    const params = (sort: string) => userListParams(readUserFilters(new URLSearchParams({ sort })));
    expect(params('name')).toMatchObject({ sort: 'name', order: 'asc' });
    expect(params('name-desc')).toMatchObject({ sort: 'name', order: 'desc' });
    expect(params('created')).toMatchObject({ sort: 'created', order: 'desc' });
    expect(params('created-asc')).toMatchObject({ sort: 'created', order: 'asc' });
  });
});

describe('checkLogin', () => {
  it('follows the API: 8 to 64 letters, digits, ".", "_" or "-"', () => {
    expect(checkLogin('')).toBe('ui.field.required');
    expect(checkLogin('lea.durand')).toBeUndefined();
    expect(checkLogin('  Lea_Du-1  ')).toBeUndefined();
    expect(checkLogin('short')).toBe('admin.field.loginFormat');
    expect(checkLogin('léa.durand')).toBe('admin.field.loginFormat');
    expect(checkLogin('a'.repeat(65))).toBe('admin.field.loginFormat');
  });
});

describe('the wizard rights', () => {
  it('sends only the contracts that give something, without None sections', () => {
    expect(isEmptyGrant(undefined)).toBe(true);
    expect(isEmptyGrant({ sections: { invoices: 'none' }, supported: false })).toBe(true);
    expect(isEmptyGrant({ sections: {}, supported: true })).toBe(false);
    expect(
      grantsBody({
        c1: { sections: { invoices: 'manager', orders: 'none', documents: 'visitor' }, supported: false },
        c2: { sections: { invoices: 'none' }, supported: false },
        c3: { sections: {}, supported: true },
      }),
    ).toEqual([
      { contractId: 'c1', sections: { documents: 'visitor', invoices: 'manager' }, supported: false },
      { contractId: 'c3', sections: {}, supported: true },
    ]);
  });
});

function line(id: string, levels: Partial<Record<Section, Level>> = {}, more: Partial<MatrixLine> = {}): MatrixLine {
  const sections = Object.fromEntries(SECTIONS.map((s) => [s, levels[s] ?? 'none'])) as Record<Section, Level>;
  return {
    user: { id, email: `${id}@x.example`, login: `${id}.login`, firstName: id, lastName: 'X', role: 'user', status: 'ready' },
    sections,
    effective: sections,
    supported: false,
    referent: false,
    version: 3,
    ...more,
  };
}

describe('the rights matrix', () => {
  it('sends the changed lines only, whole, with their versions', () => {
    const a = line('a', { invoices: 'visitor' });
    const b = line('b');
    const c = line('c', {}, { supported: true, version: 7 });
    const edits = {
      a: { sections: { ...a.sections, invoices: 'manager' as Level }, supported: false },
      b: { sections: { ...b.sections }, supported: false },
      c: { sections: { ...c.sections }, supported: false },
    };
    expect(lineChanged(a, edits.a)).toBe(true);
    expect(lineChanged(b, edits.b)).toBe(false);
    expect(lineChanged(b, undefined)).toBe(false);
    const changes = matrixChanges([a, b, c], edits);
    expect(changes.map((x) => [x.userId, x.version, x.supported])).toEqual([
      ['a', 3, false],
      ['c', 7, false],
    ]);
    expect(changes[0].sections).toEqual({ ...a.sections, invoices: 'manager' });
  });

  it('saves in batches the API accepts', () => {
    expect(batches([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
    expect(batches([], 30)).toEqual([]);
  });

  it('reads which lines a version conflict names', () => {
    const err = new ApiError(409, 'version_conflict', 'changed', [
      { field: 'changes[2]', code: 'version_conflict', message: '' },
      { field: 'changes[0]', code: 'version_conflict', message: '' },
      { field: 'other', code: 'x', message: '' },
    ]);
    expect(conflictingLines(err)).toEqual([2, 0]);
    expect(conflictingLines(new ApiError(400, 'invalid_fields', 'x', [{ field: 'changes[1]', code: 'format', message: '' }]))).toEqual([]);
    expect(conflictingLines(new Error('x'))).toEqual([]);
  });
});

describe('the levels held', () => {
  it('raise an administrator to Manager and a referent to Visitor everywhere, as the server does', () => {
    expect(Object.values(heldSections(undefined, true))).toEqual(SECTIONS.map(() => 'manager'));
    const referent = heldSections({ referent: true, sections: { orders: 'manager' } }, false);
    expect(referent.orders).toBe('manager');
    expect(referent.invoices).toBe('visitor');
    expect(heldSections({ sections: { orders: 'visitor' } }, false)).toMatchObject({ orders: 'visitor', invoices: 'none' });
  });
});

describe('manage access', () => {
  const before = { sections: { orders: 'manager' as const, invoices: 'visitor' as const }, supported: true, referent: true };

  it('names every right an edit takes away, the support flag included', () => {
    expect(removals(before, { sections: { orders: 'visitor', invoices: 'visitor', users: 'manager' }, supported: false })).toEqual([
      { section: 'orders', from: 'manager', to: 'visitor' },
      { section: 'supported' },
    ]);
    expect(removals(before, { sections: { orders: 'manager', invoices: 'manager' }, supported: true })).toEqual([]);
    expect(removals(undefined, { sections: { orders: 'manager' }, supported: true })).toEqual([]);
  });

  it('tells an edit that changes nothing from one that does', () => {
    expect(grantChanged(before, { sections: { orders: 'manager', invoices: 'visitor', users: 'none' }, supported: true })).toBe(false);
    expect(grantChanged(before, { sections: { orders: 'manager', invoices: 'visitor' }, supported: false })).toBe(true);
    expect(grantChanged(undefined, { sections: { users: 'none' }, supported: false })).toBe(false);
  });
});

describe('the audit log', () => {
  it('reads the targets', () => {
    expect(targetUser('user:U1')).toBe('U1');
    expect(targetUser('contract:C1/user:U2')).toBe('U2');
    expect(targetUser('contract:C1')).toBe('');
    expect(targetUser(undefined)).toBe('');
    expect(targetUser('grant:U3:crm')).toBe('U3');
    expect(parseTarget('contract:C1/user:U2')).toEqual({ kind: 'rights', contract: 'C1', user: 'U2' });
    expect(parseTarget('contract:C1')).toEqual({ kind: 'contract', contract: 'C1' });
    expect(parseTarget('access_request:REQ-000042')).toEqual({ kind: 'request', number: 'REQ-000042' });
    expect(parseTarget('grant:U3:prepress-cloud')).toEqual({ kind: 'grant', user: 'U3', app: 'prepress-cloud' });
    expect(parseTarget('org:acme')).toEqual({ kind: 'org' });
    expect(parseTarget('=HYPERLINK("x")')).toEqual({ kind: 'none' });
  });

  it('says who and on what in words, never as ids or codes', () => {
    setLanguage('fr');
    const people = { U1: { firstName: 'Léa', lastName: 'Durand', email: 'lea@x.example', role: 'user' }, OP: { firstName: 'Olivia', lastName: 'Opérateur', email: 'o@g.example', role: 'operator' } };
    expect(personLabel('OP', people)).toBe('Olivia Opérateur (équipe Guichet)');
    expect(personLabel('system', people)).toBe('Guichet (automatique)');
    expect(personLabel('GONE', people)).toBe('Personne supprimée');
    const names: TargetNames = {
      person: (id) => personLabel(id, people),
      contract: (id) => ({ C1: 'Maintenance' })[id] ?? '',
      app: (id) => ({ crm: 'CRM' })[id] ?? '',
    };
    expect(targetText(parseTarget('contract:C1/user:U1'), names)).toBe('Droits de Léa Durand sur Maintenance');
    expect(targetText(parseTarget('grant:U1:crm'), names)).toBe('CRM de Léa Durand');
    expect(targetText(parseTarget('access_request:REQ-000042'), names)).toBe('Demande REQ-000042');
    expect(targetText(parseTarget('contract:OLD'), names)).toBe('Contrat retiré');
    expect(targetText(parseTarget('contract:OLD/user:U1'), names)).toBe('Droits de Léa Durand sur un contrat retiré');
    setLanguage('en');
    expect(targetText(parseTarget('org:acme'), names)).toBe('The organisation');
    setLanguage('fr');
  });

  it('names targets from what the entries kept of them', () => {
    const names = targetNames([
      { id: '1', time: '', action: 'user.create', target: 'user:U1', after: { email: 'lea@x.example', firstName: 'Léa', lastName: 'Durand', rights: {} } },
      { id: '2', time: '', action: 'user.delete', target: 'user:U2', before: { email: 'max@x.example', firstName: 'Max' } },
      { id: '3', time: '', action: 'rights.update', target: 'contract:C/user:U3', before: { sections: {} } },
    ]);
    expect(names).toEqual({
      U1: { firstName: 'Léa', lastName: 'Durand', email: 'lea@x.example', role: '' },
      U2: { firstName: 'Max', lastName: '', email: 'max@x.example', role: '' },
    });
  });

  it('names known actions and shows unknown ones as they are', () => {
    setLanguage('en');
    expect(labelOf(ACTION_KEY, 'rights.update')).toBe('Rights changed');
    expect(labelOf(ACTION_KEY, 'mfa.enable')).toBe('mfa.enable');
    setLanguage('fr');
  });
});

describe('the import template', () => {
  it('has every column, a byte-order mark and an example on the contract given', () => {
    const csv = importTemplate('DEMO-2026-001');
    expect(csv.startsWith('\ufeff')).toBe(true);
    const [header, example, rest] = csv.slice(1).split('\r\n');
    expect(header.split(';')).toEqual([...IMPORT_COLUMNS]);
    const cells = example.split(';');
    expect(cells).toHaveLength(IMPORT_COLUMNS.length);
    expect(cells[IMPORT_COLUMNS.indexOf('contract')]).toBe('DEMO-2026-001');
    expect(cells[IMPORT_COLUMNS.indexOf('invoices')]).toBe('manager');
    expect(rest).toBe('');
  });

  it('gives no rights without a contract', () => {
    const cells = importTemplate('').slice(1).split('\r\n')[1].split(';');
    expect(cells[IMPORT_COLUMNS.indexOf('contract')]).toBe('');
    expect(SECTIONS.map((s) => cells[IMPORT_COLUMNS.indexOf(s)])).toEqual(SECTIONS.map(() => ''));
  });
});

describe('formatDay', () => {
  it('shows the calendar day wherever the browser is', () => {
    expect(formatDay('2026-01-01', 'en')).toBe('Jan 1, 2026');
    expect(formatDay('', 'fr')).toBe('');
    expect(formatDay('not a date', 'fr')).toBe('not a date');
  });
});
