// Page titles (the router names the document before a page loads); the pages'
// other messages load with them: accountMessages.ts.
const fr = {
  'account.title': 'Mon compte',
  'account.password.title': 'Mot de passe',
  'account.email.title': 'Adresse de connexion',
  'account.security.title': 'Sécurité',
  'account.sessions.title': 'Sessions et connexions',
  'account.company.title': 'Mon entreprise',
  'account.close.title': 'Fermer mon compte',
};

const en: typeof fr = {
  'account.title': 'My account',
  'account.password.title': 'Password',
  'account.email.title': 'Sign-in email',
  'account.security.title': 'Security',
  'account.sessions.title': 'Sessions and sign-ins',
  'account.company.title': 'My company',
  'account.close.title': 'Close my account',
};

export default { fr, en };

declare module '../../i18n' {
  interface Catalog {
    account: typeof fr;
  }
}
