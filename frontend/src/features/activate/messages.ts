const fr = {
  'activate.title': 'Activer votre compte',
  'activate.intro': 'Choisissez le mot de passe de votre compte. Vous vous connecterez ensuite avec votre adresse e-mail.',
  'activate.password': 'Nouveau mot de passe',
  'activate.passwordRules': 'Le mot de passe ne respecte pas encore les règles ci-dessous.',
  'activate.firstName': 'Prénom',
  'activate.lastName': 'Nom',
  'activate.nameHint': 'Laissez vide pour garder le nom indiqué dans la demande.',
  'activate.submit': 'Activer mon compte',
  'activate.done': 'Votre mot de passe est enregistré. Connectez-vous pour continuer.',
  'activate.noToken': 'Ce lien d’activation est incomplet. Ouvrez le lien reçu par e-mail tel quel.',
  'activate.toSignIn': 'Aller à la connexion',
  'activate.checking': 'Vérification du lien…',
  'activate.linkExpired': 'Ce lien d’activation a expiré.',
  'activate.linkExpiredNext': 'Demandez-en un nouveau à votre administrateur ou au support : il vous parviendra par e-mail.',
  'activate.linkInvalid': 'Ce lien d’activation a déjà servi ou a été remplacé par un plus récent.',
  'activate.linkInvalidNext': 'Si vous avez déjà choisi votre mot de passe, connectez-vous. Sinon, ouvrez le dernier lien reçu ou demandez-en un nouveau à votre administrateur.',
  'activate.expired': 'Lien expiré ou déjà utilisé ? Demandez-en un nouveau à votre administrateur ou au support ; si votre mot de passe est déjà choisi, connectez-vous.',
};

const en: typeof fr = {
  'activate.title': 'Activate your account',
  'activate.intro': 'Choose the password of your account. You will then sign in with your email address.',
  'activate.password': 'New password',
  'activate.passwordRules': 'The password does not follow the rules below yet.',
  'activate.firstName': 'First name',
  'activate.lastName': 'Last name',
  'activate.nameHint': 'Leave empty to keep the name given in the request.',
  'activate.submit': 'Activate my account',
  'activate.done': 'Your password is saved. Sign in to continue.',
  'activate.noToken': 'This activation link is incomplete. Open the link from the email as it is.',
  'activate.toSignIn': 'Go to sign-in',
  'activate.checking': 'Checking the link…',
  'activate.linkExpired': 'This activation link has expired.',
  'activate.linkExpiredNext': 'Ask your administrator or the support for a new one: it will reach you by email.',
  'activate.linkInvalid': 'This activation link has already been used or was replaced by a newer one.',
  'activate.linkInvalidNext': 'If you have already chosen your password, sign in. Otherwise, open the latest link you received or ask your administrator for a new one.',
  'activate.expired': 'Link expired or already used? Ask your administrator or the support for a new one; if you have already chosen your password, sign in.',
};

export default { fr, en };

declare module '../../i18n' {
  interface Catalog {
    activate: typeof fr;
  }
}
