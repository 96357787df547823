// Messages of the pages that mailed links open and of "forgot password", loaded
// with them rather than in the first load: importing this file adds them.
import { addMessages } from '../../i18n';

const fr = {
  'recovery.forgot.lead': 'Indiquez l’adresse avec laquelle vous vous connectez : nous y enverrons un lien pour choisir un nouveau mot de passe.',
  'recovery.forgot.submit': 'Recevoir un lien',
  'recovery.forgot.sent': 'Si un compte utilise l’adresse {email}, un lien valable 30 minutes vient d’y être envoyé.',
  'recovery.forgot.spam': 'Rien reçu dans quelques minutes ? Vérifiez vos courriers indésirables, puis réessayez.',
  'recovery.noToken': 'Ce lien est incomplet. Copiez-le en entier depuis l’e-mail reçu.',
  'recovery.expired': 'Lien expiré ou déjà utilisé ?',
  'recovery.newLink': 'Demander un nouveau lien',
  'recovery.reset.lead': 'Toutes vos sessions seront fermées ; connectez-vous ensuite avec ce mot de passe.',
  'recovery.reset.password': 'Nouveau mot de passe',
  'recovery.reset.submit': 'Enregistrer le mot de passe',
  'recovery.reset.done': 'Mot de passe enregistré. Connectez-vous avec lui.',
  'recovery.unlock.lead': 'Votre compte a été verrouillé après plusieurs tentatives. Saisissez votre mot de passe pour le débloquer.',
  'recovery.unlock.submit': 'Débloquer',
  'recovery.unlock.done': 'Compte débloqué. Vous pouvez vous connecter.',
  'recovery.unlock.forgot': 'Mot de passe perdu ?',
  'recovery.undo.lead': 'Vous n’avez pas demandé à changer l’adresse de connexion de votre compte ? Annulez ce changement : votre adresse actuelle sera rétablie et toutes vos sessions seront fermées.',
  'recovery.undo.submit': 'Annuler le changement',
  'recovery.undo.done': 'Le changement est annulé : vous vous connectez de nouveau avec votre adresse habituelle.',
  'recovery.undo.advice': 'Si vous n’êtes pas à l’origine de ce changement, choisissez aussi un nouveau mot de passe.',
};

const en: typeof fr = {
  'recovery.forgot.lead': 'Enter the address you sign in with: we will send it a link to choose a new password.',
  'recovery.forgot.submit': 'Get a link',
  'recovery.forgot.sent': 'If an account uses {email}, a link valid for 30 minutes has just been sent to it.',
  'recovery.forgot.spam': 'Nothing after a few minutes? Check your spam folder, then try again.',
  'recovery.noToken': 'This link is incomplete. Copy all of it from the email you received.',
  'recovery.expired': 'Link expired or already used?',
  'recovery.newLink': 'Ask for a new link',
  'recovery.reset.lead': 'All your sessions will end; then sign in with this password.',
  'recovery.reset.password': 'New password',
  'recovery.reset.submit': 'Save the password',
  'recovery.reset.done': 'Password saved. Sign in with it.',
  'recovery.unlock.lead': 'Your account was locked after several attempts. Enter your password to unlock it.',
  'recovery.unlock.submit': 'Unlock',
  'recovery.unlock.done': 'Account unlocked. You can sign in.',
  'recovery.unlock.forgot': 'Lost your password?',
  'recovery.undo.lead': 'You did not ask to change your account’s sign-in address? Undo the change: your address will be restored and all your sessions will end.',
  'recovery.undo.submit': 'Undo the change',
  'recovery.undo.done': 'The change is undone: you sign in with your usual address again.',
  'recovery.undo.advice': 'If you did not make this change, choose a new password too.',
};

addMessages({ fr, en });

export default { fr, en };

declare module '../../i18n' {
  interface Catalog {
    recoveryPages: typeof fr;
  }
}
