// Messages of the back office's pages of customer organisations (their list, one's
// contracts, its users to log in as), loaded with those pages rather than in the first load:
// importing this file adds them (OrgNav does). The page titles stay in messages.ts.
import { addMessages } from '../../i18n';

const fr = {
  'backoffice.org.nav': 'Organisation {name}',
  'backoffice.org.lead': 'Identifiant de l’organisation : {orgId}',
  'backoffice.orgPicker.search': 'Rechercher par nom',
  'backoffice.orgPicker.choose': 'Organisations trouvées ({count})',
  'backoffice.orgPicker.none': 'Choisir une organisation',
  'backoffice.orgPicker.option': '{name} ({domains})',
  'backoffice.orgPicker.noDomain': 'aucun domaine vérifié',
  'backoffice.org.noContracts': 'Cette organisation n’a pas encore de contrat.',
  'backoffice.org.new': 'Nouveau contrat',
  'backoffice.org.name': 'Nom',
  'backoffice.org.reference': 'Référence',
  'backoffice.org.referenceHint': 'Unique dans l’organisation.',
  'backoffice.org.offer': 'Offre',
  'backoffice.org.start': 'Date de début',
  'backoffice.org.end': 'Date de fin',
  'backoffice.org.endBeforeStart': 'La date de fin doit suivre la date de début.',
  'backoffice.org.referent': 'Référent',
  'backoffice.org.referentHint': 'Un utilisateur actif de l’organisation ; il reçoit au moins le niveau Visiteur sur chaque rubrique du contrat.',
  'backoffice.org.create': 'Créer le contrat',
  'backoffice.org.created': 'Contrat « {name} » créé.',
  'backoffice.org.actAs': 'Se connecter en tant que {name}',
  'backoffice.orgs.lead': 'Retrouvez une organisation par le début de son nom, puis ouvrez ses contrats ou ses utilisateurs.',
  'backoffice.orgs.search': 'Nom de l’organisation',
  'backoffice.orgs.name': 'Organisation',
  'backoffice.orgs.domains': 'Domaines vérifiés',
  'backoffice.orgs.created': 'Créée le',
  'backoffice.orgs.pages': 'Pages',
  'backoffice.orgs.contracts': 'Contrats',
  'backoffice.orgs.contractsOf': 'Contrats de {name}',
  'backoffice.orgs.users': 'Utilisateurs',
  'backoffice.orgs.usersOf': 'Utilisateurs de {name}',
  'backoffice.orgs.none': 'Aucune organisation cliente pour l’instant.',
  'backoffice.orgs.noMatch': 'Aucune organisation dont le nom commence par « {q} ».',
  'backoffice.orgs.shown': 'Organisations affichées : {count}',
  'backoffice.orgs.more': 'Afficher plus',
};

const en: typeof fr = {
  'backoffice.org.nav': 'Organisation {name}',
  'backoffice.org.lead': 'Organisation id: {orgId}',
  'backoffice.orgPicker.search': 'Search by name',
  'backoffice.orgPicker.choose': 'Organisations found ({count})',
  'backoffice.orgPicker.none': 'Choose an organisation',
  'backoffice.orgPicker.option': '{name} ({domains})',
  'backoffice.orgPicker.noDomain': 'no verified domain',
  'backoffice.org.noContracts': 'This organisation has no contract yet.',
  'backoffice.org.new': 'New contract',
  'backoffice.org.name': 'Name',
  'backoffice.org.reference': 'Reference',
  'backoffice.org.referenceHint': 'Unique within the organisation.',
  'backoffice.org.offer': 'Offer',
  'backoffice.org.start': 'Start date',
  'backoffice.org.end': 'End date',
  'backoffice.org.endBeforeStart': 'The end date must follow the start date.',
  'backoffice.org.referent': 'Referent',
  'backoffice.org.referentHint': 'An active user of the organisation; they get at least Visitor on every section of the contract.',
  'backoffice.org.create': 'Create the contract',
  'backoffice.org.created': 'Contract “{name}” created.',
  'backoffice.org.actAs': 'Log in as {name}',
  'backoffice.orgs.lead': 'Find an organisation by the start of its name, then open its contracts or its users.',
  'backoffice.orgs.search': 'Organisation name',
  'backoffice.orgs.name': 'Organisation',
  'backoffice.orgs.domains': 'Verified domains',
  'backoffice.orgs.created': 'Created',
  'backoffice.orgs.pages': 'Pages',
  'backoffice.orgs.contracts': 'Contracts',
  'backoffice.orgs.contractsOf': 'Contracts of {name}',
  'backoffice.orgs.users': 'Users',
  'backoffice.orgs.usersOf': 'Users of {name}',
  'backoffice.orgs.none': 'No customer organisation yet.',
  'backoffice.orgs.noMatch': 'No organisation’s name starts with “{q}”.',
  'backoffice.orgs.shown': 'Organisations shown: {count}',
  'backoffice.orgs.more': 'Show more',
};

addMessages({ fr, en });

export default { fr, en };

declare module '../../i18n' {
  interface Catalog {
    backofficeOrganisation: typeof fr;
  }
}
