const fr = {
  'contracts.title': 'Fiche contrat',
  'contracts.lead': 'Contrat {reference}',
  'contracts.back': 'Retour au tableau de bord',
  'contracts.summary': 'Résumé',
  'contracts.currency': 'Devise',
  'contracts.company': 'Société cliente',
  'contracts.companyName': 'Raison sociale',
  'contracts.registrationNo': 'Numéro d’immatriculation',
  'contracts.country': 'Pays',
  'contracts.website': 'Site web',
  'contracts.address': 'Adresse',
  'contracts.rights': 'Vos droits sur ce contrat',
  'contracts.rightsLead': 'Ce que vous pouvez faire, rubrique par rubrique.',
  'contracts.rightsAdmin': 'Administrateur de votre organisation, vous êtes gestionnaire de toutes les rubriques.',
  'contracts.rightsReferent': 'Référent du contrat, vous voyez au moins chaque rubrique.',
  'contracts.weatherPage': 'Toute la météo du contrat et ses événements',
  'contracts.section': 'Rubrique',
  'contracts.level': 'Niveau',
  'contracts.supported': 'Utilisateur supporté (ouvre des demandes de support)',
  'contracts.yes': 'Oui',
  'contracts.no': 'Non',
  'contracts.subscriptionsLater': 'La liste des abonnements du contrat arrive avec une prochaine version du portail.',
  'contracts.requestsLater': 'Le suivi des demandes du contrat arrive avec une prochaine version du portail.',
  'contracts.invoicesLater': 'Les factures du contrat arrivent avec une prochaine version du portail.',
};

const en: typeof fr = {
  'contracts.title': 'Contract sheet',
  'contracts.lead': 'Contract {reference}',
  'contracts.back': 'Back to the dashboard',
  'contracts.summary': 'Summary',
  'contracts.currency': 'Currency',
  'contracts.company': 'Customer company',
  'contracts.companyName': 'Company name',
  'contracts.registrationNo': 'Registration number',
  'contracts.country': 'Country',
  'contracts.website': 'Website',
  'contracts.address': 'Address',
  'contracts.rights': 'Your rights on this contract',
  'contracts.rightsLead': 'What you may do, section by section.',
  'contracts.rightsAdmin': 'As an administrator of your organisation, you are a manager of every section.',
  'contracts.rightsReferent': "As the contract's referent, you see at least every section.",
  'contracts.weatherPage': "The contract's whole weather and its events",
  'contracts.section': 'Section',
  'contracts.level': 'Level',
  'contracts.supported': 'Supported user (opens support requests)',
  'contracts.yes': 'Yes',
  'contracts.no': 'No',
  'contracts.subscriptionsLater': "The contract's subscriptions come with a later version of the portal.",
  'contracts.requestsLater': "The contract's requests come with a later version of the portal.",
  'contracts.invoicesLater': "The contract's invoices come with a later version of the portal.",
};

export default { fr, en };

declare module '../../i18n' {
  interface Catalog {
    contracts: typeof fr;
  }
}
