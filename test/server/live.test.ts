// The live protocol (/v1/live) against a real server on loopback, with the `ws` client.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { WebSocket } from 'ws';
import { LiveClient } from '../../src/server/live/client.js';
import type { ServerMessage } from '../../src/server/live/protocol.js';
import type { RunningServer } from '../../src/server/main.js';
import { kernel, metric, request, startTestServer } from './harness.js';

type Render = Extract<ServerMessage, { t: 'render' }>;

const TARGETS = ['typescript', 'rust'] as const;

/** `gain` is baked into the code as `x * <gain>`. */
const SLIDER = `param gain: f64 = 2.0 in 0.0..10.0 step 0.5

kernel score(xs: [f64]) -> f64 {
  xs.map(x => x * gain).sum()
}
`;

/** Each target's code holds the whole string: a render frame of about `bytes` per target. */
function bigSource(bytes: number): string {
  return `param k: i64 = 1 in 0..1000 step 1
kernel big(xs: [i64]) -> str {
  if xs.len() > k { "${'a'.repeat(bytes)}" } else { "b" }
}
`;
}

const renders = (c: LiveClient, target?: string): Render[] =>
  c.received.filter((m): m is Render => m.t === 'render' && (target === undefined || m.target === target));

const errors = (c: LiveClient): Extract<ServerMessage, { t: 'error' }>[] =>
  c.received.filter((m): m is Extract<ServerMessage, { t: 'error' }> => m.t === 'error');

function assertIncreasing(seqs: readonly number[]): void {
  for (let i = 1; i < seqs.length; i++) assert.ok(seqs[i]! > seqs[i - 1]!, `seqs not increasing: ${seqs.join(',')}`);
}

async function until(condition: () => Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!(await condition())) {
    if (performance.now() > deadline) throw new Error('condition not met in time');
    await sleep(20);
  }
}

async function open(server: RunningServer, hello: Record<string, unknown>, encoding: 'msgpack' | 'json' = 'msgpack'): Promise<LiveClient> {
  const c = await LiveClient.connect(server.url, encoding);
  c.send({ t: 'hello', ...hello });
  await c.waitFor('welcome');
  return c;
}

