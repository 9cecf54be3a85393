import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { BreakerOpenError, TargetBreakers, type BreakerState } from '../../src/server/breakers.js';

class TargetFault extends Error {}
class Overload extends Error {}

function breakers(transitions: string[] = []): TargetBreakers {
  return new TargetBreakers(
    ['rust', 'go'],
    { threshold: 0.5, windowMs: 10_000, minCalls: 4, cooldownMs: 80 },
    (e) => e instanceof TargetFault,
    (target, state: BreakerState) => transitions.push(`${target}:${state}`),
  );
}

const fail = async (): Promise<never> => {
  throw new TargetFault('boom');
};
const ok = async (): Promise<string> => 'ok';

test('opens after repeated failures, refuses at once, half-opens after the cooldown and closes on success', async () => {
  const transitions: string[] = [];
  const b = breakers(transitions);
  for (let i = 0; i < 4; i++) await assert.rejects(b.execute('rust', fail), TargetFault);
  assert.equal(b.state('rust'), 'open');
  assert.ok(b.isOpen('rust'));
  let ran = false;
  const refused = b.execute('rust', async () => {
    ran = true;
    return 'x';
  });
  await assert.rejects(refused, (e: unknown) => e instanceof BreakerOpenError && e.retryAfterMs > 0 && e.retryAfterMs <= 80);
  assert.equal(ran, false, 'an open breaker does not run the call');

  await sleep(100);
  assert.equal(b.isOpen('rust'), false, 'after the cooldown a trial call is let through');
  assert.equal(await b.execute('rust', ok), 'ok');
  assert.equal(b.state('rust'), 'closed');
  assert.deepEqual(transitions, ['rust:open', 'rust:half-open', 'rust:closed']);
});

test('a failed trial call opens the breaker again', async () => {
  const b = breakers();
  for (let i = 0; i < 4; i++) await assert.rejects(b.execute('rust', fail));
  await sleep(100);
  await assert.rejects(b.execute('rust', fail), TargetFault);
  assert.equal(b.state('rust'), 'open');
});

test('one target failing never affects another', async () => {
  const b = breakers();
  for (let i = 0; i < 6; i++) await assert.rejects(b.execute('rust', fail));
  assert.equal(b.state('rust'), 'open');
  assert.equal(b.state('go'), 'closed');
  assert.equal(await b.execute('go', ok), 'ok');
});

test('errors that are not the target\'s fault do not count', async () => {
  const b = breakers();
  for (let i = 0; i < 10; i++) await assert.rejects(b.execute('rust', async () => Promise.reject(new Overload())), Overload);
  assert.equal(b.state('rust'), 'closed');
});

test('below the minimum number of calls the breaker stays closed', async () => {
  const b = breakers();
  for (let i = 0; i < 3; i++) await assert.rejects(b.execute('rust', fail));
  assert.equal(b.state('rust'), 'closed');
});
