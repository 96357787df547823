// Messages of the service weather that customers read: the states, the badge and
// the history the dashboard and the contract sheet show, and the contract's
// weather page. The back office's texts load with its pages (adminMessages.ts).
const fr = {
  'weather.title': 'Météo des services',
  'weather.state.operational': 'Opérationnel',
  'weather.state.maintenance': 'Maintenance',
  'weather.state.degraded': 'Dégradé',
  'weather.state.partial_outage': 'Panne partielle',
  'weather.state.major_outage': 'Panne majeure',
  'weather.badge.label': 'Météo : {state}',
  'weather.badge.ongoing': 'Événements en cours',
  'weather.badge.planned': 'Maintenance prévue du {start} au {end}',
  'weather.badge.window': 'Maintenance du {start} au {end}',
  'weather.badge.since': 'Depuis le {start}',
  'weather.history.title': 'Historique sur 90 jours',
  'weather.history.summary.one': '{name} : {count} jour avec incident ou maintenance sur 90.',
  'weather.history.summary.other': '{name} : {count} jours avec incident ou maintenance sur 90.',
  'weather.history.allGood': '{name} : aucun incident sur les 90 derniers jours.',
  'weather.history.day': '{day} : {state}',
  'weather.history.details': 'Détail des jours concernés',
  'weather.history.from': 'Il y a 90 jours',
  'weather.history.today': 'Aujourd’hui',
  'weather.history.none': 'Aucun service n’est encore déclaré sur ce contrat.',
  'weather.page.lead': 'L’état des services de ce contrat, les incidents en cours et leur historique.',
  'weather.page.current': 'État actuel',
  'weather.page.events': 'Incidents et maintenances',
  'weather.page.noEvents': 'Aucun incident ni maintenance sur les 90 derniers jours.',
  'weather.page.resolved': 'Résolu le {time}',
  'weather.page.open': 'En cours',
  'weather.page.planned': 'Prévue',
  'weather.page.update': 'Mise à jour du {time}',
  'weather.page.published': 'Publié le {time}',
  'weather.page.service': 'Service : {name}',
  // The back office's page titles (the rest loads with its pages: adminMessages.ts).
  'weather.admin.hitsTitle': 'Clients touchés',
  'weather.admin.contractTitle': 'Météo d’un contrat',
  'weather.admin.hitsHub': 'Les contrats touchés par un incident ou une maintenance, toutes organisations confondues.',
  'weather.admin.link': 'Météo',
  'weather.admin.linkOf': 'Météo de {name}',
};

const en: typeof fr = {
  'weather.title': 'Service weather',
  'weather.state.operational': 'Operational',
  'weather.state.maintenance': 'Maintenance',
  'weather.state.degraded': 'Degraded',
  'weather.state.partial_outage': 'Partial outage',
  'weather.state.major_outage': 'Major outage',
  'weather.badge.label': 'Weather: {state}',
  'weather.badge.ongoing': 'Ongoing events',
  'weather.badge.planned': 'Maintenance planned from {start} to {end}',
  'weather.badge.window': 'Maintenance from {start} to {end}',
  'weather.badge.since': 'Since {start}',
  'weather.history.title': '90-day history',
  'weather.history.summary.one': '{name}: {count} day with an incident or maintenance out of 90.',
  'weather.history.summary.other': '{name}: {count} days with an incident or maintenance out of 90.',
  'weather.history.allGood': '{name}: no incident in the last 90 days.',
  'weather.history.day': '{day}: {state}',
  'weather.history.details': 'Days concerned',
  'weather.history.from': '90 days ago',
  'weather.history.today': 'Today',
  'weather.history.none': 'No service is declared on this contract yet.',
  'weather.page.lead': 'How this contract’s services are doing, the ongoing incidents and their history.',
  'weather.page.current': 'Current state',
  'weather.page.events': 'Incidents and maintenance',
  'weather.page.noEvents': 'No incident or maintenance in the last 90 days.',
  'weather.page.resolved': 'Resolved on {time}',
  'weather.page.open': 'Ongoing',
  'weather.page.planned': 'Planned',
  'weather.page.update': 'Update of {time}',
  'weather.page.published': 'Published on {time}',
  'weather.page.service': 'Service: {name}',
  'weather.admin.hitsTitle': 'Customers hit',
  'weather.admin.contractTitle': 'A contract’s weather',
  'weather.admin.hitsHub': 'The contracts hit by an incident or a maintenance, across every organisation.',
  'weather.admin.link': 'Weather',
  'weather.admin.linkOf': 'Weather of {name}',
};

export default { fr, en };

declare module '../../i18n' {
  interface Catalog {
    weather: typeof fr;
  }
}
