// The catalogue's shapes as the API sends them (docs/api.md, "Service catalogue"),
// and the small rules its pages share: money in minor units, terms, categories.
import { getLanguage, t, type Key } from '../../i18n';
import './catalogueMessages';

export interface Text {
  fr: string;
  en: string;
}

export type FieldType = 'text' | 'email' | 'phone' | 'number' | 'choice' | 'choices' | 'date' | 'longtext' | 'checkbox';
export const FIELD_TYPES: readonly FieldType[] = ['text', 'email', 'phone', 'number', 'choice', 'choices', 'date', 'longtext', 'checkbox'];

export interface Option {
  value: string;
  label: Text;
}

export interface Field {
  id: string;
  type: FieldType;
  label: Text;
  help: Text;
  required: boolean;
  min?: number;
  max?: number;
  maxLength?: number;
  options?: Option[];
}

export type Term = 'monthly_monthly' | 'annual_monthly' | 'annual_annual';
export const TERMS: readonly Term[] = ['monthly_monthly', 'annual_monthly', 'annual_annual'];

export interface Price {
  term: Term;
  amount: number;
}

export interface Plan {
  id: string;
  name: Text;
  summary: Text;
  unit: Text;
  currency: string;
  prices: Price[];
  priceVersion: number;
  minQuantity: number;
  maxQuantity: number;
  cancelDays: number;
  params?: Field[];
}

export type Kind = 'direct' | 'marketplace';

export interface Logo {
  key: string;
  contentType: string;
  size: number;
}

/** A service as operators keep it. */
export interface Service {
  id: string;
  kind: Kind;
  name: Text;
  summary: Text;
  category: string;
  learnMore: Text;
  learnMoreHtml: Text;
  logo?: Logo;
  offers?: string[];
  contracts?: { orgId: string; contractId: string }[];
  form?: Field[];
  plans?: Plan[];
  retired?: boolean;
  updated: string;
  version: number;
}

/** A service as a contract's catalogue shows it. */
export interface ServiceView {
  id: string;
  kind: Kind;
  name: Text;
  summary: Text;
  category: string;
  categoryName: Text;
  learnMoreHtml: Text;
  logo?: Logo;
  form?: Field[];
  plans?: Plan[];
  orderable: boolean;
}

export interface Card {
  id: string;
  kind: Kind;
  name: Text;
  summary: Text;
  category: string;
  logo?: Logo;
  from?: { amount: number; currency: string; unit: Text };
  retired?: boolean;
  updated: string;
  orderable?: boolean;
}

export interface CategoryCount {
  id: string;
  name: Text;
  count: number;
}

export interface CataloguePage {
  items: Card[];
  total: number;
  page: number;
  pages: number;
  categories: CategoryCount[];
  orderable?: boolean;
}

/** The categories a service may be in (portal.Categories). */
export const CATEGORIES: readonly { id: string; name: Text }[] = [
  { id: 'backup', name: { fr: 'Sauvegarde', en: 'Backup' } },
  { id: 'storage', name: { fr: 'Stockage', en: 'Storage' } },
  { id: 'collaboration', name: { fr: 'Collaboration', en: 'Collaboration' } },
  { id: 'security', name: { fr: 'Sécurité', en: 'Security' } },
  { id: 'network', name: { fr: 'Réseau', en: 'Network' } },
  { id: 'compute', name: { fr: 'Calcul', en: 'Compute' } },
  { id: 'services', name: { fr: 'Services professionnels', en: 'Professional services' } },
];

export const CURRENCIES = ['EUR', 'USD', 'GBP', 'CHF'] as const;

/** The text in the reader's language, French when English is missing. */
export function local(text: Text | undefined): string {
  if (!text) return '';
  return getLanguage() === 'en' && text.en ? text.en : text.fr;
}

export function categoryName(id: string): string {
  return local(CATEGORIES.find((c) => c.id === id)?.name) || id;
}

export const TERM_KEY: Record<Term, Key> = {
  monthly_monthly: 'catalogue.term.monthly_monthly',
  annual_monthly: 'catalogue.term.annual_monthly',
  annual_annual: 'catalogue.term.annual_annual',
};

export const PER_KEY: Record<Term, Key> = {
  monthly_monthly: 'catalogue.per.monthly_monthly',
  annual_monthly: 'catalogue.per.annual_monthly',
  annual_annual: 'catalogue.per.annual_annual',
};

export const TYPE_KEY: Record<FieldType, Key> = {
  text: 'catalogue.type.text',
  email: 'catalogue.type.email',
  phone: 'catalogue.type.phone',
  number: 'catalogue.type.number',
  choice: 'catalogue.type.choice',
  choices: 'catalogue.type.choices',
  date: 'catalogue.type.date',
  longtext: 'catalogue.type.longtext',
  checkbox: 'catalogue.type.checkbox',
};

export function kindLabel(k: Kind): string {
  return t(k === 'direct' ? 'catalogue.kind.direct' : 'catalogue.kind.marketplace');
}

/** Where a logo is served. */
export function logoSrc(logo: Logo | undefined): string | undefined {
  return logo ? `/api/v1/catalogue/logos/${encodeURIComponent(logo.key)}` : undefined;
}

/** Options as the editor writes them, one a line: value | French | English. */
export function optionsText(options: readonly Option[] | undefined): string {
  return (options ?? []).map((o) => `${o.value} | ${o.label.fr} | ${o.label.en}`).join('\n');
}

export function parseOptions(text: string): Option[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '')
    .map((l) => {
      const [value = '', fr = '', en = ''] = l.split('|').map((p) => p.trim());
      return { value, label: { fr, en: en || fr } };
    });
}
