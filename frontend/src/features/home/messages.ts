const fr = {
  'home.title': 'Tableau de bord',
  'home.greeting': 'Bonjour {firstName}',
  'home.intro': 'Bienvenue dans votre espace client.',
};

const en: typeof fr = {
  'home.title': 'Dashboard',
  'home.greeting': 'Hello {firstName}',
  'home.intro': 'Welcome to your customer account.',
};

export default { fr, en };

declare module '../../i18n' {
  interface Catalog {
    home: typeof fr;
  }
}
