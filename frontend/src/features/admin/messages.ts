const fr = {
  'admin.title': 'Administration',
};

const en: typeof fr = {
  'admin.title': 'Administration',
};

export default { fr, en };

declare module '../../i18n' {
  interface Catalog {
    admin: typeof fr;
  }
}
