const fr = {
  'backoffice.title': 'Back-office',
};

const en: typeof fr = {
  'backoffice.title': 'Back office',
};

export default { fr, en };

declare module '../../i18n' {
  interface Catalog {
    backoffice: typeof fr;
  }
}
