const fr = {
  'account.title': 'Mon compte',
};

const en: typeof fr = {
  'account.title': 'My account',
};

export default { fr, en };

declare module '../../i18n' {
  interface Catalog {
    account: typeof fr;
  }
}
