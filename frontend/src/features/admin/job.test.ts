import { describe, expect, it } from 'vitest';
import { finished, follow, nextDelay, percent, type Job } from './job';

const job = (state: Job['state'], done = 0, total = 0): Job => ({ id: 'j1', kind: 'audit-export', state, done, total, created: '', updated: '' });

describe('job progress', () => {
  it('shows a share only when the total is known', () => {
    expect(percent(job('queued'))).toBeNull();
    expect(percent(job('running', 1500, 0))).toBeNull();
    expect(percent(job('running', 250, 1000))).toBe(25);
    expect(percent(job('running', 999, 1000))).toBe(99);
    expect(percent(job('done', 0, 0))).toBe(100);
  });

  it('knows when a job will change no more', () => {
    expect([finished(job('queued')), finished(job('running')), finished(job('done')), finished(job('failed'))]).toEqual([false, false, true, true]);
  });

  it('reads soon at first, then less often, never less than every 5 s', () => {
    expect(nextDelay(0)).toBe(1000);
    expect(nextDelay(5)).toBe(2000);
    expect(nextDelay(10)).toBe(4000);
    expect(nextDelay(100)).toBe(5000);
  });
});

describe('follow', () => {
  it('reads the job until it is finished and reports every reading', async () => {
    const answers = [job('queued'), job('running', 500), job('running', 1000), job('done', 1200)];
    const seen: Job[] = [];
    const waits: number[] = [];
    const last = await follow(
      '/org/audit/exports/j1',
      (j) => seen.push(j),
      new AbortController().signal,
      async () => answers.shift()!,
      async (ms) => {
        waits.push(ms);
      },
    );
    expect(last?.state).toBe('done');
    expect(seen.map((j) => j.done)).toEqual([0, 500, 1000, 1200]);
    expect(waits).toEqual([1000, 1000, 1000]);
  });

  it('stops quietly when the page is left', async () => {
    const stop = new AbortController();
    let reads = 0;
    const last = await follow(
      '/org/audit/exports/j1',
      () => stop.abort(),
      stop.signal,
      async () => {
        reads++;
        return job('running', 1);
      },
      async () => {},
    );
    expect(last).toBeUndefined();
    expect(reads).toBe(1);
  });

  it('passes a failed reading on to the page', async () => {
    const failing = follow('/x', () => {}, new AbortController().signal, async () => {
      throw new Error('offline');
    });
    await expect(failing).rejects.toThrow('offline');
  });
});
