// A contract's documents and console links, as the documents area answers them.
import type { Key } from '../../i18n';
import './documentsMessages';
import { t } from '../../i18n';

export const CATEGORIES = ['contract', 'amendment', 'technical', 'report'] as const;
export type Category = (typeof CATEGORIES)[number];

export const CATEGORY_KEY: Record<Category, Key> = {
  contract: 'documents.category.contract',
  amendment: 'documents.category.amendment',
  technical: 'documents.category.technical',
  report: 'documents.category.report',
};

export interface ContractDocument {
  id: string;
  contractId: string;
  title: string;
  category: Category;
  date: string;
  filename: string;
  contentType: string;
  size: number;
  created: string;
}

export interface Console {
  id: string;
  name: string;
  url: string;
  description: { fr: string; en: string };
  version: number;
}

export interface DownloadLink {
  url: string;
  expires: string;
}

/** A presigned request the browser makes itself (the upload of a file). */
export interface Presigned {
  url: string;
  method: string;
  headers: Record<string, string>;
  expires: string;
}

/** The largest file a document may be (portal.MaxDocumentBytes). */
export const MAX_BYTES = 20 * 1024 * 1024;

/** The media types a document may have, by extension (portal.DocumentTypes): a
 * browser that gives a file no type, or an odd one, gets the one its extension
 * names; the server judges the bytes anyway. */
export const TYPES: Record<string, string> = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  odt: 'application/vnd.oasis.opendocument.text',
  ods: 'application/vnd.oasis.opendocument.spreadsheet',
  odp: 'application/vnd.oasis.opendocument.presentation',
};

/** The type a file is declared with: its browser type when it is one of TYPES,
 * else its extension's, else '' (refused before sending). */
export function declaredType(name: string, browserType: string): string {
  if (Object.values(TYPES).includes(browserType)) return browserType;
  const ext = name.includes('.') ? name.slice(name.lastIndexOf('.') + 1).toLowerCase() : '';
  return TYPES[ext] ?? '';
}

/** A file's size as a person reads it: "820 o", "34 Ko", "1,2 Mo". */
export function formatSize(bytes: number, lang: string): string {
  const num = (n: number, digits: number) => new Intl.NumberFormat(lang === 'en' ? 'en-GB' : 'fr-FR', { maximumFractionDigits: digits }).format(n);
  if (bytes < 1024) return t('documents.bytes', { n: num(bytes, 0) });
  if (bytes < 1024 * 1024) return t('documents.kb', { n: num(bytes / 1024, 0) });
  return t('documents.mb', { n: num(bytes / (1024 * 1024), 1) });
}
