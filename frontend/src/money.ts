// Money as the portal shows it. Amounts travel as integers of minor units with their
// ISO currency; only the text a person reads or types is decimal, and no amount
// goes through a float on the way.
import { getLanguage } from './i18n';

export interface Money {
  minor: number;
  currency: string;
}

/** The decimal text of minor units: 125050 → "1250.50" (no float on the way). */
export function decimal(minor: number): string {
  const sign = minor < 0 ? '-' : '';
  const abs = Math.abs(Math.trunc(minor));
  const cents = String(abs % 100).padStart(2, '0');
  return `${sign}${Math.trunc(abs / 100)}.${cents}`;
}

/** An amount as the reader writes it: "1 250,50 €" in French, "€1,250.50" in
 * English (the current language unless lang is given). Intl formats the decimal text
 * itself, exactly. */
export function formatMoney(m: Money, lang: string = getLanguage()): string {
  const fmt = new Intl.NumberFormat(lang === 'en' ? 'en-GB' : 'fr-FR', { style: 'currency', currency: m.currency || 'EUR' });
  return fmt.format(decimal(m.minor) as unknown as number);
}

/** Reads an amount typed with at most two decimals ("12", "12,5", "1 250.50") into
 * minor units, as the server's portal.ParseAmount does; null when it is not one. */
export function parseAmount(text: string): number | null {
  const s = text.replace(/[\s\u00a0]/g, '').replace(',', '.');
  const m = /^(\d{1,10})(?:\.(\d{1,2}))?$/.exec(s);
  if (!m) return null;
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}
