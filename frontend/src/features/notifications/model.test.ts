import { afterEach, describe, expect, it } from 'vitest';
import { setLanguage } from '../../i18n';
import { badge, kindLabel, notificationText } from './model';

describe('a notification’s text', () => {
  afterEach(() => setLanguage('fr'));

  it('interpolates its params, codes put in words, in the current language', () => {
    const n = { kind: 'mfa_changed', params: { Method: 'totp', Enabled: 'true' } };
    expect(notificationText(n)).toBe('Double authentification : application d’authentification ajoutée');
    setLanguage('en');
    expect(notificationText(n)).toBe('Two-step verification: authenticator app added');
    expect(notificationText({ kind: 'impersonation', params: { Actor: 'Olivia Op', Staff: 'true', Reason: 'Case 42', Start: '2026-12-08 09:00 UTC' } })).toBe(
      'Olivia Op (the vendor’s staff) logged in as you on 2026-12-08 09:00 UTC: “Case 42”',
    );
  });

  it('gives a kind it does not know a neutral sentence, never its code', () => {
    expect(notificationText({ kind: 'party_started', params: {} })).toBe('Un événement vous concerne');
    expect(kindLabel('budget_threshold')).toBe('Seuils de budget (80 %, 100 %, prévision)');
  });

  it('caps the bell’s number', () => {
    expect(badge(7)).toBe('7');
    expect(badge(120)).toBe('99+');
  });
});
