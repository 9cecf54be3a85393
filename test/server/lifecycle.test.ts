// Startup on the documented port and graceful shutdown that drains in-flight requests.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { TARGET_NAMES } from '../../src/targets/registry.js';
import { kernel, render, request, startTestServer } from './harness.js';

const target = TARGET_NAMES[0]!;

test('graceful shutdown lets in-flight renders finish, then refuses connections', async () => {
  const server = await startTestServer({ workers: 1, testFaults: true });
  const inFlight = render(server, { code: kernel(1), target, faults: { [target]: 'delay:400' } });
  await sleep(100);
  const closing = server.close();
  const answer = await inFlight;
  assert.equal(answer.status, 200, 'the in-flight render completed');
  assert.equal(answer.body.renders[target]!.status, 'ok');
  await closing;
  await assert.rejects(request(server, 'GET', '/health'), 'no longer accepting connections');
  await server.close(); // idempotent
});

test('a busy port is reported, not swallowed', async () => {
  const server = await startTestServer({ workers: 1 });
  try {
    await assert.rejects(startTestServer({ workers: 1, port: server.port }), /EADDRINUSE/);
  } finally {
    await server.close();
  }
});
