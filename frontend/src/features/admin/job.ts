// Long work (exports, imports) runs as a job on the server: the page queues it,
// then reads it again until it is done or failed, and offers its file.
import { api } from '../../api';

export type JobState = 'queued' | 'running' | 'done' | 'failed';

/** A job as GET /org/…/{id} answers it. */
export interface Job<S = unknown> {
  id: string;
  kind: string;
  state: JobState;
  done: number;
  total: number;
  summary?: S;
  error?: string;
  created: string;
  updated: string;
  download?: { url: string; filename: string; expires: string };
}

/** Whether the job will change no more. */
export function finished(job: Job): boolean {
  return job.state === 'done' || job.state === 'failed';
}

/** The share done, 0 to 100, or null while the total is unknown (the bar then
 * shows that work goes on without saying how much is left). */
export function percent(job: Job): number | null {
  if (job.state === 'done') return 100;
  if (job.total <= 0) return null;
  return Math.min(100, Math.floor((job.done * 100) / job.total));
}

/** How long to wait before reading the job again: soon at first, then every few
 * seconds, so a long job costs few requests. */
export function nextDelay(reads: number): number {
  return Math.min(1000 * 2 ** Math.floor(reads / 5), 5000);
}

type Wait = (ms: number, signal: AbortSignal) => Promise<void>;

const sleep: Wait = (ms, signal) =>
  new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(signal.reason);
    });
  });

/** Reads the job at path until it is finished, calling onUpdate with each reading;
 * stops quietly when signal aborts (the page was left). */
export async function follow<S>(
  path: string,
  onUpdate: (job: Job<S>) => void,
  signal: AbortSignal,
  read: (path: string, signal: AbortSignal) => Promise<Job<S>> = (p, s) => api.get<Job<S>>(p, { signal: s }),
  wait: Wait = sleep,
): Promise<Job<S> | undefined> {
  for (let reads = 0; !signal.aborted; reads++) {
    const job = await read(path, signal);
    if (signal.aborted) return undefined;
    onUpdate(job);
    if (finished(job)) return job;
    try {
      await wait(nextDelay(reads), signal);
    } catch {
      return undefined;
    }
  }
  return undefined;
}
