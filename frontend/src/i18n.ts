// i18n: every folder with a messages.ts (src/app, src/ui, src/features/<name>)
// contributes a French and an English dictionary with identical keys, all prefixed
// by the folder's name. They are found by a glob, so adding a feature never means
// editing a shared list; each messages.ts adds its keys to the Catalog type below
// (module augmentation), so t() only accepts keys that exist.

/**
 * One entry per messages.ts, added by the file itself:
 *   declare module '../../i18n' { interface Catalog { orders: typeof fr } }
 */
export interface Catalog {}

/** A message key of any feature. */
export type Key = { [F in keyof Catalog]: keyof Catalog[F] & string }[keyof Catalog];

export const LANGS = ['fr', 'en'] as const;
export type Lang = (typeof LANGS)[number];
export const DEFAULT_LANG: Lang = 'fr';
export const STORAGE_KEY = 'guichet.lang';

/** What a messages.ts exports by default. */
export interface MessageSource {
  fr: Record<string, string>;
  en: Record<string, string>;
}

/** A dictionary source with the folder it comes from (its name is the key prefix). */
export interface NamedSource extends MessageSource {
  name: string;
}

export interface Merged {
  dictionaries: Record<Lang, Record<string, string>>;
  /** Keys defined by more than one source, with the sources that define them. */
  duplicates: { key: string; sources: string[] }[];
}

/** Merges the sources into one dictionary per language and reports duplicate keys
 * (the first definition wins, so the portal still renders). */
export function mergeSources(sources: readonly NamedSource[]): Merged {
  const dictionaries: Record<Lang, Record<string, string>> = { fr: {}, en: {} };
  const owners = new Map<string, string[]>();
  for (const src of sources) {
    for (const key of new Set([...Object.keys(src.fr), ...Object.keys(src.en)])) {
      const seen = owners.get(key);
      if (seen) {
        seen.push(src.name);
        continue;
      }
      owners.set(key, [src.name]);
      for (const lang of LANGS) if (key in src[lang]) dictionaries[lang][key] = src[lang][key];
    }
  }
  const duplicates = [...owners].filter(([, s]) => s.length > 1).map(([key, s]) => ({ key, sources: s }));
  return { dictionaries, duplicates };
}

/** "./features/orders/messages.ts" → "orders"; "./ui/messages.ts" → "ui". */
export function sourceName(path: string): string {
  const parts = path.split('/');
  return parts[parts.length - 2] ?? path;
}

const modules = import.meta.glob<MessageSource>(['./app/messages.ts', './ui/messages.ts', './features/*/messages.ts'], {
  eager: true,
  import: 'default',
});

/** Every dictionary source of the portal, in a stable order. */
export const sources: readonly NamedSource[] = Object.keys(modules)
  .sort()
  .map((path) => ({ name: sourceName(path), ...modules[path] }));

export const { dictionaries } = mergeSources(sources);

/**
 * Adds the messages of pages outside the first load: a feature's
 * `<part>Messages.ts` calls it when its pages' chunk loads, so the first load does
 * not carry them. Keys already defined keep their text (the feature's test checks
 * there are none).
 */
export function addMessages(src: MessageSource): void {
  for (const lang of LANGS) for (const [key, text] of Object.entries(src[lang])) dictionaries[lang][key] ??= text;
}

type ReadStorage = Pick<Storage, 'getItem'>;
type WriteStorage = Pick<Storage, 'setItem'>;

export function isLang(value: unknown): value is Lang {
  return typeof value === 'string' && (LANGS as readonly string[]).includes(value);
}

/**
 * Language to start with: the stored choice if valid, else English when the
 * browser says English, else French.
 */
export function detectLanguage(storage?: ReadStorage | null, navigatorLanguage?: string | null): Lang {
  try {
    const stored = storage?.getItem(STORAGE_KEY);
    if (isLang(stored)) return stored;
  } catch {
    // Storage may be unavailable (privacy mode); fall through.
  }
  if (navigatorLanguage && navigatorLanguage.toLowerCase().startsWith('en')) return 'en';
  return DEFAULT_LANG;
}

/** Stores the choice; returns false when storage is unavailable. */
export function persistLanguage(lang: Lang, storage?: WriteStorage | null): boolean {
  if (!storage) return false;
  try {
    storage.setItem(STORAGE_KEY, lang);
    return true;
  } catch {
    return false;
  }
}

/** Values for {placeholders} in a message. */
export type Params = Record<string, string | number>;

/** Replaces each {name} in text by params[name]; unknown placeholders stay as they are. */
export function interpolate(text: string, params?: Params): string {
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

export function translate(lang: Lang, key: Key, params?: Params): string {
  return interpolate(dictionaries[lang][key] ?? key, params);
}

/** The base of a message that varies with a count: its keys are `<base>.one`,
 * `<base>.other` and any other category of Intl.PluralRules a language needs. */
export type PluralKey = { [K in Key]: K extends `${infer B}.other` ? B : never }[Key];

const pluralRules: Partial<Record<Lang, Intl.PluralRules>> = {};

/**
 * The message of `base` for `count`, in lang: the form Intl.PluralRules picks
 * (French says "1 ligne" and "0 ligne", English "0 lines"), else `.other`.
 * `{count}` is filled with the count.
 */
export function translatePlural(lang: Lang, base: PluralKey, count: number, params?: Params): string {
  const rules = (pluralRules[lang] ??= new Intl.PluralRules(lang));
  const key = `${base}.${rules.select(count)}`;
  const text = dictionaries[lang][key] ?? dictionaries[lang][`${base}.other`] ?? base;
  return interpolate(text, { count, ...params });
}

let current: Lang = DEFAULT_LANG;
const listeners = new Set<(lang: Lang) => void>();

export function getLanguage(): Lang {
  return current;
}

/** Translates with the current language. */
export function t(key: Key, params?: Params): string {
  return translate(current, key, params);
}

/** Translates a message that varies with a count, in the current language. */
export function tn(base: PluralKey, count: number, params?: Params): string {
  return translatePlural(current, base, count, params);
}

/** Calls fn after each language switch; returns the unsubscribe function. */
export function onLanguageChange(fn: (lang: Lang) => void): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

function browserStorage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

/** Initial language in the browser (storage, then navigator). */
export function initLanguage(): Lang {
  const nav = typeof navigator === 'undefined' ? null : navigator.language;
  current = detectLanguage(browserStorage(), nav);
  applyToDocument(current);
  return current;
}

/** Switches language, persists it, updates <html lang> and tells the listeners. */
export function setLanguage(lang: Lang): void {
  current = lang;
  persistLanguage(lang, browserStorage());
  applyToDocument(lang);
  for (const fn of listeners) fn(lang);
}

function applyToDocument(lang: Lang): void {
  if (typeof document !== 'undefined') document.documentElement.lang = lang;
}

/** "Page — Guichet" */
export function documentTitle(lang: Lang, pageKey: Key): string {
  return `${translate(lang, pageKey)} — ${translate(lang, 'app.name')}`;
}
