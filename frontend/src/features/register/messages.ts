const fr = {
  'register.title': 'Créer un compte',
};

const en: typeof fr = {
  'register.title': 'Create an account',
};

export default { fr, en };

declare module '../../i18n' {
  interface Catalog {
    register: typeof fr;
  }
}
