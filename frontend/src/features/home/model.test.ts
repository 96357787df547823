import { describe, expect, it } from 'vitest';
import { decimal, formatMoney } from '../../money';
import { gaugeTone, menuHref, quiet, type Budget, type Card } from './model';

const money = (minor: number, currency = 'EUR') => ({ minor, currency });
const budget = (b: number, consumed: number, reached: Budget['reached'] = []): Budget => ({
  month: '2026-11',
  budget: money(b),
  consumed: money(consumed),
  forecast: money(consumed),
  percent: b ? Math.floor((consumed * 100) / b) : 0,
  reached,
});
const card = (over: Partial<Card>): Card => ({
  id: 'C1',
  name: 'N',
  reference: 'R',
  offer: '',
  start: '2026-01-01',
  end: '',
  currency: 'EUR',
  referent: { id: 'U', name: 'Zoé' },
  weather: null,
  budget: budget(0, 0),
  menu: ['sheet', 'help'],
  canSetBudget: false,
  ...over,
});

describe('amounts in minor units', () => {
  it('writes the decimal text without a float on the way', () => {
    expect(decimal(125050)).toBe('1250.50');
    expect(decimal(5)).toBe('0.05');
    expect(decimal(-1205)).toBe('-12.05');
    expect(decimal(9007199254740)).toBe('90071992547.40');
  });

  it('formats for the reader', () => {
    expect(formatMoney(money(125050), 'fr').replace(/\s/g, ' ')).toBe('1 250,50 €');
    expect(formatMoney(money(125050, 'USD'), 'en')).toBe('US$1,250.50');
  });
});

describe('the card', () => {
  it('tones the gauge by the alerts reached', () => {
    expect(gaugeTone(budget(100, 10))).toBe('ok');
    expect(gaugeTone(budget(100, 85, ['80']))).toBe('warn');
    expect(gaugeTone(budget(100, 120, ['80', '100', 'forecast']))).toBe('over');
  });

  it('says when a contract has nothing to follow', () => {
    expect(quiet(card({}))).toBe(true);
    expect(quiet(card({ budget: budget(0, 300) }))).toBe(false);
    expect(quiet(card({ budget: budget(1000, 0) }))).toBe(false);
    expect(quiet(card({ weather: { contractId: 'C1', state: 'operational' } }))).toBe(false);
  });

  it('leads each menu entry somewhere', () => {
    expect(menuHref('sheet', 'C1')).toBe('#/contracts/C1');
    expect(menuHref('documents', 'C1')).toBe('#/contracts/C1?part=documents');
    expect(menuHref('users', 'C1')).toBe('#/admin/contracts/C1/rights');
    expect(menuHref('help', 'C1')).toBe('#/help');
    expect(menuHref('catalogue', 'C1')).toBe('#/contracts/C1/catalogue');
  });
});
