// The HTTP API against a real server on loopback: every endpoint, caching, de-duplication and
// every client-error class.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_LIMITS } from '../../src/lang/limits.js';
import { TARGET_NAMES, TARGETS } from '../../src/targets/registry.js';
import type { RunningServer } from '../../src/server/main.js';
import { kernel, metric, PROBLEM, rawSocket, readUntilClose, render, request, startTestServer, type RenderBody } from './harness.js';

let server: RunningServer;
const target = TARGET_NAMES[0]!;

before(async () => {
  server = await startTestServer({ bodyLimitBytes: 512 * 1024 });
});
after(() => server.close());

test('GET /health answers ok', async () => {
  const res = await request(server, 'GET', '/health');
  assert.equal(res.status, 200);
  assert.deepEqual(res.body, { status: 'ok' });
  assert.ok(res.headers.get('x-request-id'));
});

test('GET /health/detailed reports components, cache, limiter, breakers and the process', async () => {
  const res = await request<Record<string, any>>(server, 'GET', '/health/detailed');
  assert.equal(res.status, 200);
  assert.equal(res.body.status, 'ok');
  assert.match(res.body.version, /^\d+\.\d+\.\d+/);
  assert.ok(res.body.uptimeSeconds > 0);
  const { workers, cache, limiter, breakers } = res.body.components;
  assert.equal(workers.status, 'ok');
  assert.equal(workers.threads, 2);
  assert.equal(typeof cache.render.hitRate, 'number');
  assert.ok(limiter.limit >= 1);
  assert.deepEqual(Object.keys(breakers.targets).sort(), [...TARGET_NAMES].sort());
  assert.ok(res.body.process.memory.rssBytes > 0);
  assert.equal(typeof res.body.process.eventLoopDelayMs.p99, 'number');
});

test('GET /v1/targets lists targets, flags and limits', async () => {
  const res = await request<Record<string, any>>(server, 'GET', '/v1/targets');
  assert.equal(res.status, 200);
  assert.deepEqual(res.body.targets.map((t: { name: string }) => t.name), [...TARGET_NAMES]);
  assert.deepEqual(Object.keys(res.body.flags), ['parallel', 'params', 'mode', 'entry', 'dialect']);
  assert.equal(res.body.limits.server.maxBatchItems, 15);
  assert.equal(res.body.limits.language.maxSourceBytes, DEFAULT_LIMITS.maxSourceBytes);
});

test('the OpenAPI document describes the API; /docs serves it browsable', async () => {
  const doc = await request<Record<string, any>>(server, 'GET', '/openapi.json');
  assert.equal(doc.status, 200);
  assert.match(doc.body.openapi, /^3\./);
  for (const path of ['/v1/render', '/v1/render/batch', '/v1/targets', '/health', '/health/detailed']) {
    assert.ok(doc.body.paths[path], `missing ${path}`);
  }
  const ui = await fetch(`${server.url}/docs/`);
  assert.equal(ui.status, 200);
  assert.match(ui.headers.get('content-type') ?? '', /html/);
});

test('GET /metrics exposes the codelive_* metrics', async () => {
  await render(server, { code: kernel(), target });
  const text = (await request(server, 'GET', '/metrics')).body.text as string;
  for (const name of [
    'codelive_http_requests_total',
    'codelive_http_request_duration_seconds',
    'codelive_http_active_requests',
    'codelive_render_duration_seconds',
    'codelive_renders_total',
    'codelive_render_fallbacks_total',
    'codelive_cache_hits_total',
    'codelive_cache_misses_total',
    'codelive_cache_evictions_total',
    'codelive_breaker_state',
    'codelive_limiter_limit',
    'codelive_limiter_inflight',
    'codelive_queue_depth',
    'codelive_batch_size_items',
    'codelive_nodejs_eventloop_lag_p99_seconds',
    'codelive_glitch_activations_total',
    'codelive_process_cpu_seconds_total',
  ]) {
    assert.match(text, new RegExp(`^# TYPE ${name} `, 'm'), name);
  }
  assert.ok((await metric(server, 'codelive_http_requests_total', { route: '/v1/render', class: 'success' })) >= 1);
});

