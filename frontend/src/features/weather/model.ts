// The service weather as the API answers it, and what the portal derives from it.
import type { Key } from '../../i18n';

/** A service's health, best to worst (portal.HealthState). */
export const STATES = ['operational', 'maintenance', 'degraded', 'partial_outage', 'major_outage'] as const;
export type HealthState = (typeof STATES)[number];

/** The states of an unplanned event; maintenance is the planned one. */
export const INCIDENT_STATES = ['degraded', 'partial_outage', 'major_outage'] as const satisfies readonly HealthState[];

/** One open event as the contract's weather lists it. */
export interface WeatherEvent {
  eventId: string;
  serviceId: string;
  serviceName: string;
  state: HealthState;
  titleFr: string;
  titleEn: string;
  start: string;
  end?: string;
}

/** A contract's weather: its worst current state and its open events. */
export interface Weather {
  contractId: string;
  state: HealthState;
  ongoing?: WeatherEvent[];
  updated?: string;
}

export interface EventUpdate {
  time: string;
  state: HealthState;
  messageFr: string;
  messageEn: string;
}

/** A health event with its updates. */
export interface HealthEvent {
  id: string;
  serviceId: string;
  serviceName: string;
  initial: HealthState;
  state: HealthState;
  messageFr: string;
  messageEn: string;
  start: string;
  end?: string;
  updates?: EventUpdate[];
  resolved?: string;
  resolvedFr?: string;
  resolvedEn?: string;
  version: number;
}

/** A service's daily history: the worst state of each day, oldest first. */
export interface ServiceDays {
  serviceId: string;
  from: string;
  days: HealthState[];
}

export interface ServiceView {
  id: string;
  name: string;
  descriptionFr?: string;
  descriptionEn?: string;
  version: number;
  state: HealthState;
  history: ServiceDays;
}

/** GET /contracts/{id}/weather. */
export interface WeatherSheet {
  weather: Weather;
  services: ServiceView[];
  events: HealthEvent[];
}

/** A contract hit, for the back office's overview. */
export interface Hit {
  orgId: string;
  organisation: string;
  contract: string;
  reference: string;
  weather: Weather;
  state: HealthState;
}

/** The message key naming a state. */
export function stateKey(s: HealthState): Key {
  return `weather.state.${s}`;
}

/** The icon of a state: a shape as well as a colour, so that the state never rests
 * on colour alone (the text is always beside it). */
export const STATE_ICON: Record<HealthState, string> = {
  operational: '✓',
  maintenance: '⚙',
  degraded: '!',
  partial_outage: '▲',
  major_outage: '✕',
};

/** Whether an open event weighs on the weather at now: an incident always, a
 * maintenance from its start to its end (as portal.WeatherEvent.Active). */
export function isActive(e: Pick<WeatherEvent, 'state' | 'start' | 'end'>, now: Date): boolean {
  if (e.state !== 'maintenance') return true;
  const t = now.getTime();
  return Date.parse(e.start) <= t && (!e.end || t < Date.parse(e.end));
}

/** Whether an event is a maintenance that has not begun at now. */
export function isUpcoming(e: Pick<WeatherEvent, 'state' | 'start'>, now: Date): boolean {
  return e.state === 'maintenance' && now.getTime() < Date.parse(e.start);
}

/** The worst state of the weather's open events at now (Weather.StateAt), so that a
 * maintenance that began since the weather was written counts. */
export function stateAt(w: Weather, now: Date): HealthState {
  let worst: HealthState = 'operational';
  for (const e of w.ongoing ?? []) if (isActive(e, now) && STATES.indexOf(e.state) > STATES.indexOf(worst)) worst = e.state;
  return worst;
}

/** The text of an event in lang. */
export function inLang(lang: string, fr: string | undefined, en: string | undefined): string {
  return (lang === 'en' ? en : fr) ?? '';
}

/** The day `index` of a history ("YYYY-MM-DD"). */
export function dayOf(h: ServiceDays, index: number): string {
  const d = new Date(h.from + 'T00:00:00Z');
  d.setUTCDate(d.getUTCDate() + index);
  return d.toISOString().slice(0, 10);
}

/** The days of a history that were not operational, newest first. */
export function badDays(h: ServiceDays): { day: string; state: HealthState }[] {
  const out: { day: string; state: HealthState }[] = [];
  h.days.forEach((s, i) => s !== 'operational' && out.push({ day: dayOf(h, i), state: s }));
  return out.reverse();
}

/** A date and time of the API in lang, in the browser's zone. */
export function formatTime(iso: string | undefined, lang: string): string {
  if (!iso) return '';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short' }).format(d);
}

/** A local "datetime-local" value ("2026-12-07T10:00") as RFC 3339, or '' when empty
 * or not a time. */
export function localToISO(v: string): string {
  if (!v) return '';
  const d = new Date(v);
  return Number.isNaN(d.getTime()) ? '' : d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
