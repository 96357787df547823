// The documents feature's first-load text: the title its route needs before its
// page loads. Everything else is in documentsMessages.ts, loaded with the pages.
const fr = {
  'documents.bo.title': 'Documents et consoles',
};

const en: typeof fr = {
  'documents.bo.title': 'Documents and consoles',
};

export default { fr, en };

declare module '../../i18n' {
  interface Catalog {
    documents: typeof fr;
  }
}