test('POST /v1/render renders one target, then answers the same request from the cache', async () => {
  const body = { code: kernel(1001), target };
  const first = await render(server, body);
  assert.equal(first.status, 200, JSON.stringify(first.body));
  const r = first.body.renders[target]!;
  assert.equal(r.status, 'ok');
  assert.ok(r.code.length > 0);
  assert.equal(r.cache, 'miss');
  assert.deepEqual(Object.keys(first.body.renders), [target]);
  assert.match(first.headers.get('server-timing') ?? '', /cache;desc=".*:miss".*front;dur=.*total;dur=/);
  assert.equal(first.headers.get('ratelimit-limit'), '3000');

  const second = await render(server, body);
  assert.equal(second.body.renders[target]!.cache, 'hit');
  assert.equal(second.body.renders[target]!.code, r.code);
  assert.equal(second.body.irKey, first.body.irKey);
  assert.deepEqual(second.body.renders[target]!.timings, { queue: 0, front: 0, emit: 0, total: 0 }, 'a hit did no render work');

  // An exact repeat of an all-hit answer is replayed from the response memo, byte for byte.
  const memoHits = await metric(server, 'codelive_cache_hits_total', { level: 'response' });
  const third = await render(server, body);
  assert.deepEqual(third.body, second.body);
  assert.match(third.headers.get('content-type') ?? '', /^application\/json/);
  assert.match(third.headers.get('server-timing') ?? '', /^cache;desc=".*:hit", total;dur=/);
  assert.equal(await metric(server, 'codelive_cache_hits_total', { level: 'response' }), memoHits + 1);
});

test('a whitespace- and comment-only edit hits the cache through the canonical IR', async () => {
  const code = kernel(1002);
  const first = await render(server, { code, target });
  const edited = `# a new comment\n\n${code.replaceAll('\n', '\n\n').replaceAll(' => ', '   =>   ')}  # trailing\n`;
  const second = await render(server, { code: edited, target });
  assert.equal(second.status, 200, JSON.stringify(second.body));
  assert.equal(second.body.renders[target]!.cache, 'ir_hit');
  assert.equal(second.body.irKey, first.body.irKey);
  assert.equal(second.body.renders[target]!.code, first.body.renders[target]!.code);
  // A real change is not a hit.
  const changed = await render(server, { code: kernel(1003), target });
  assert.equal(changed.body.renders[target]!.cache, 'miss');
  assert.notEqual(changed.body.irKey, first.body.irKey);
});

test('every target at once; each answers independently, from one analysis of the source', async () => {
  const res = await render(server, { code: kernel(1004), targets: [...TARGET_NAMES] });
  assert.equal(res.status, 200);
  assert.deepEqual(Object.keys(res.body.renders), [...TARGET_NAMES]);
  for (const t of TARGET_NAMES) assert.ok(['ok', 'unsupported'].includes(res.body.renders[t]!.status), t);
  // One worker task rendered them all: they share its front-end time to the last digit.
  const fronts = new Set(TARGET_NAMES.map((t) => res.body.renders[t]!.timings.front));
  assert.equal(fronts.size, 1, [...fronts].join());
});

test('N identical concurrent requests cost one render', async () => {
  const body = { code: kernel(1005), target };
  const answers = await Promise.all(Array.from({ length: 8 }, () => render(server, body)));
  const outcomes = answers.map((a) => a.body.renders[target]!.cache);
  assert.equal(outcomes.filter((o) => o === 'miss').length, 1, outcomes.join());
  assert.ok(outcomes.every((o) => ['miss', 'shared', 'hit'].includes(o)), outcomes.join());
  assert.equal(new Set(answers.map((a) => a.body.renders[target]!.code)).size, 1);
});

test('parallel where the target cannot: 200 with degraded and machine-readable reasons, counted apart', async () => {
  const sequentialOnly = TARGETS.filter((t) => t.parallel === 'none').map((t) => t.name);
  const before = await metric(server, 'codelive_http_requests_total', { route: '/v1/render', class: 'degraded' });
  const res = await render(server, { code: kernel(1006), targets: [...TARGET_NAMES], flags: { parallel: true } });
  assert.equal(res.status, 200);
  const degraded = Object.values(res.body.renders).filter((r) => r.degraded);
  assert.equal(res.body.degraded, degraded.length > 0);
  for (const name of sequentialOnly) assert.equal(res.body.renders[name]!.degraded, true, `${name} has no parallel form`);
  for (const r of degraded) {
    assert.equal(r.status, 'ok');
    assert.ok(r.reasons.length > 0 && r.reasons.every((x) => typeof x.code === 'string' && x.code.length > 0));
  }
  if (degraded.length > 0) {
    assert.equal(await metric(server, 'codelive_http_requests_total', { route: '/v1/render', class: 'degraded' }), before + 1);
    assert.ok((await metric(server, 'codelive_render_fallbacks_total')) >= degraded.length);
  }
});

