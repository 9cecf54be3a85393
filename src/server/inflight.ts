// In-flight de-duplication: concurrent requests for the same key share one job. The job is
// cancelled only when every caller waiting on it has gone away.

import type { Cancellation } from './cancel.js';

export interface CancellableJob<T> {
  readonly promise: Promise<T>;
  /** Called once when the last waiter leaves before the job settled. */
  cancel(): void;
}

export interface Joined<T> {
  readonly promise: Promise<T>;
  /** True when this caller joined a job another caller started. */
  readonly shared: boolean;
}

interface Entry<T> {
  readonly job: CancellableJob<T>;
  waiters: number;
}

export class InflightJobs<T> {
  private readonly jobs = new Map<string, Entry<T>>();

  get size(): number {
    return this.jobs.size;
  }

  /**
   * Join the job running under `key`, or start one with `start`. When `signal` aborts, this
   * caller stops waiting; the job is cancelled if nobody else waits. The returned promise
   * settles with the job either way.
   */
  join(key: string, start: () => CancellableJob<T>, signal?: Cancellation): Joined<T> {
    let entry = this.jobs.get(key);
    const shared = entry !== undefined;
    if (!entry) {
      const created: Entry<T> = { job: start(), waiters: 0 };
      entry = created;
      this.jobs.set(key, created);
      const forget = (): void => {
        if (this.jobs.get(key) === created) this.jobs.delete(key);
      };
      created.job.promise.then(forget, forget);
    }
    const joined = entry;
    joined.waiters++;
    if (signal) {
      const leave = (): void => {
        joined.waiters--;
        if (joined.waiters === 0 && this.jobs.get(key) === joined) {
          this.jobs.delete(key);
          joined.job.cancel();
        }
      };
      if (signal.aborted) leave();
      else {
        signal.addEventListener('abort', leave);
        const unlisten = (): void => signal.removeEventListener('abort', leave);
        joined.job.promise.then(unlisten, unlisten);
      }
    }
    return { promise: joined.job.promise, shared };
  }
}
