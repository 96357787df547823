// Messages of the reusable UI pieces (src/ui) and of the shared validation rules.
const fr = {
  'ui.field.required': 'Ce champ est obligatoire.',
  'ui.field.email': 'Saisissez une adresse e-mail valide, par exemple nom@entreprise.fr.',
  'ui.field.optional': '(facultatif)',
  'ui.password.show': 'Afficher',
  'ui.password.hide': 'Masquer',
  'ui.password.what': 'le mot de passe',
  'ui.errorSummary.title': 'Le formulaire contient des erreurs',
  'ui.errorSummary.item': '{label} : {message}',
  'ui.dialog.cancel': 'Annuler',
  'ui.table.pagination': 'Pagination',
  'ui.table.previous': 'Précédent',
  'ui.table.next': 'Suivant',
  'ui.table.page': 'Page {page}',
  'ui.table.retry': 'Réessayer',
  'ui.search.label': 'Rechercher',
  'ui.search.submit': 'Rechercher',
  'ui.filter.all': 'Tous',
  'ui.stepper.label': 'Progression',
  'ui.stepper.position': 'Étape {current} sur {total}',
  'ui.stepper.done': 'terminée',
  'ui.toast.close': 'Fermer la notification',
  'ui.loading': 'Chargement…',
};

const en: typeof fr = {
  'ui.field.required': 'This field is required.',
  'ui.field.email': 'Enter a valid email address, for example name@company.com.',
  'ui.field.optional': '(optional)',
  'ui.password.show': 'Show',
  'ui.password.hide': 'Hide',
  'ui.password.what': 'password',
  'ui.errorSummary.title': 'There is a problem',
  'ui.errorSummary.item': '{label}: {message}',
  'ui.dialog.cancel': 'Cancel',
  'ui.table.pagination': 'Pagination',
  'ui.table.previous': 'Previous',
  'ui.table.next': 'Next',
  'ui.table.page': 'Page {page}',
  'ui.table.retry': 'Try again',
  'ui.search.label': 'Search',
  'ui.search.submit': 'Search',
  'ui.filter.all': 'All',
  'ui.stepper.label': 'Progress',
  'ui.stepper.position': 'Step {current} of {total}',
  'ui.stepper.done': 'done',
  'ui.toast.close': 'Dismiss notification',
  'ui.loading': 'Loading…',
};

export default { fr, en };

declare module '../i18n' {
  interface Catalog {
    ui: typeof fr;
  }
}