describe('live protocol', () => {
  let server: RunningServer;
  const clients: LiveClient[] = [];
  const track = (c: LiveClient): LiveClient => (clients.push(c), c);

  before(async () => {
    // Prediction has a server of its own below; here it would only add load.
    server = await startTestServer({
      livePrediction: false,
      liveStatsIntervalMs: 100,
      liveResumeGraceMs: 400,
      liveHighWaterBytes: 64 * 1024,
    });
  });
  after(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await server.close();
  });

  test('msgpack subprotocol: binary frames; hello, welcome, one render per target', async () => {
    const c = track(await open(server, { source: kernel(101), targets: TARGETS }));
    assert.equal(c.socket.protocol, 'codelive.msgpack.v1');
    let binary = true;
    c.socket.on('message', (_data, isBinary) => (binary &&= isBinary));
    const welcome = await c.waitFor('welcome');
    assert.equal(welcome.resumed, false);
    assert.equal(welcome.limits.coalesceMs, 25);
    for (const target of TARGETS) {
      const r = await c.waitFor('render', (m) => m.target === target);
      assert.equal(r.seq, 0);
      assert.equal(r.status, 'ok');
      assert.match(r.code ?? '', /score/);
      assert.equal(typeof r.timings.total, 'number');
    }
    c.send({ t: 'ping', id: 7 });
    assert.equal((await c.waitFor('pong')).id, 7);
    assert.ok(binary);
  });

  test('json subprotocol, and json when no subprotocol is offered', async () => {
    for (const encoding of ['json', 'none'] as const) {
      const c = track(await LiveClient.connect(server.url, encoding));
      assert.equal(c.socket.protocol, encoding === 'json' ? 'codelive.json.v1' : '');
      let text = true;
      c.socket.on('message', (_data, isBinary) => (text &&= !isBinary));
      c.send({ t: 'hello', source: kernel(102), targets: ['go'] });
      const r = await c.waitFor('render');
      assert.equal(r.target, 'go');
      assert.match(r.code ?? '', /func Score/);
      assert.ok(text);
    }
  });

  test('coalescing: a burst of 100 slider events gives a few renders, in order, ending on the last state', async () => {
    const c = track(await open(server, { source: SLIDER, targets: TARGETS, flags: { params: 'baked' } }));
    await c.waitFor('render', (m) => m.target === 'rust');
    const before = renders(c).length;
    for (let seq = 1; seq <= 100; seq++) {
      c.send({ t: 'param', seq, name: 'gain', value: seq / 10 });
      if (seq % 10 === 0) await sleep(5); // a slider at speed, not one frame
    }
    for (const target of TARGETS) await c.waitFor('render', (m) => m.target === target && m.seq === 100);
    await sleep(100); // nothing for an older seq may follow
    for (const target of TARGETS) {
      const mine = renders(c, target).slice(before / 2);
      assert.ok(mine.length >= 1 && mine.length <= 10, `${mine.length} renders of ${target} for 100 events`);
      assertIncreasing(mine.map((r) => r.seq));
      assert.equal(mine.at(-1)!.seq, 100);
    }
    assert.match(renders(c, 'rust').at(-1)!.code!, /x \* 10\.0/);
  });

  test('ordering: edits and params interleaved; per target, seqs only grow and the final state wins', async () => {
    const c = track(await open(server, { source: SLIDER, targets: TARGETS, flags: { params: 'baked' } }));
    await c.waitFor('render', (m) => m.target === 'rust');
    let seq = 0;
    for (let i = 0; i < 30; i++) {
      // Alternate sources (worker renders) with param moves (cheap), at uneven intervals.
      if (i % 3 === 0) c.send({ t: 'edit', seq: ++seq, source: SLIDER.replace('x * gain', `x * gain + ${i}.0`) });
      else c.send({ t: 'param', seq: ++seq, name: 'gain', value: i / 4 });
      await sleep(i % 4 === 0 ? 30 : 2);
    }
    const last = SLIDER.replace('x * gain', 'x * gain + 27.0');
    c.send({ t: 'edit', seq: ++seq, delta: { from: last.length, to: last.length, insert: '# the end\n' } });
    for (const target of TARGETS) await c.waitFor('render', (m) => m.target === target && m.seq === seq);
    await sleep(100);
    for (const target of TARGETS) assertIncreasing(renders(c, target).map((r) => r.seq));
    // The delta appended a comment to the last full source; the last param was 7.25.
    assert.match(renders(c, 'typescript').at(-1)!.code!, /x \* 7\.25 \+ 27/);
  });

  test('runtime-mode params do not change the code: no render, the state is confirmed current', async () => {
    const c = track(await open(server, { source: SLIDER, targets: ['typescript'] }));
    await c.waitFor('render');
    for (let seq = 1; seq <= 5; seq++) c.send({ t: 'param', seq, name: 'gain', value: seq });
    await c.waitFor('current', (m) => m.seq === 5);
    await sleep(100);
    assert.equal(renders(c).length, 1);
    assertIncreasing(c.received.flatMap((m) => (m.t === 'current' ? [m.seq] : [])));
  });

  test('backpressure: a client that stops reading gets the newest renders, not every one', async () => {
    // Loopback socket buffers take about 4 MB before the server's own buffer grows.
    const size = 200 * 1024;
    const big = ['typescript', 'go'];
    const c = track(await open(server, { source: bigSource(size), targets: big, flags: { params: 'baked' } }));
    await c.waitFor('render', (m) => m.target === 'go');
    const droppedBefore = await metric(server, 'codelive_live_dropped_total');
    c.socket.pause();
    // One render cycle per event until the socket buffers are full and frames get dropped.
    let events = 0;
    let dropped = 0;
    while (dropped === 0 && events < 150) {
      const cycles = await metric(server, 'codelive_live_render_cycles_total');
      c.send({ t: 'param', seq: ++events, name: 'k', value: events });
      await until(async () => (await metric(server, 'codelive_live_render_cycles_total')) > cycles, 10_000);
      dropped = (await metric(server, 'codelive_live_dropped_total')) - droppedBefore;
    }
    for (let extra = 0; extra < 3; extra++) {
      c.send({ t: 'param', seq: ++events, name: 'k', value: events });
      await sleep(40);
    }
    c.socket.resume();
    for (const target of big) await c.waitFor('render', (m) => m.target === target && m.seq === events, 10_000);
    const got = renders(c).filter((r) => r.seq > 0);
    assert.ok(dropped > 0, 'nothing was dropped');
    assert.ok(got.length < big.length * events, `${got.length} renders arrived for ${events} cycles`);
    for (const target of big) assertIncreasing(renders(c, target).map((r) => r.seq));
    await c.waitFor('stats', (m) => m.dropped > 0);
  });

  test('resume: a new connection takes the session back with its state and latest renders', async () => {
    const first = await open(server, { source: SLIDER, targets: ['typescript'], flags: { params: 'baked' } });
    const { session } = await first.waitFor('welcome');
    first.send({ t: 'param', seq: 4, name: 'gain', value: 3.5 });
    await first.waitFor('render', (m) => m.seq === 4);
    await first.close();

    const second = track(await open(server, { session }));
    const welcome = await second.waitFor('welcome');
    assert.deepEqual([welcome.session, welcome.resumed, welcome.seq], [session, true, 4]);
    const replayed = await second.waitFor('render');
    assert.equal(replayed.seq, 4);
    assert.match(replayed.code!, /x \* 3\.5/);
    second.send({ t: 'param', seq: 4, name: 'gain', value: 1 });
    assert.equal((await second.waitFor('error')).code, 'stale-seq');
    second.send({ t: 'param', seq: 5, name: 'gain', value: 4.5 });
    assert.match((await second.waitFor('render', (m) => m.seq === 5)).code!, /x \* 4\.5/);
  });

  test('resume after the grace period: unknown session, or a fresh one when the hello has a source', async () => {
    const first = await open(server, { source: SLIDER, targets: ['typescript'] });
    const { session } = await first.waitFor('welcome');
    await first.close();
    await sleep(700); // grace 400 ms, checked every 100 ms
    const late = track(await LiveClient.connect(server.url));
    late.send({ t: 'hello', session });
    assert.equal((await late.waitFor('error')).code, 'unknown-session');
    late.send({ t: 'hello', session, source: SLIDER, targets: ['typescript'] });
    const welcome = await late.waitFor('welcome');
    assert.equal(welcome.resumed, false);
    assert.notEqual(welcome.session, session);
  });

  test('malformed frames get error frames; the session and the server carry on', async () => {
    const c = track(await LiveClient.connect(server.url, 'json'));
    c.socket.send('{not json');
    c.socket.send(Buffer.from([0xc1, 0x00]), { binary: true });
    c.send({ t: 'param', seq: 1, name: 'gain', value: 1 });
    c.send({ t: 'hello', source: kernel(103), targets: ['cobol'] });
    c.send({ t: 'warp' });
    c.send({ t: 'hello', source: kernel(103), targets: ['typescript'] });
    await c.waitFor('render');
    c.send({ t: 'edit', seq: 1, delta: { from: 5, to: 2, insert: '' } });
    c.send({ t: 'edit', seq: 1, source: 'x'.repeat(256 * 1024 + 1) });
    c.send({ t: 'flags', seq: 1, flags: { turbo: true } });
    c.send({ t: 'ping', id: 1 });
    await c.waitFor('pong');
    assert.deepEqual(
      errors(c).map((e) => e.code),
      ['bad-frame', 'bad-frame', 'no-session', 'bad-message', 'bad-message', 'bad-message', 'source-too-large', 'bad-message'],
    );
    // The rejected changes left the state alone: a valid change still renders.
    c.send({ t: 'edit', seq: 1, source: kernel(104) });
    assert.match((await c.waitFor('render', (m) => m.seq === 1)).code!, /104\.5/);
    assert.equal((await request(server, 'GET', '/health')).status, 200);
  });

  test('msgpack: a text frame or undecodable bytes are bad frames', async () => {
    const c = track(await open(server, { source: kernel(105), targets: ['typescript'] }));
    c.socket.send('{"t":"ping","id":1}');
    c.socket.send(Buffer.from([0x82, 0xa1]), { binary: true }); // a map cut short
    c.send({ t: 'ping', id: 2 });
    await c.waitFor('pong');
    assert.deepEqual(errors(c).map((e) => e.code), ['bad-frame', 'bad-frame']);
  });

  test('a source over the limit is refused at hello', async () => {
    const c = track(await LiveClient.connect(server.url));
    c.send({ t: 'hello', source: 'x'.repeat(256 * 1024 + 1), targets: ['typescript'] });
    assert.equal((await c.waitFor('error')).code, 'source-too-large');
  });

  test('invalid source: a diagnostics frame with the seq', async () => {
    const c = track(await open(server, { source: kernel(106), targets: ['typescript'] }));
    await c.waitFor('render');
    c.send({ t: 'edit', seq: 1, source: 'kernel broken( -> {' });
    const d = await c.waitFor('diagnostics');
    assert.equal(d.seq, 1);
    assert.ok(d.diagnostics.length > 0);
  });

  test('stats about every interval: per-target percentiles, cache hit rate, renders/s', async () => {
    const c = track(await open(server, { source: SLIDER, targets: TARGETS, flags: { params: 'baked' } }));
    await c.waitFor('render', (m) => m.target === 'rust');
    const stats = await c.waitFor('stats');
    for (const target of TARGETS) {
      const s = stats.targets[target]!;
      assert.ok(s.renders >= 1 && s.p95 >= s.p50 && s.p50 >= 0);
      assert.equal(s.errors, 0);
    }
    assert.ok(stats.cacheHitRate >= 0 && stats.cacheHitRate <= 1);
    assert.ok(stats.rendersPerSecond > 0);
  });

  test('metrics: live sessions gauge and messages by type', async () => {
    assert.ok((await metric(server, 'codelive_live_sessions', { state: 'attached' })) >= 1);
    assert.ok((await metric(server, 'codelive_live_messages_total', { type: 'param' })) >= 100);
  });
});

