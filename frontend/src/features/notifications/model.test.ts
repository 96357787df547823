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

  it('says which budget alert it is, the month by name and amounts as money', () => {
    const params = { alert: '100', contract: 'Messagerie', reference: 'DEMO-3', month: '2026-12', monthFr: 'décembre 2026',
      monthEn: 'December 2026', percent: '109', consumed: '1318.40', budget: '1200.00', forecast: '5108.80', currency: 'USD' };
    const n = { kind: 'budget_threshold', params };
    expect(notificationText(n).replace(/\s/g, ' ')).toBe('Messagerie (DEMO-3) : budget de décembre 2026 dépassé, 1 318,40 $US consommés sur 1 200,00 $US');
    setLanguage('en');
    expect(notificationText(n)).toBe('Messagerie (DEMO-3): December 2026 budget exceeded, US$1,318.40 consumed of US$1,200.00');
    expect(notificationText({ kind: 'budget_threshold', params: { ...params, alert: 'forecast' } })).toBe(
      'Messagerie (DEMO-3): at the current rate, December 2026 would end at US$5,108.80 against a budget of US$1,200.00',
    );
  });

  it('caps the bell’s number', () => {
    expect(badge(7)).toBe('7');
    expect(badge(120)).toBe('99+');
  });
});
