const fr = {
  'help.title': 'Aide',
  'help.body': 'Pour toute question sur votre compte, contactez votre interlocuteur habituel ou notre support.',
};

const en: typeof fr = {
  'help.title': 'Help',
  'help.body': 'For any question about your account, contact your usual representative or our support team.',
};

export default { fr, en };

declare module '../../i18n' {
  interface Catalog {
    help: typeof fr;
  }
}
