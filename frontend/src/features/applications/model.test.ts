import { afterEach, describe, expect, it } from 'vitest';
import { setLanguage } from '../../i18n';
import { findApp, launchHref, local, parseChoice, refusalReason, splitRequests, tally, toggleChoice, type AccessRequest, type Overview } from './model';

function request(number: string, appId: string, status: AccessRequest['status'], more: Partial<AccessRequest> = {}): AccessRequest {
  return {
    number,
    kind: 'access',
    status,
    appId,
    appName: { fr: `Appli ${appId}`, en: `App ${appId}` },
    approver: 'operators',
    orgId: 'demo',
    orgName: 'Demo',
    userId: 'u1',
    requesterName: 'Léa Dubois',
    requesterEmail: 'lea@demo.example',
    created: '2026-11-23T09:00:00Z',
    deadline: '2026-11-30T09:00:00Z',
    version: 1,
    ...more,
  };
}

const app = (id: string) => ({ id, name: { fr: `Appli ${id}`, en: `App ${id}` }, description: { fr: '', en: '' }, approvalNeeded: true, approver: 'operators' as const });

describe('splitRequests', () => {
  it('puts every request but the cancelled ones under "Requested", keeping the order', () => {
    const rs = [request('REQ-2026-000004', 'c', 'cancelled'), request('REQ-2026-000003', 'b', 'refused'), request('REQ-2026-000002', 'a', 'approved'), request('REQ-2026-000001', 'd', 'pending')];
    const { requested, cancelled } = splitRequests(rs);
    expect(requested.map((r) => r.number)).toEqual(['REQ-2026-000003', 'REQ-2026-000002', 'REQ-2026-000001']);
    expect(cancelled.map((r) => r.number)).toEqual(['REQ-2026-000004']);
  });
});

describe('refusalReason', () => {
  it('gives the approver’s reason, or says an automatic refusal came from the deadline', () => {
    expect(refusalReason(request('REQ-2026-000001', 'a', 'refused', { reason: 'Pas de licence.', decidedBy: 'u9' }))).toEqual({ text: 'Pas de licence.' });
    expect(refusalReason(request('REQ-2026-000001', 'a', 'refused', { decidedBy: 'system' }))).toEqual({ key: 'applications.requests.autoRefused' });
    expect(refusalReason(request('REQ-2026-000001', 'a', 'approved', { reason: 'ok' }))).toBeNull();
  });
});

describe('findApp', () => {
  const o: Overview = {
    current: [{ appId: 'held', appName: { fr: 'Tenue', en: 'Held' }, granted: '2026-11-23T09:00:00Z', request: 'REQ-2026-000001', application: null, extendable: false }],
    available: [app('free'), app('refused')],
    requests: [request('REQ-2026-000003', 'asked', 'pending'), request('REQ-2026-000002', 'gone', 'cancelled'), request('REQ-2026-000001', 'held', 'approved')],
    refused: [],
  };

  it('opens the tab where the application is', () => {
    expect(findApp(o, 'held')?.tab).toBe('current');
    expect(findApp(o, 'asked')?.tab).toBe('requested');
    expect(findApp(o, 'gone')?.tab).toBe('cancelled');
    expect(findApp(o, 'free')?.tab).toBe('available');
  });

  it('opens nothing special for an unknown or missing application', () => {
    expect(findApp(o, 'other')).toBeNull();
    expect(findApp(o, null)).toBeNull();
  });
});

describe('tally', () => {
  it('counts the decided requests and the failures', () => {
    expect(
      tally([
        { number: 'REQ-2026-000001', request: request('REQ-2026-000001', 'a', 'approved') },
        { number: 'REQ-2026-000002', error: { code: 'already_decided', message: 'Déjà décidée.' } },
      ]),
    ).toEqual({ done: 1, failed: 1 });
  });
});

describe('the choice of applications', () => {
  it('adds and removes ids, each once', () => {
    let v = toggleChoice('', 'a', true);
    v = toggleChoice(v, 'b', true);
    v = toggleChoice(v, 'a', true);
    expect(parseChoice(v)).toEqual(['b', 'a']);
    expect(parseChoice(toggleChoice(v, 'b', false))).toEqual(['a']);
    expect(parseChoice('')).toEqual([]);
  });
});

describe('local', () => {
  afterEach(() => setLanguage('fr'));

  it('reads the current language, else the other one', () => {
    setLanguage('en');
    expect(local({ fr: 'Prépresse', en: 'Prepress' })).toBe('Prepress');
    expect(local({ fr: 'Prépresse', en: '' })).toBe('Prépresse');
    setLanguage('fr');
    expect(local({ fr: 'Prépresse', en: 'Prepress' })).toBe('Prépresse');
    expect(local(null)).toBe('');
  });
});

describe('launchHref', () => {
  it('opens http and https addresses as they are', () => {
    expect(launchHref('https://wiki.example/start?lang=fr')).toBe('https://wiki.example/start?lang=fr');
    expect(launchHref('http://intranet.example:8080/')).toBe('http://intranet.example:8080/');
  });
  it('turns no other scheme into a link, whatever the API sent', () => {
    for (const bad of ['javascript:alert(1)', ' JavaScript:alert(1)', 'data:text/html,hi', 'vbscript:x', '//wiki.example', 'wiki.example', 'ftp://files.example']) {
      expect(launchHref(bad)).toBeNull();
    }
  });
  it('gives nothing to open when there is no address', () => {
    expect(launchHref(undefined)).toBeNull();
    expect(launchHref('')).toBeNull();
  });
});
