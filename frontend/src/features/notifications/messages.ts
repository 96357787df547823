// Messages of the notification centre. Each kind's text (notifications.kind.<kind>)
// is written by the feature that reports it and interpolates the same params as its
// mail, the same in both languages: here, the service weather's outages (their
// service and contract; the message's title, which exists in each language, is in
// the mail); the budget alerts (80 %, 100 %, forecast alike: the percent and the
// forecast say which).
const fr = {
  'notifications.kind.outage_started': 'Panne majeure sur {service} ({contract})',
  'notifications.kind.outage_ended': 'Fin de la panne sur {service} ({contract})',
  'notifications.kind.budget_threshold':
    'Budget de {month} de {contract} ({reference}) : {percent} % consommés ({consumed} {currency} sur {budget} {currency}), fin de mois prévue à {forecast} {currency}',
};

const en: typeof fr = {
  'notifications.kind.outage_started': 'Major outage on {service} ({contract})',
  'notifications.kind.outage_ended': 'Outage over on {service} ({contract})',
  'notifications.kind.budget_threshold':
    '{contract} ({reference}) budget for {month}: {percent}% consumed ({consumed} {currency} of {budget} {currency}), month end forecast at {forecast} {currency}',
};

export default { fr, en };

declare module '../../i18n' {
  interface Catalog {
    notifications: typeof fr;
  }
}
