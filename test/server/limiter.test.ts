import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AdaptiveLimiter, DEFAULT_LIMITER_OPTIONS, type LimiterOptions, type Permit } from '../../src/server/limiter.js';

function limiter(overrides: Partial<LimiterOptions> = {}): AdaptiveLimiter {
  return new AdaptiveLimiter({ ...DEFAULT_LIMITER_OPTIONS, initialLimit: 10, minLimit: 2, maxLimit: 100, ...overrides });
}

/**
 * A saturated server: the limiter is kept full; each of `samples` steps completes the oldest
 * request after `latencyMs` and admits new ones up to the (possibly changed) limit.
 */
function drive(l: AdaptiveLimiter, samples: number, latencyMs: number): void {
  const inflight: Permit[] = [];
  const fill = (): void => {
    for (let p = l.tryAcquire(); p; p = l.tryAcquire()) inflight.push(p);
  };
  fill();
  for (let i = 0; i < samples; i++) {
    inflight.shift()?.release('success', latencyMs);
    fill();
  }
  for (const p of inflight) p.release('ignore', 0);
}

test('hands out permits up to the limit, then refuses', () => {
  const l = limiter();
  const permits = Array.from({ length: 10 }, () => l.tryAcquire());
  assert.ok(permits.every((p) => p !== null));
  assert.equal(l.tryAcquire(), null);
  assert.equal(l.inflight, 10);
  permits[0]!.release('ignore', 0);
  assert.equal(l.inflight, 9);
  assert.notEqual(l.tryAcquire(), null);
});

test('a permit released twice is a bug and says so', () => {
  const p = limiter().tryAcquire()!;
  p.release('success', 1);
  assert.throws(() => p.release('success', 1), /twice/);
});

test('the limit grows while latency stays at its baseline', () => {
  const l = limiter();
  drive(l, 100, 5);
  assert.ok(l.limit > 20, `limit ${l.limit} should have grown from 10`);
});

test('the limit never passes maxLimit', () => {
  const l = limiter({ maxLimit: 25 });
  drive(l, 500, 5);
  assert.equal(l.limit, 25);
});

test('the limit is cut when latency rises well above the baseline', () => {
  const l = limiter({ initialLimit: 40 });
  drive(l, 200, 5);
  const before = l.limit;
  drive(l, 30, 50);
  assert.ok(l.limit < before * 0.8, `limit ${l.limit} should have dropped well below ${before}`);
});

test('a moderate latency rise within the tolerance does not cut the limit', () => {
  const l = limiter({ initialLimit: 40 });
  drive(l, 200, 5);
  const before = l.limit;
  drive(l, 30, 7);
  assert.ok(l.limit >= before, `limit ${l.limit} should not drop below ${before}`);
});

test('drops (timeouts, overload) cut the limit multiplicatively, down to minLimit', () => {
  const l = limiter({ initialLimit: 50 });
  const p = l.tryAcquire()!;
  p.release('dropped', 0);
  assert.equal(l.limit, 45);
  for (let i = 0; i < 100; i++) l.tryAcquire()!.release('dropped', 0);
  assert.equal(l.limit, 2);
});

test('an underused limiter learns nothing from fast samples', () => {
  const l = limiter({ initialLimit: 40 });
  for (let i = 0; i < 100; i++) l.tryAcquire()!.release('success', 1); // one in flight at a time
  assert.equal(l.limit, 40);
});

test('the baseline recovers after a latency spike so the limit can grow again', () => {
  const l = limiter({ initialLimit: 40 });
  drive(l, 200, 5);
  drive(l, 100, 100);
  const low = l.limit;
  drive(l, 300, 5);
  assert.ok(l.limit > low, `limit ${l.limit} should recover above ${low}`);
});

test('rejects inconsistent bounds', () => {
  assert.throws(() => limiter({ minLimit: 20, initialLimit: 10 }), RangeError);
});

test('acquire waits for a permit: released permits go to the waiters in order, before new callers', async () => {
  const l = limiter({ initialLimit: 2, minLimit: 2 });
  const held = [l.tryAcquire()!, l.tryAcquire()!];
  const order: string[] = [];
  const first = l.acquire().then((p) => (order.push('first'), p));
  const second = l.acquire().then((p) => (order.push('second'), p));
  assert.equal(l.waiting, 2);
  held[0]!.release('ignore', 0);
  assert.equal(l.tryAcquire(), null, 'a new caller does not jump the queue');
  const p1 = await first;
  assert.deepEqual(order, ['first']);
  assert.equal(l.inflight, 2);
  held[1]!.release('ignore', 0);
  const p2 = await second;
  assert.deepEqual(order, ['first', 'second']);
  assert.equal(l.waiting, 0);
  p1.release('ignore', 0);
  p2.release('ignore', 0);
  assert.equal(l.inflight, 0);
  assert.ok(l.tryAcquire(), 'free again once nobody waits');
});

test('tryAcquireMany takes all the permits or none', () => {
  const l = limiter({ initialLimit: 5, minLimit: 2 });
  const one = l.tryAcquire()!;
  const three = l.tryAcquireMany(3);
  assert.equal(three?.length, 3);
  assert.equal(l.inflight, 4);
  assert.equal(l.tryAcquireMany(2), null, 'two more would pass the limit of 5');
  assert.equal(l.inflight, 4, 'a refused call takes nothing');
  for (const p of [one, ...three!]) p.release('success', 1);
  assert.equal(l.inflight, 0);
});

test('an idle limiter admits a batch larger than its limit, and each permit is a sample', () => {
  const l = limiter({ initialLimit: 4, minLimit: 2 });
  const batch = l.tryAcquireMany(15);
  assert.equal(batch?.length, 15, 'never shed forever for being larger than the limit');
  assert.equal(l.tryAcquire(), null);
  for (const p of batch!) p.release('success', 2);
  assert.equal(l.inflight, 0);
  assert.equal(l.snapshot().recentMs, 2);
  const busy = l.tryAcquire()!;
  assert.equal(l.tryAcquireMany(15), null, 'but not next to other work');
  busy.release('ignore', 0);
});