test('params: baked with param values; i64 values as JSON numbers', async () => {
  const code = 'param n: i64 = 3 in 1..10\nparam g: f64 = 1.0 in 0.0..2.0\nkernel f(xs: [i64]) -> i64 { xs.map(x => x * n).sum() }\n';
  const res = await render(server, { code, target, flags: { params: 'baked' }, paramValues: { n: 7, g: 1.5 } });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  assert.match(res.body.renders[target]!.code, /7/);
  const wrong = await render(server, { code, target, flags: { params: 'baked' }, paramValues: { n: 99 } });
  assert.equal(wrong.status, 422);
  assert.equal(wrong.body.type, PROBLEM('source-invalid'));
});

test('source errors are a 422 problem with the diagnostics list', async () => {
  const res = await render(server, { code: 'kernel f(xs: [f64]) -> f64 { xs.map(x => y).sum() }\nkernel g( -> i64 { 1 }', target });
  assert.equal(res.status, 422);
  assert.match(res.headers.get('content-type') ?? '', /^application\/problem\+json/);
  assert.equal(res.body.type, PROBLEM('source-invalid'));
  assert.equal(res.body.status, 422);
  assert.ok(res.body.diagnostics.length >= 2, 'the parser recovers and reports several errors');
  assert.ok(res.body.diagnostics.every((d) => /^CL\d{4}$/.test(d.code)));
  const again = await render(server, { code: 'kernel g( -> i64 { 1 }', target });
  assert.equal(again.status, 422);
});

test('sources hitting each language limit get a 422 with a CL4xxx diagnostic', async () => {
  const cases: Record<string, string> = {
    CL4001: `kernel f() -> i64 { 1 }\n#${'x'.repeat(DEFAULT_LIMITS.maxSourceBytes)}\n`,
    CL4002: `kernel f() -> i64 { ${'('.repeat(DEFAULT_LIMITS.maxNestingDepth + 5)}1${')'.repeat(DEFAULT_LIMITS.maxNestingDepth + 5)} }`,
    CL4003: Array.from({ length: DEFAULT_LIMITS.maxKernels + 1 }, (_, i) => `kernel k${i}() -> i64 { ${i} }`).join('\n'),
    CL4004: `kernel f() -> i64 { ${Array.from({ length: DEFAULT_LIMITS.maxTokens }, () => '1').join(' + ')} }`,
  };
  for (const [code, source] of Object.entries(cases)) {
    const res = await render(server, { code: source, target });
    assert.equal(res.status, 422, code);
    assert.ok(res.body.diagnostics.some((d) => d.code === code), `${code}: ${JSON.stringify(res.body.diagnostics.slice(0, 2))}`);
  }
});

test('unknown targets, unknown flags and wrong types are 400 validation problems', async () => {
  const unknownTarget = await render(server, { code: kernel(), target: 'cobol' });
  assert.equal(unknownTarget.status, 400);
  assert.equal(unknownTarget.body.type, PROBLEM('validation'));
  assert.match(unknownTarget.body.detail!, new RegExp(`/target: must be one of: ${TARGET_NAMES.join(', ')}`));

  const unknownFlag = await render(server, { code: kernel(), target, flags: { turbo: true } });
  assert.equal(unknownFlag.status, 400);
  assert.deepEqual(unknownFlag.body.errors![0], { path: '/flags/turbo', message: 'is not a known field' });

  const wrongType = await render(server, { code: 42, target });
  assert.equal(wrongType.status, 400);
  assert.equal(wrongType.body.errors![0]!.path, '/code');

  const badFlagValue = await render(server, { code: kernel(), target, flags: { mode: 'script' } });
  assert.equal(badFlagValue.status, 400);

  const both = await render(server, { code: kernel(), target, targets: [target] });
  assert.equal(both.status, 400);
  assert.match(both.body.detail!, /exactly one of `target`/);
  const neither = await render(server, { code: kernel() });
  assert.equal(neither.status, 400);

  const faults = await render(server, { code: kernel(), target, faults: { [target]: 'hang' } });
  assert.equal(faults.status, 400, 'the fault hook does not exist outside test-fault builds');
});