describe('live protocol limits', () => {
  let server: RunningServer;
  before(async () => {
    server = await startTestServer({ workers: 1, liveMessageRate: 20, liveIdleTimeoutMs: 1000, liveStatsIntervalMs: 50 });
  });
  after(async () => server.close());

  test('rate limit: excess messages get rate-limited errors; the connection stays open', async () => {
    const c = await open(server, { source: kernel(201), targets: ['typescript'] });
    for (let id = 0; id < 100; id++) c.send({ t: 'ping', id });
    c.send({ t: 'ping', id: 'last' });
    await sleep(150);
    const pongs = c.received.filter((m) => m.t === 'pong').length;
    const limited = errors(c).filter((e) => e.code === 'rate-limited').length;
    assert.ok(pongs >= 39 && pongs <= 45, `${pongs} pongs`); // burst of 40 minus the hello, plus refill
    assert.equal(pongs + limited, 101);
    assert.equal(c.socket.readyState, WebSocket.OPEN);
    await sleep(200);
    c.send({ t: 'ping', id: 'later' });
    await c.waitFor('pong', (m) => m.id === 'later');
    await c.close();
  });

  test('idle sessions are closed with 4000', async () => {
    const c = await open(server, { source: kernel(202), targets: ['typescript'] });
    const code = await new Promise<number>((resolve) => c.socket.once('close', (code) => resolve(code)));
    assert.equal(code, 4000);
  });
});

