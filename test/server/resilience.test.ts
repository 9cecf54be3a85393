// Runaway, failing and crashing renders (through the test-only fault hook), circuit breakers,
// load shedding, a responsive event loop under a render storm, abandoned and slow clients.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { TARGET_NAMES } from '../../src/targets/registry.js';
import type { RunningServer } from '../../src/server/main.js';
import { kernel, metric, PROBLEM, rawSocket, readUntilClose, render, request, startTestServer } from './harness.js';

// Each target has its own breaker: `first` and `second` take the injected faults of the early
// tests, `third` is kept for the breaker test, where `first` must stay healthy.
const [first, second, third] = TARGET_NAMES as readonly [string, string, string];
let server: RunningServer;

before(async () => {
  server = await startTestServer({
    testFaults: true,
    renderTimeoutMs: 1000,
    breakerMinCalls: 5,
    breakerCooldownMs: 400,
    requestTimeoutMs: 600,
  });
});
after(() => server.close());

async function threads(): Promise<number> {
  const res = await request<{ components: { workers: { threads: number } } }>(server, 'GET', '/health/detailed');
  return res.body.components.workers.threads;
}

async function waitFor(what: string, check: () => Promise<boolean>, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await sleep(25);
  }
}

test('a runaway render is stopped at the time limit, its worker replaced, the other target unaffected', async () => {
  const started = performance.now();
  const res = await render(server, { code: kernel(1), targets: [first, second], faults: { [first]: 'hang' } });
  assert.ok(performance.now() - started < 3000, 'answered soon after the 1 s limit');
  assert.equal(res.status, 200);
  assert.equal(res.body.renders[first]!.status, 'timeout');
  assert.equal(res.body.renders[first]!.problem!.type, PROBLEM('render-timeout'));
  assert.equal(res.body.renders[second]!.status, 'ok');
  assert.ok((await metric(server, 'codelive_worker_terminations_total', { reason: 'timeout' })) >= 1);
  await waitFor('the pool to be back to 2 workers', async () => (await threads()) === 2, 15_000);
  assert.equal((await render(server, { code: kernel(2), target: first })).status, 200);
});

test('a single target that times out or fails is a 504 render-timeout or a 500 internal problem', async () => {
  const timeout = await render(server, { code: kernel(3), target: second, faults: { [second]: 'hang' } });
  assert.equal(timeout.status, 504);
  assert.equal(timeout.body.type, PROBLEM('render-timeout'));
  const failed = await render(server, { code: kernel(3), target: second, faults: { [second]: 'fail' } });
  assert.equal(failed.status, 500);
  assert.equal(failed.body.type, PROBLEM('internal'));
  assert.match(failed.headers.get('content-type') ?? '', /problem\+json/);
});

test('a renderer that throws or kills its worker fails only that target', async () => {
  const failed = await render(server, { code: kernel(4), targets: [first, second], faults: { [second]: 'fail' } });
  assert.equal(failed.status, 200);
  assert.equal(failed.body.renders[second]!.status, 'error');
  assert.equal(failed.body.renders[second]!.problem!.type, PROBLEM('internal'));
  assert.equal(failed.body.renders[first]!.status, 'ok');

  const crashed = await render(server, { code: kernel(5), targets: [first, second], faults: { [first]: 'crash' } });
  assert.equal(crashed.status, 200);
  assert.equal(crashed.body.renders[first]!.status, 'error');
  assert.equal(crashed.body.renders[second]!.status, 'ok');
  assert.ok((await metric(server, 'codelive_worker_terminations_total', { reason: 'crash' })) >= 1);
  await waitFor('the crashed worker to be replaced', async () => (await threads()) === 2, 15_000);
  assert.ok((await metric(server, 'codelive_glitch_activations_total', { kind: 'crash' })) >= 1);
});

test('circuit breaker: opens after repeated failures, answers at once, half-opens after the cooldown, closes', async () => {
  for (let i = 0; i < 5; i++) await render(server, { code: kernel(10 + i), target: third, faults: { [third]: 'fail' } });

  const open = await render(server, { code: kernel(20), target: third });
  assert.equal(open.status, 503);
  assert.equal(open.body.type, PROBLEM('target-unavailable'));
  assert.ok(Number(open.headers.get('retry-after')) >= 1);

  const mixed = await render(server, { code: kernel(21), targets: [first, third] });
  assert.equal(mixed.status, 200, 'other targets never notice');
  assert.equal(mixed.body.renders[third]!.status, 'unavailable');
  assert.equal(mixed.body.renders[third]!.problem!.type, PROBLEM('target-unavailable'));
  assert.equal(mixed.body.renders[first]!.status, 'ok');
  assert.equal(await metric(server, 'codelive_breaker_state', { target: third }), 2);

  await sleep(450);
  const trial = await render(server, { code: kernel(22), target: third });
  assert.equal(trial.status, 200, 'the trial render after the cooldown succeeds');
  assert.equal(await metric(server, 'codelive_breaker_state', { target: third }), 0);
  const health = await request<{ components: { breakers: { targets: Record<string, string> } } }>(server, 'GET', '/health/detailed');
  assert.equal(health.body.components.breakers.targets[third], 'closed');
  for (const state of ['open', 'half-open', 'closed']) {
    assert.ok((await metric(server, 'codelive_breaker_transitions_total', { target: third, state })) >= 1, state);
  }
});

