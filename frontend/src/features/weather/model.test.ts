import { describe, expect, it } from 'vitest';
import messages from './messages';
import adminMessages from './adminMessages';
import { badDays, dayOf, isUpcoming, stateAt, STATES, type Weather } from './model';

const at = (iso: string) => new Date(iso);

describe('weather model', () => {
  const weather: Weather = {
    contractId: 'C',
    state: 'operational',
    ongoing: [
      { eventId: 'm', serviceId: 'b', serviceName: 'Backup', state: 'maintenance', titleFr: '', titleEn: '', start: '2026-12-09T02:00:00Z', end: '2026-12-09T04:00:00Z' },
      { eventId: 'd', serviceId: 'a', serviceName: 'API', state: 'degraded', titleFr: '', titleEn: '', start: '2026-12-07T10:00:00Z' },
    ],
  };

  it('judges the state now: a maintenance counts only within its window', () => {
    expect(stateAt(weather, at('2026-12-08T00:00:00Z'))).toBe('degraded');
    expect(stateAt({ ...weather, ongoing: weather.ongoing!.slice(0, 1) }, at('2026-12-08T00:00:00Z'))).toBe('operational');
    expect(stateAt({ ...weather, ongoing: weather.ongoing!.slice(0, 1) }, at('2026-12-09T03:00:00Z'))).toBe('maintenance');
    expect(stateAt({ ...weather, ongoing: weather.ongoing!.slice(0, 1) }, at('2026-12-09T04:00:00Z'))).toBe('operational');
    expect(isUpcoming(weather.ongoing![0], at('2026-12-08T00:00:00Z'))).toBe(true);
    expect(isUpcoming(weather.ongoing![1], at('2026-12-08T00:00:00Z'))).toBe(false);
  });

  it('names the days of a history and lists the bad ones, newest first', () => {
    const h = { serviceId: 'a', from: '2026-02-27', days: ['operational', 'degraded', 'operational', 'major_outage'] as const };
    expect(dayOf({ ...h, days: [...h.days] }, 2)).toBe('2026-03-01');
    expect(badDays({ ...h, days: [...h.days] })).toEqual([
      { day: '2026-03-02', state: 'major_outage' },
      { day: '2026-02-28', state: 'degraded' },
    ]);
  });

  it('names every state in both languages, and has every text in both', () => {
    for (const s of STATES) {
      expect(messages.fr[`weather.state.${s}`]).toBeTruthy();
      expect(messages.en[`weather.state.${s}`]).toBeTruthy();
    }
    expect(Object.keys(adminMessages.en).sort()).toEqual(Object.keys(adminMessages.fr).sort());
  });
});
