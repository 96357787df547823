import { afterEach, describe, expect, it, vi } from 'vitest';
import { minutesLeft, recallActing } from './impersonation';

afterEach(() => vi.unstubAllGlobals());

describe('minutesLeft', () => {
  const ends = '2026-05-01T10:30:00Z';
  const at = (iso: string) => new Date(iso).getTime();

  it('rounds up to whole minutes', () => {
    expect(minutesLeft(ends, at('2026-05-01T10:00:00Z'))).toBe(30);
    expect(minutesLeft(ends, at('2026-05-01T10:29:01Z'))).toBe(1);
    expect(minutesLeft(ends, at('2026-05-01T10:28:59Z'))).toBe(2);
  });

  it('is 0 once the time is up, or without an end', () => {
    expect(minutesLeft(ends, at('2026-05-01T10:30:00Z'))).toBe(0);
    expect(minutesLeft(ends, at('2026-05-01T11:00:00Z'))).toBe(0);
    expect(minutesLeft(undefined, 0)).toBe(0);
    expect(minutesLeft('garbage', 0)).toBe(0);
  });
});

describe('recallActing', () => {
  it('gives the memo of the same real person only', () => {
    const data = new Map([['guichet.actingAs', JSON.stringify({ actorId: 'a1', actorName: 'Adèle', back: '#/admin/users/u1' })]]);
    vi.stubGlobal('sessionStorage', { getItem: (k: string) => data.get(k) ?? null });
    expect(recallActing('a1')).toEqual({ actorId: 'a1', actorName: 'Adèle', back: '#/admin/users/u1' });
    expect(recallActing('someone-else')).toBeNull();
  });

  it('survives no storage and a broken memo', () => {
    vi.stubGlobal('sessionStorage', { getItem: () => '{not json' });
    expect(recallActing('a1')).toBeNull();
  });
});
