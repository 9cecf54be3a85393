// Per-client rate limiting, CORS and configured limits, on a small single-worker server.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { TARGET_NAMES } from '../../src/targets/registry.js';
import type { RunningServer } from '../../src/server/main.js';
import { kernel, PROBLEM, request, startTestServer } from './harness.js';

const target = TARGET_NAMES[0]!;
let server: RunningServer;

before(async () => {
  server = await startTestServer({ workers: 1, rateLimitMax: 4, rateLimitWindowMs: 60_000, corsOrigins: ['https://studio.example'], maxBatchItems: 3 });
});
after(() => server.close());

test('CORS: the configured origin is allowed, others get no CORS headers', async () => {
  const allowed = await request(server, 'GET', '/health', undefined, { headers: { origin: 'https://studio.example' } });
  assert.equal(allowed.headers.get('access-control-allow-origin'), 'https://studio.example');
  const other = await request(server, 'GET', '/health', undefined, { headers: { origin: 'https://evil.example' } });
  assert.equal(other.headers.get('access-control-allow-origin'), null);
});

test('the batch limit is configurable', async () => {
  const res = await request(server, 'POST', '/v1/render/batch', { items: Array.from({ length: 4 }, () => ({ code: kernel(), target })) });
  assert.equal(res.status, 413);
  assert.match(res.body.detail as string, /at most 3 items/);
});

test('per-client rate limit: RateLimit-* headers, then 429 rate-limited with Retry-After; health stays exempt', async () => {
  const seen: number[] = [];
  let limited;
  for (let i = 0; i < 6; i++) {
    const res = await request(server, 'GET', '/v1/targets');
    seen.push(res.status);
    if (res.status === 429) {
      limited = res;
      break;
    }
    assert.equal(res.headers.get('ratelimit-limit'), '4');
    assert.ok(res.headers.get('ratelimit-remaining') !== null);
    assert.ok(res.headers.get('ratelimit-reset') !== null);
  }
  assert.ok(limited, `expected a 429 within 6 requests: ${seen.join()}`);
  assert.equal(limited.body.type, PROBLEM('rate-limited'));
  assert.match(limited.headers.get('content-type') ?? '', /problem\+json/);
  assert.ok(Number(limited.headers.get('retry-after')) >= 1);
  assert.equal(limited.headers.get('ratelimit-remaining'), '0');
  assert.equal((await request(server, 'GET', '/health')).status, 200);
  assert.equal((await request(server, 'GET', '/metrics')).status, 200);
});

test('behind a trusted proxy each forwarded client has its own rate-limit budget; untrusted peers cannot pick one', async (t) => {
  const proxied = await startTestServer({ workers: 1, rateLimitMax: 2, rateLimitWindowMs: 60_000, trustProxy: ['127.0.0.1'] });
  t.after(() => proxied.close());
  const from = (client: string) => request(proxied, 'GET', '/v1/targets', undefined, { headers: { 'x-forwarded-for': client } });
  assert.deepEqual([(await from('203.0.113.1')).status, (await from('203.0.113.1')).status, (await from('203.0.113.1')).status], [200, 200, 429]);
  assert.equal((await from('203.0.113.2')).status, 200, 'another client behind the proxy keeps its budget');

  // Without trust, X-Forwarded-For is ignored: the peer address is the client.
  const direct = await startTestServer({ workers: 1, rateLimitMax: 2, rateLimitWindowMs: 60_000 });
  t.after(() => direct.close());
  const statuses = [];
  for (const client of ['198.51.100.1', '198.51.100.2', '198.51.100.3']) {
    statuses.push((await request(direct, 'GET', '/v1/targets', undefined, { headers: { 'x-forwarded-for': client } })).status);
  }
  assert.deepEqual(statuses, [200, 200, 429]);
});
