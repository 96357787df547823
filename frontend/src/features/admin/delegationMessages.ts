// Messages of delegated administration (a Users Manager's pages), of the rights
// matrix's effective levels and search, and of "Manage access" on a user's page,
// loaded with the administration's pages (model.ts imports this file).
import { addMessages } from '../../i18n';

const fr = {
  'admin.home.leadDelegate': 'Consultez les utilisateurs de votre organisation et gérez leurs droits sur les contrats dont vous administrez les utilisateurs.',
  'admin.home.usersDelegate': 'Les personnes de votre organisation, et leurs droits sur vos contrats.',
  'admin.home.contractsDelegate': 'Les contrats dont vous administrez les utilisateurs, et les droits de chacun par rubrique.',
  'admin.delegate.usersLead': 'Vous gérez les droits de ces personnes sur les contrats dont vous administrez les utilisateurs. Les autres actions restent aux administrateurs.',
  'admin.rights.helpDelegate':
    'Modifiez les cellules puis enregistrez toutes les modifications ensemble. Seuls les administrateurs accordent ou retirent le support.',
  'admin.rights.readOnly': 'Vous consultez ces droits ; seuls les gestionnaires des utilisateurs de ce contrat les modifient.',
  'admin.rights.search': 'Rechercher une personne',
  'admin.user.allSections': 'Toutes les rubriques : {level}',
  'admin.rights.leadOpen': 'Référence {reference}, depuis le {start}, sans date de fin.',
  'admin.rights.noMatch': 'Personne ne correspond à « {q} ».',
  'admin.rights.clearSearch': 'Afficher tout le monde',
  'admin.access.heading': 'Gérer les accès — {name}',
  'admin.access.open': 'Gérer les accès',
  'admin.access.back': 'Retour à la fiche',
  'admin.access.lead': 'Les droits de cette personne sur chaque contrat, par rubrique. Enregistrez toutes les modifications ensemble.',
  'admin.access.leadDelegate':
    'Les droits de cette personne sur les contrats dont vous administrez les utilisateurs, par rubrique. Enregistrez toutes les modifications ensemble.',
  'admin.access.none': 'Aucun contrat à gérer.',
  'admin.access.noneBody': 'Vous n’administrez les utilisateurs d’aucun contrat.',
  'admin.access.supportedAdminOnly': 'Seuls les administrateurs accordent ou retirent le support.',
  'admin.access.pending.one': 'Modifications non enregistrées : {count} contrat.',
  'admin.access.pending.other': 'Modifications non enregistrées : {count} contrats.',
  'admin.access.saved': 'Accès enregistrés.',
  'admin.access.conflict': 'Ces droits ont changé entre-temps : ils ont été rechargés. Vérifiez-les puis enregistrez de nouveau.',
  'admin.access.removeTitle': 'Retirer des droits à {name} ?',
  'admin.rights.removeTitle': 'Retirer des droits ?',
  'admin.access.removeBody': 'Ces droits seront retirés :',
  'admin.access.removeConfirm': 'Retirer et enregistrer',
  'admin.access.removeLevel': '{what} : {section}, {from} → {to}',
  'admin.access.removeSupported': '{what} : utilisateur support',
};

const en: typeof fr = {
  'admin.home.leadDelegate': 'See your organisation’s users and manage their rights on the contracts whose users you administer.',
  'admin.home.usersDelegate': 'Your organisation’s people, and their rights on your contracts.',
  'admin.home.contractsDelegate': 'The contracts whose users you administer, and everyone’s rights per section.',
  'admin.delegate.usersLead': 'You manage these people’s rights on the contracts whose users you administer. Everything else stays with the administrators.',
  'admin.rights.helpDelegate': 'Change the cells, then save all changes together. Only administrators grant or remove support.',
  'admin.rights.readOnly': 'You can read these rights; only the managers of this contract’s users change them.',
  'admin.rights.search': 'Search for a person',
  'admin.user.allSections': 'Every section: {level}',
  'admin.rights.leadOpen': 'Reference {reference}, from {start}, with no end date.',
  'admin.rights.noMatch': 'Nobody matches “{q}”.',
  'admin.rights.clearSearch': 'Show everyone',
  'admin.access.heading': 'Manage access — {name}',
  'admin.access.open': 'Manage access',
  'admin.access.back': 'Back to the user',
  'admin.access.lead': 'This person’s rights on each contract, per section. Save all changes together.',
  'admin.access.leadDelegate': 'This person’s rights on the contracts whose users you administer, per section. Save all changes together.',
  'admin.access.none': 'No contract to manage.',
  'admin.access.noneBody': 'You administer the users of no contract.',
  'admin.access.supportedAdminOnly': 'Only administrators grant or remove support.',
  'admin.access.pending.one': 'Unsaved changes: {count} contract.',
  'admin.access.pending.other': 'Unsaved changes: {count} contracts.',
  'admin.access.saved': 'Access saved.',
  'admin.access.conflict': 'These rights changed meanwhile and were reloaded. Check them, then save again.',
  'admin.access.removeTitle': 'Remove rights from {name}?',
  'admin.rights.removeTitle': 'Remove rights?',
  'admin.access.removeBody': 'These rights will be removed:',
  'admin.access.removeConfirm': 'Remove and save',
  'admin.access.removeLevel': '{what}: {section}, {from} → {to}',
  'admin.access.removeSupported': '{what}: support user',
};

addMessages({ fr, en });

export default { fr, en };

declare module '../../i18n' {
  interface Catalog {
    adminDelegation: typeof fr;
  }
}
