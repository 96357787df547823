// What the dashboard's card and the contract sheet use of the service weather.
export { ServiceHistory } from './ServiceHistory';
export { OngoingList, StateChip, WeatherBadge } from './WeatherBadge';
export type { HealthState, ServiceView, Weather, WeatherEvent, WeatherSheet } from './model';