test('malformed JSON, a missing body and a non-JSON body are clean problems', async () => {
  const malformed = await request(server, 'POST', '/v1/render', '{"code": "x", ');
  assert.equal(malformed.status, 400);
  assert.equal(malformed.body.type, PROBLEM('malformed-json'));
  const empty = await request(server, 'POST', '/v1/render', '');
  assert.equal(empty.status, 400);
  const text = await fetch(`${server.url}/v1/render`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'kernel' });
  assert.equal(text.status, 415);
  assert.equal(((await text.json()) as { type: string }).type, PROBLEM('unsupported-media-type'));
});

test('an oversized body is a 413 problem', async () => {
  const res = await render(server, { code: 'x'.repeat(600 * 1024), target });
  assert.equal(res.status, 413);
  assert.equal(res.body.type, PROBLEM('body-too-large'));
});

test('unknown routes are a 404 problem', async () => {
  const res = await request(server, 'GET', '/v2/nothing');
  assert.equal(res.status, 404);
  assert.equal(res.body.type, PROBLEM('not-found'));
  assert.match(res.headers.get('content-type') ?? '', /problem\+json/);
});

test('POST /v1/render/batch renders up to 15 items concurrently, each with its own status', async () => {
  const items = Array.from({ length: 15 }, (_, i) => ({ code: kernel(2000 + i), target }));
  items[3] = { code: 'kernel broken( {', target };
  const res = await request<{ items: { status: number; render?: RenderBody; problem?: { type: string } }[] }>(
    server,
    'POST',
    '/v1/render/batch',
    { items },
  );
  assert.equal(res.status, 200);
  assert.equal(res.body.items.length, 15);
  assert.equal(res.body.items[3]!.status, 422);
  assert.equal(res.body.items[3]!.problem!.type, PROBLEM('source-invalid'));
  for (const [i, item] of res.body.items.entries()) {
    if (i !== 3) assert.equal(item.render!.renders[target]!.status, 'ok');
  }
  assert.ok((await metric(server, 'codelive_batch_size_items_count')) >= 1);

  // Once every item is cached, the batch answer is assembled from memoized answers: same body.
  const cached = Array.from({ length: 15 }, (_, i) => ({ code: kernel(2000 + i), target }));
  await request(server, 'POST', '/v1/render/batch', { items: cached }); // renders item 3 for the first time
  const full = await request(server, 'POST', '/v1/render/batch', { items: cached });
  assert.doesNotMatch(full.headers.get('server-timing') ?? '', /memo/);
  const replayed = await request(server, 'POST', '/v1/render/batch', { items: cached });
  assert.equal(replayed.status, 200);
  assert.match(replayed.headers.get('server-timing') ?? '', /cache;desc="memo"/);
  assert.deepEqual(replayed.body, full.body);
});

test('a batch over the limit is a 413 with a clear message', async () => {
  const items = Array.from({ length: 16 }, () => ({ code: kernel(), target }));
  const res = await request(server, 'POST', '/v1/render/batch', { items });
  assert.equal(res.status, 413);
  assert.equal(res.body.type, PROBLEM('batch-too-large'));
  assert.match(res.body.detail as string, /at most 15 items; this one has 16/);
  const huge = await request(server, 'POST', '/v1/render/batch', { items: Array.from({ length: 5000 }, () => ({ code: '', target })) });
  assert.equal(huge.status, 413);
});

test('a client-supplied request id is echoed; a hostile one is replaced', async () => {
  const mine = await request(server, 'GET', '/health', undefined, { headers: { 'x-request-id': 'abc-123' } });
  assert.equal(mine.headers.get('x-request-id'), 'abc-123');
  const hostile = await request(server, 'GET', '/health', undefined, { headers: { 'x-request-id': 'x'.repeat(500) } });
  assert.match(hostile.headers.get('x-request-id') ?? '', /^[0-9a-f-]{36}$/);
});

test('garbage on the wire is cut off cleanly and the server keeps serving', async () => {
  const socket = await rawSocket(server);
  socket.write('NOT HTTP AT ALL\r\n\r\n');
  const { data } = await readUntilClose(socket, 2000);
  assert.match(data, /^HTTP\/1\.1 400/);
  assert.equal((await request(server, 'GET', '/health')).status, 200);
});
