const fr = {
  'admin.title': 'Administration',
  // Company administration's page titles (its other messages load with its pages: companyMessages.ts).
  'admin.users.title': 'Utilisateurs',
  'admin.wizard.title': 'Ajouter un utilisateur',
  'admin.import.title': 'Importer des utilisateurs',
  'admin.user.title': 'Utilisateur',
  'admin.contracts.title': 'Contrats et droits',
  'admin.rights.titleShort': 'Droits du contrat',
  'admin.access.title': 'Gérer les accès',
  'admin.audit.title': 'Journal d’audit',
  // Join requests (registration).
  'admin.join.title': 'Demandes d’adhésion',
  'admin.join.detailTitle': 'Demande d’adhésion',
  'admin.closures.title': 'Demandes de fermeture de compte',
  'admin.join.lead': 'Les personnes inscrites avec une adresse de votre organisation attendent votre accord.',
  'admin.join.state': 'État',
  'admin.join.caption': 'Demandes d’adhésion',
  'admin.join.name': 'Nom',
  'admin.join.empty': 'Aucune demande dans cet état.',
  'admin.join.back': 'Toutes les demandes',
  'admin.join.auto': 'Acceptation automatique',
  'admin.join.autoOn': 'Activée : les personnes inscrites avec une adresse {domains} rejoignent l’organisation sans attendre.',
  'admin.join.autoOff': 'Désactivée : chaque demande attend l’accord d’un administrateur.',
  'admin.join.noDomain': 'aucun domaine vérifié',
  'admin.join.enable': 'Activer l’acceptation automatique',
  'admin.join.disable': 'Désactiver l’acceptation automatique',
  'admin.join.enableTitle': 'Activer l’acceptation automatique ?',
  'admin.join.disableTitle': 'Désactiver l’acceptation automatique ?',
  'admin.join.enableBody': 'Toute personne qui s’inscrit avec une adresse {domains} accédera aux données de votre organisation sans validation.',
  'admin.join.disableBody': 'Les prochaines demandes attendront l’accord d’un administrateur.',
  'admin.join.enabled': 'Acceptation automatique activée.',
  'admin.join.disabled': 'Acceptation automatique désactivée.',
};

const en: typeof fr = {
  'admin.title': 'Administration',
  'admin.users.title': 'Users',
  'admin.wizard.title': 'Add a user',
  'admin.import.title': 'Import users',
  'admin.user.title': 'User',
  'admin.contracts.title': 'Contracts and rights',
  'admin.rights.titleShort': 'Contract rights',
  'admin.access.title': 'Manage access',
  'admin.audit.title': 'Audit log',
  'admin.join.title': 'Join requests',
  'admin.join.detailTitle': 'Join request',
  'admin.closures.title': 'Account closing requests',
  'admin.join.lead': 'People who signed up with an address of your organisation are waiting for your approval.',
  'admin.join.state': 'State',
  'admin.join.caption': 'Join requests',
  'admin.join.name': 'Name',
  'admin.join.empty': 'No request in this state.',
  'admin.join.back': 'All requests',
  'admin.join.auto': 'Automatic approval',
  'admin.join.autoOn': 'On: people who sign up with an address at {domains} join the organisation at once.',
  'admin.join.autoOff': 'Off: each request waits for an administrator’s approval.',
  'admin.join.noDomain': 'no verified domain',
  'admin.join.enable': 'Turn on automatic approval',
  'admin.join.disable': 'Turn off automatic approval',
  'admin.join.enableTitle': 'Turn on automatic approval?',
  'admin.join.disableTitle': 'Turn off automatic approval?',
  'admin.join.enableBody': 'Anyone who signs up with an address at {domains} will reach your organisation’s data without approval.',
  'admin.join.disableBody': 'Future requests will wait for an administrator’s approval.',
  'admin.join.enabled': 'Automatic approval turned on.',
  'admin.join.disabled': 'Automatic approval turned off.',
};

export default { fr, en };

declare module '../../i18n' {
  interface Catalog {
    admin: typeof fr;
  }
}
