const fr = {
  'signin.title': 'Connexion',
  'signin.intro': 'Connectez-vous à votre espace client.',
  'signin.email': 'Adresse e-mail',
  'signin.password': 'Mot de passe',
  'signin.submit': 'Se connecter',
  'signin.forgot': 'Mot de passe oublié ?',
  'signin.register': 'Créer un compte',
  'signin.noAccount': 'Pas encore de compte ?',
  'signin.mfa.title': 'Vérification en deux étapes',
  'signin.mfa.intro': 'Votre compte est protégé par une vérification en deux étapes.',
  'signin.mfa.back': 'Retour à la connexion',
};

const en: typeof fr = {
  'signin.title': 'Sign in',
  'signin.intro': 'Sign in to your customer account.',
  'signin.email': 'Email address',
  'signin.password': 'Password',
  'signin.submit': 'Sign in',
  'signin.forgot': 'Forgot password?',
  'signin.register': 'Create an account',
  'signin.noAccount': 'No account yet?',
  'signin.mfa.title': 'Two-step verification',
  'signin.mfa.intro': 'Your account is protected by two-step verification.',
  'signin.mfa.back': 'Back to sign in',
};

export default { fr, en };

declare module '../../i18n' {
  interface Catalog {
    signin: typeof fr;
  }
}
