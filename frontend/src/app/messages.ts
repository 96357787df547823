// Messages of the portal shell: header, navigation, footer, generic pages.
const fr = {
  'app.name': 'Guichet',
  'app.tagline': 'Portail client',
  'app.skipToMain': 'Aller au contenu principal',
  'app.lang.label': 'Langue',
  'app.lang.fr': 'Français',
  'app.lang.en': 'English',
  'app.nav.label': 'Navigation principale',
  'app.nav.home': 'Accueil',
  'app.menu.account': 'Mon compte',
  'app.menu.signOut': 'Se déconnecter',
  'app.impersonation': 'Vous agissez en tant que {name}.',
  'app.signedOut': 'Vous êtes déconnecté.',
  'app.sessionExpired': 'Votre session a expiré. Connectez-vous à nouveau pour continuer.',
  'app.footer.help': 'Aide et contact',
  'app.footer.copyright': '© Guichet',
  'app.health.checking': 'Vérification du service…',
  'app.health.ok': 'Service opérationnel',
  'app.health.down': 'Service indisponible',
  'app.api.network': 'Le service est injoignable. Vérifiez votre connexion et réessayez.',
  'app.api.unexpected': 'Une erreur inattendue s’est produite ; réessayez plus tard.',
  'app.loadFailed.title': 'Chargement impossible',
  'app.loadFailed.body': 'La page n’a pas pu être chargée. Vérifiez votre connexion puis rechargez la page.',
  'app.comingSoon': 'Cette page sera bientôt disponible.',
  'app.backHome': 'Retour à l’accueil',
  'app.notFound.title': 'Page introuvable',
  'app.notFound.body': 'La page demandée n’existe pas.',
  'app.forbidden.title': 'Accès refusé',
  'app.forbidden.body': 'Votre compte ne donne pas accès à cette page.',
};

const en: typeof fr = {
  'app.name': 'Guichet',
  'app.tagline': 'Customer portal',
  'app.skipToMain': 'Skip to main content',
  'app.lang.label': 'Language',
  'app.lang.fr': 'Français',
  'app.lang.en': 'English',
  'app.nav.label': 'Main navigation',
  'app.nav.home': 'Home',
  'app.menu.account': 'My account',
  'app.menu.signOut': 'Sign out',
  'app.impersonation': 'You are acting as {name}.',
  'app.signedOut': 'You are signed out.',
  'app.sessionExpired': 'Your session has expired. Sign in again to continue.',
  'app.footer.help': 'Help and contact',
  'app.footer.copyright': '© Guichet',
  'app.health.checking': 'Checking service…',
  'app.health.ok': 'Service operational',
  'app.health.down': 'Service unavailable',
  'app.api.network': 'The service cannot be reached. Check your connection and try again.',
  'app.api.unexpected': 'An unexpected error occurred; please try again later.',
  'app.loadFailed.title': 'Could not load the page',
  'app.loadFailed.body': 'The page could not be loaded. Check your connection, then reload the page.',
  'app.comingSoon': 'This page will be available soon.',
  'app.backHome': 'Back to the home page',
  'app.notFound.title': 'Page not found',
  'app.notFound.body': 'The requested page does not exist.',
  'app.forbidden.title': 'Access denied',
  'app.forbidden.body': 'Your account does not give access to this page.',
};

export default { fr, en };

declare module '../i18n' {
  interface Catalog {
    app: typeof fr;
  }
}
