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
  'signin.mfa.code': 'Code de l’application',
  'signin.mfa.codeHint': 'Les 6 chiffres affichés par votre application d’authentification.',
  'signin.mfa.recoveryCode': 'Code de secours',
  'signin.mfa.recoveryHint': 'Un de vos codes de secours ; chacun ne sert qu’une fois.',
  'signin.mfa.useRecovery': 'Utiliser un code de secours',
  'signin.mfa.useApp': 'Utiliser l’application d’authentification',
  'signin.mfa.submit': 'Vérifier',
  'signin.passkey.use': 'Utiliser une clé d’accès',
  'signin.passkey.or': 'ou',
  'signin.passkey.cancelled': 'Aucune clé d’accès n’a été utilisée. Réessayez ou choisissez un autre moyen.',
  'signin.passkey.exists': 'Cet appareil contient déjà une de vos clés d’accès.',
  'signin.passkey.unsupported': 'Ce navigateur ne permet pas d’utiliser des clés d’accès.',
  'signin.passkey.serverOff':
    'Les clés d’accès sont désactivées sur ce portail : il est servi à une adresse IP, et elles demandent un nom de domaine.',
  'signin.enrol.title': 'Activez la vérification en deux étapes',
  'signin.enrol.intro': 'Votre entreprise l’exige pour accéder au portail. Choisissez un moyen ci-dessous.',
  'signin.enrol.passkey': 'Ou utilisez une clé d’accès',
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
  'signin.mfa.code': 'Authenticator app code',
  'signin.mfa.codeHint': 'The 6 digits your authenticator app shows.',
  'signin.mfa.recoveryCode': 'Recovery code',
  'signin.mfa.recoveryHint': 'One of your recovery codes; each works once.',
  'signin.mfa.useRecovery': 'Use a recovery code',
  'signin.mfa.useApp': 'Use the authenticator app',
  'signin.mfa.submit': 'Verify',
  'signin.passkey.use': 'Use a passkey',
  'signin.passkey.or': 'or',
  'signin.passkey.cancelled': 'No passkey was used. Try again or choose another way.',
  'signin.passkey.exists': 'This device already holds one of your passkeys.',
  'signin.passkey.unsupported': 'This browser cannot use passkeys.',
  'signin.passkey.serverOff': 'Passkeys are off on this portal: it is served at an IP address, and they need a domain name.',
  'signin.enrol.title': 'Set up two-step verification',
  'signin.enrol.intro': 'Your company requires it to use the portal. Choose a way below.',
  'signin.enrol.passkey': 'Or use a passkey',
};

export default { fr, en };

declare module '../../i18n' {
  interface Catalog {
    signin: typeof fr;
  }
}
