// Page titles (the router names the document before a page loads); the pages'
// other messages load with them: linkMessages.ts.
const fr = {
  'recovery.title': 'Mot de passe oublié',
  'recovery.reset.title': 'Nouveau mot de passe',
  'recovery.unlock.title': 'Débloquer mon compte',
  'recovery.undo.title': 'Annuler le changement d’adresse',
};

const en: typeof fr = {
  'recovery.title': 'Forgot password',
  'recovery.reset.title': 'New password',
  'recovery.unlock.title': 'Unlock my account',
  'recovery.undo.title': 'Undo the address change',
};

export default { fr, en };

declare module '../../i18n' {
  interface Catalog {
    recovery: typeof fr;
  }
}