// A long window, so that changes sent back to back surely fall into one.
describe('live coalescing: a change that cancels out', () => {
  let server: RunningServer;
  before(async () => {
    server = await startTestServer({ workers: 1, liveCoalesceMs: 400 });
  });
  after(async () => server.close());

  test('a baked value scrubbed away and back within one window: no render, the last seq is confirmed current', async () => {
    const c = await open(server, { source: SLIDER, targets: ['typescript'], flags: { params: 'baked' } });
    await c.waitFor('render');
    c.send({ t: 'param', seq: 1, name: 'gain', value: 3 });
    await c.waitFor('render', (m) => m.seq === 1);
    // Within the window of the render of seq 1: merged into one state, the one already shown.
    c.send({ t: 'param', seq: 2, name: 'gain', value: 4 });
    c.send({ t: 'param', seq: 3, name: 'gain', value: 3 });
    await c.waitFor('current', (m) => m.seq === 3);
    assert.deepEqual(
      renders(c).map((r) => r.seq),
      [0, 1],
    );
    assert.match(renders(c).at(-1)!.code!, /x \* 3/);
    await c.close();
  });
});

// On a quiet server of its own: prediction only runs when the workers have room.
describe('live prediction', () => {
  let server: RunningServer;
  before(async () => {
    server = await startTestServer({ workers: 1 });
  });
  after(async () => server.close());

  test('prediction: scrubbing pre-renders the next step, which is then a cache hit', async () => {
    const source = SLIDER.replace('x * gain', 'x * gain - 77.0');
    const c = await open(server, { source, targets: TARGETS, flags: { params: 'baked' } });
    await c.waitFor('render', (m) => m.target === 'rust', 15_000);
    const hitsBefore = await metric(server, 'codelive_live_predictions_total', { outcome: 'hit' });
    const prerendersBefore = await metric(server, 'codelive_live_prerenders_total');
    c.send({ t: 'param', seq: 1, name: 'gain', value: 2.5 });
    await c.waitFor('render', (m) => m.seq === 1 && m.target === 'rust');
    // The pre-render of 3.0 (direction of travel) lands in the cache once the workers are idle.
    await until(async () => (await metric(server, 'codelive_live_prerenders_total')) > prerendersBefore);
    await until(async () => server.services.limiter.inflight === 0);
    c.send({ t: 'param', seq: 2, name: 'gain', value: 3 });
    const next = await c.waitFor('render', (m) => m.seq === 2 && m.target === 'rust');
    assert.equal(next.cache, 'hit');
    assert.match(next.code!, /x \* 3\.0 - 77\.0/);
    assert.equal((await metric(server, 'codelive_live_predictions_total', { outcome: 'hit' })) - hitsBefore, 1);
    await c.close();
  });
});