test('overload is shed at once with 429 overloaded and Retry-After, never a 5xx', async () => {
  const slow = (i: number) => render(server, { code: kernel(100 + i), target: first, faults: { [first]: 'delay:100' } });
  const answers = await Promise.all(Array.from({ length: 40 }, (_, i) => slow(i)));
  const statuses = answers.map((a) => a.status);
  const shed = answers.filter((a) => a.status === 429);
  assert.ok(shed.length > 0, `expected some 429s: ${statuses.join()}`);
  assert.ok(statuses.every((s) => s === 200 || s === 429), statuses.join());
  for (const a of shed) {
    assert.equal(a.body.type, PROBLEM('overloaded'));
    assert.ok(Number(a.headers.get('retry-after')) >= 1);
  }
  assert.ok((await metric(server, 'codelive_shed_total')) >= shed.length);
  assert.ok((await metric(server, 'codelive_http_requests_total', { class: 'rate_limit' })) >= shed.length);
});

test('a batch holds a limiter permit per item that needs a worker, and gives each back with its own render', async () => {
  const cached = { code: kernel(150), target: first };
  assert.equal((await render(server, cached)).status, 200);
  const items = [cached, ...[151, 152, 153].map((n) => ({ code: kernel(n), target: first, faults: { [first]: 'delay:300' } }))];
  const answer = request<{ items: { status: number }[] }>(server, 'POST', '/v1/render/batch', { items });
  await waitFor('the batch in flight', async () => server.services.limiter.inflight === 3);
  const { status, body } = await answer;
  assert.equal(status, 200);
  assert.deepEqual(
    body.items.map((i) => i.status),
    [200, 200, 200, 200],
  );
  assert.equal(server.services.limiter.inflight, 0);
});

test('/health answers fast while the workers are saturated by a render storm', async (t) => {
  let storming = true;
  const renderTimes: number[] = [];
  const storm = (async () => {
    let i = 0;
    while (storming) {
      await Promise.all(
        Array.from({ length: 16 }, async () => {
          const t0 = performance.now();
          await render(server, { code: kernel(10_000 + i++), targets: [first, second] });
          renderTimes.push(performance.now() - t0);
        }),
      );
    }
  })();
  await sleep(200);
  const healthTimes: number[] = [];
  for (let i = 0; i < 40; i++) {
    const t0 = performance.now();
    assert.equal((await request(server, 'GET', '/health')).status, 200);
    healthTimes.push(performance.now() - t0);
    await sleep(10);
  }
  storming = false;
  await storm;
  const pct = (xs: number[], p: number): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * p)]!;
  const health = { p50: pct(healthTimes, 0.5), p90: pct(healthTimes, 0.9) };
  const renders = { p50: pct(renderTimes, 0.5) };
  // A relative bound holds on a quiet or a loaded machine: were renders on the event loop,
  // /health would wait behind a wave of them, on average half a wave, i.e. about half a
  // render's latency. (The tail is left out: on a shared CI machine it measures the scheduler.)
  const summary = `/health p50 ${health.p50.toFixed(1)} ms, p90 ${health.p90.toFixed(1)} ms; renders p50 ${renders.p50.toFixed(1)} ms`;
  t.diagnostic(summary);
  assert.ok(health.p50 * 2 < renders.p50, summary);
});

test('a client that disconnects mid-render is cut off cleanly; no worker leaks', async () => {
  const before = await threads();
  const body = JSON.stringify({ code: kernel(30), target: first, faults: { [first]: 'delay:300' } });
  const sockets = await Promise.all(Array.from({ length: 6 }, () => rawSocket(server)));
  for (const s of sockets) {
    s.on('error', () => {});
    s.write(`POST /v1/render HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
  }
  await sleep(50);
  for (const s of sockets) s.destroy();
  await waitFor('the abandoned renders to drain', async () => {
    const h = await request<{ components: { workers: { queued: number; running: number } } }>(server, 'GET', '/health/detailed');
    return h.body.components.workers.queued === 0 && h.body.components.workers.running === 0;
  });
  assert.equal(await threads(), before);
  assert.ok((await metric(server, 'codelive_renders_total', { outcome: 'cancelled' })) >= 2, 'queued renders of gone clients were dropped');
  assert.equal(await metric(server, 'codelive_http_active_requests'), 1, 'only the /metrics request itself');
  assert.equal((await render(server, { code: kernel(31), target: first })).status, 200);
});

test('a slow client is cut off at the request deadline; others are unaffected', async () => {
  const socket = await rawSocket(server);
  socket.write('POST /v1/render HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{"co');
  const trickle = setInterval(() => socket.writable && socket.write(' '), 100);
  const meanwhile = await render(server, { code: kernel(40), target: first });
  assert.equal(meanwhile.status, 200);
  const { data, closed } = await readUntilClose(socket, 3000);
  clearInterval(trickle);
  assert.ok(closed, 'the connection was closed');
  assert.match(data, /^HTTP\/1\.1 408|^$/);
});
