// The contracts home's data: a dashboard card, its budget gauge, and how amounts in
// minor units are shown. Amounts stay integers of minor units; only the text a
// person reads is decimal.
import type { Key } from '../../i18n';
import type { Money } from '../../money';
import { href } from '../../router';
import type { Weather } from '../weather';


export type BudgetAlert = '80' | '100' | 'forecast';

export interface Budget {
  month: string;
  budget: Money;
  consumed: Money;
  forecast: Money;
  percent: number;
  reached: BudgetAlert[];
}

export type MenuKey = 'sheet' | 'requests' | 'catalogue' | 'users' | 'subscriptions' | 'invoices' | 'documents' | 'help';

export interface Card {
  id: string;
  name: string;
  reference: string;
  offer: string;
  start: string;
  end: string;
  currency: string;
  referent: { id: string; name: string };
  weather: Weather | null;
  budget: Budget | null;
  menu: MenuKey[];
  canSetBudget: boolean;
}

/** The gauge's tone: fine under 80 %, warning from 80 %, over at 100 %. */
export function gaugeTone(b: Budget): 'ok' | 'warn' | 'over' {
  if (b.reached.includes('100')) return 'over';
  if (b.reached.includes('80')) return 'warn';
  return 'ok';
}

/** Where each menu entry leads. The entries whose pages come with later versions
 * (requests, subscriptions, invoices) open the part of the contract sheet that
 * says so; the catalogue is the contract's catalogue page. */
export function menuHref(key: MenuKey, id: string): string {
  switch (key) {
    case 'users':
      return href('/admin/contracts/:id/rights', { id });
    case 'help':
      return href('/help');
    case 'sheet':
      return href('/contracts/:id', { id });
    case 'catalogue':
      return href('/contracts/:id/catalogue', { id });
    default:
      return href('/contracts/:id', { id }, { part: key });
  }
}

export const MENU_LABELS: Record<MenuKey, Key> = {
  sheet: 'home.menu.sheet',
  requests: 'home.menu.requests',
  catalogue: 'home.menu.catalogue',
  users: 'home.menu.users',
  subscriptions: 'home.menu.subscriptions',
  invoices: 'home.menu.invoices',
  documents: 'home.menu.documents',
  help: 'home.menu.help',
};

/** A contract with nothing to follow yet: no service declared, no budget, nothing
 * consumed this month. */
export function quiet(c: Card): boolean {
  return c.weather === null && (c.budget === null || (c.budget.budget.minor === 0 && c.budget.consumed.minor === 0));
}
