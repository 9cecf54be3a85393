import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { Cancellation, NEVER_CANCELLED } from '../../src/server/cancel.js';

test('cancel runs each listener once, in order, and records the reason', () => {
  const c = new Cancellation();
  const calls: string[] = [];
  c.addEventListener('abort', () => calls.push('a'));
  c.addEventListener('abort', () => calls.push('b'));
  assert.equal(c.aborted, false);
  c.cancel('timeout');
  c.cancel('again');
  assert.deepEqual(calls, ['a', 'b']);
  assert.equal(c.aborted, true);
  assert.equal(c.reason, 'timeout', 'the first reason stays');
});

test('a removed listener is not called; listeners added after cancel are not called', () => {
  const c = new Cancellation();
  let removed = 0;
  let late = 0;
  const listener = (): void => {
    removed++;
  };
  c.addEventListener('abort', listener);
  c.removeEventListener('abort', listener);
  c.removeEventListener('abort', listener);
  c.cancel('gone');
  c.addEventListener('abort', () => late++);
  assert.equal(removed, 0);
  assert.equal(late, 0);
});

test('NEVER_CANCELLED keeps no listeners and cannot be cancelled', () => {
  let called = 0;
  NEVER_CANCELLED.addEventListener('abort', () => called++);
  NEVER_CANCELLED.cancel('no');
  assert.equal(NEVER_CANCELLED.aborted, false);
  assert.equal(called, 0);
});

test('a Cancellation dies young; an AbortSignal is promoted to the old generation', () => {
  // Why this class exists, measured as V8 reports it: the bytes the young-generation collector
  // promoted while a process made and dropped 100,000 of each (no timing involved).
  const promoted = (make: string): number => {
    const churn = `import { Cancellation } from ${JSON.stringify(new URL('../../src/server/cancel.ts', import.meta.url).href)};
      let ticks = 0;
      const tick = () => { for (let i = 0; i < 200; i++) { ${make}; } if (++ticks < 500) setImmediate(tick); };
      tick();`;
    const run = spawnSync(process.execPath, ['--import', 'tsx', '--trace-gc-nvp', '--input-type=module', '-e', churn], { encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    return [...run.stdout.matchAll(/gc=s .*?promoted=(\d+)/g)].reduce((sum, m) => sum + Number(m[1]), 0);
  };
  // Loading the modules promotes a few MB of its own: measured alone and subtracted.
  const startup = promoted('void 0');
  const signals = promoted('new AbortController().signal.addEventListener("abort", () => {})') - startup;
  const cancellations = promoted('new Cancellation().addEventListener("abort", () => {})') - startup;
  assert.ok(signals > 16 * 1024 * 1024, `AbortSignals promoted ${signals} bytes: the baseline this test compares with`);
  assert.ok(cancellations < signals / 10, `Cancellations promoted ${cancellations} bytes vs ${signals} for AbortSignals`);
});
