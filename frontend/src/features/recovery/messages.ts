const fr = {
  'recovery.title': 'Mot de passe oublié',
};

const en: typeof fr = {
  'recovery.title': 'Forgot password',
};

export default { fr, en };

declare module '../../i18n' {
  interface Catalog {
    recovery: typeof fr;
  }
}
