// The catalogue's words the first load needs: its pages' titles and its place in
// the navigation. Everything else comes with its pages (catalogueMessages.ts).
const fr = {
  'catalogue.title': 'Catalogue',
  'catalogue.serviceTitle': 'Service du catalogue',
  'catalogue.backofficeTitle': 'Catalogue des services',
  'catalogue.newTitle': 'Nouveau service',
  'catalogue.editTitle': 'Modifier un service',
};

const en: typeof fr = {
  'catalogue.title': 'Catalogue',
  'catalogue.serviceTitle': 'Catalogue service',
  'catalogue.backofficeTitle': 'Service catalogue',
  'catalogue.newTitle': 'New service',
  'catalogue.editTitle': 'Edit a service',
};

export default { fr, en };

declare module '../../i18n' {
  interface Catalog {
    catalogue: typeof fr;
  }
}
