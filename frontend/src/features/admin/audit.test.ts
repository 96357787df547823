import { describe, expect, it } from 'vitest';
import goCatalogue from '../../../../shared/portal/audit.go?raw';
import { ORG_AUDIT_ACTIONS, VENDOR_AUDIT_ACTIONS } from './model';

/** The quoted strings of one `var Name = []string{…}` of the Go file. */
function goList(name: string): string[] {
  const block = new RegExp(`var ${name} = \\[\\]string\\{([^}]*)\\}`).exec(goCatalogue);
  if (!block) throw new Error(`no ${name} in shared/portal/audit.go`);
  return [...block[1].matchAll(/"([^"]+)"/g)].map((m) => m[1]);
}

describe('the audit actions', () => {
  it('are the server’s, in its order: the filter offers every action a customer’s log holds', () => {
    expect([...ORG_AUDIT_ACTIONS]).toEqual(goList('OrgAuditActions'));
    expect([...VENDOR_AUDIT_ACTIONS]).toEqual(goList('VendorAuditActions'));
  });
});
