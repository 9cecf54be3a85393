import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Cancellation } from '../../src/server/cancel.js';
import { InflightJobs, type CancellableJob } from '../../src/server/inflight.js';

function manualJob<T>(): CancellableJob<T> & { resolve(v: T): void; cancelled: number } {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  const job = {
    promise,
    resolve,
    cancelled: 0,
    cancel() {
      job.cancelled++;
      reject(new Error('cancelled'));
    },
  };
  return job;
}

test('concurrent callers with one key share one job', async () => {
  const jobs = new InflightJobs<number>();
  let started = 0;
  const job = manualJob<number>();
  const start = (): CancellableJob<number> => {
    started++;
    return job;
  };
  const a = jobs.join('k', start);
  const b = jobs.join('k', start);
  assert.equal(started, 1);
  assert.equal(a.shared, false);
  assert.equal(b.shared, true);
  job.resolve(42);
  assert.deepEqual(await Promise.all([a.promise, b.promise]), [42, 42]);
  await Promise.resolve();
  assert.equal(jobs.size, 0);
  const c = jobs.join('k', () => manualJob<number>());
  assert.equal(c.shared, false, 'a settled job is not joined again');
});

test('the job is cancelled only when every waiter has gone', async () => {
  const jobs = new InflightJobs<number>();
  const job = manualJob<number>();
  const a = new Cancellation();
  const b = new Cancellation();
  const first = jobs.join('k', () => job, a);
  jobs.join('k', () => job, b).promise.catch(() => {});
  first.promise.catch(() => {});
  a.cancel('gone');
  assert.equal(job.cancelled, 0);
  b.cancel('gone');
  assert.equal(job.cancelled, 1);
  assert.equal(jobs.size, 0, 'a cancelled job is forgotten at once');
  const fresh = manualJob<number>();
  assert.equal(jobs.join('k', () => fresh).shared, false);
});

test('a caller already cancelled does not keep the job alive', () => {
  const jobs = new InflightJobs<number>();
  const job = manualJob<number>();
  job.promise.catch(() => {});
  const gone = new Cancellation();
  gone.cancel('gone');
  jobs.join('k', () => job, gone);
  assert.equal(job.cancelled, 1);
});
