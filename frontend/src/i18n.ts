// Minimal i18n: two dictionaries with identical keys, a current language,
// and helpers to detect, persist and apply it.

const fr = {
  'app.name': 'Guichet',
  'app.tagline': 'Portail client',
  'skip.toMain': 'Aller au contenu principal',
  'lang.label': 'Langue',
  'lang.fr': 'Français',
  'lang.en': 'English',
  'nav.label': 'Navigation principale',
  'nav.home': 'Accueil',
  'nav.help': 'Aide',
  'footer.help': 'Aide et contact',
  'footer.copyright': '© Guichet',
  'health.checking': 'Vérification du service…',
  'health.ok': 'Service opérationnel',
  'health.down': 'Service indisponible',
  'signin.title': 'Connexion',
  'signin.intro': 'Connectez-vous à votre espace client.',
  'signin.email': 'Adresse e-mail',
  'signin.password': 'Mot de passe',
  'signin.submit': 'Se connecter',
  'signin.forgot': 'Mot de passe oublié ?',
  'signin.register': 'Créer un compte',
  'signin.noAccount': 'Pas encore de compte ?',
  'signin.unavailable': 'La connexion n’est pas encore disponible.',
  'signin.fixErrors': 'Veuillez corriger les champs signalés.',
  'error.required': 'Ce champ est obligatoire.',
  'error.email': 'Saisissez une adresse e-mail valide, par exemple nom@entreprise.fr.',
  'help.title': 'Aide',
  'help.body': 'Pour toute question sur votre compte, contactez votre interlocuteur habituel ou notre support.',
  'forgot.title': 'Mot de passe oublié',
  'register.title': 'Créer un compte',
  'placeholder.body': 'Cette page sera bientôt disponible.',
  'placeholder.back': 'Retour à la connexion',
  'notFound.title': 'Page introuvable',
  'notFound.body': 'La page demandée n’existe pas.',
} as const;

export type Key = keyof typeof fr;
export type Dictionary = Record<Key, string>;

const en: Dictionary = {
  'app.name': 'Guichet',
  'app.tagline': 'Customer portal',
  'skip.toMain': 'Skip to main content',
  'lang.label': 'Language',
  'lang.fr': 'Français',
  'lang.en': 'English',
  'nav.label': 'Main navigation',
  'nav.home': 'Home',
  'nav.help': 'Help',
  'footer.help': 'Help and contact',
  'footer.copyright': '© Guichet',
  'health.checking': 'Checking service…',
  'health.ok': 'Service operational',
  'health.down': 'Service unavailable',
  'signin.title': 'Sign in',
  'signin.intro': 'Sign in to your customer account.',
  'signin.email': 'Email address',
  'signin.password': 'Password',
  'signin.submit': 'Sign in',
  'signin.forgot': 'Forgot password?',
  'signin.register': 'Create an account',
  'signin.noAccount': 'No account yet?',
  'signin.unavailable': 'Sign-in is not available yet.',
  'signin.fixErrors': 'Please correct the highlighted fields.',
  'error.required': 'This field is required.',
  'error.email': 'Enter a valid email address, for example name@company.com.',
  'help.title': 'Help',
  'help.body': 'For any question about your account, contact your usual representative or our support team.',
  'forgot.title': 'Forgot password',
  'register.title': 'Create an account',
  'placeholder.body': 'This page will be available soon.',
  'placeholder.back': 'Back to sign in',
  'notFound.title': 'Page not found',
  'notFound.body': 'The requested page does not exist.',
};

export const dictionaries: Record<Lang, Dictionary> = { fr, en };

export const LANGS = ['fr', 'en'] as const;
export type Lang = (typeof LANGS)[number];
export const DEFAULT_LANG: Lang = 'fr';
export const STORAGE_KEY = 'guichet.lang';

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

export function translate(lang: Lang, key: Key): string {
  return dictionaries[lang][key];
}

let current: Lang = DEFAULT_LANG;

export function getLanguage(): Lang {
  return current;
}

/** Translates with the current language. */
export function t(key: Key): string {
  return translate(current, key);
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

/** Switches language, persists it and updates <html lang>. */
export function setLanguage(lang: Lang): void {
  current = lang;
  persistLanguage(lang, browserStorage());
  applyToDocument(lang);
}

function applyToDocument(lang: Lang): void {
  if (typeof document !== 'undefined') document.documentElement.lang = lang;
}

/** "Page — Guichet" */
export function documentTitle(lang: Lang, pageKey: Key): string {
  return `${translate(lang, pageKey)} — ${translate(lang, 'app.name')}`;
}
