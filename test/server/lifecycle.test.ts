// Startup on the documented port and graceful shutdown that drains in-flight requests.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { TARGET_NAMES } from '../../src/targets/registry.js';
import { kernel, PROBLEM, rawSocket, readUntilClose, render, request, startTestServer } from './harness.js';

const target = TARGET_NAMES[0]!;

test('graceful shutdown lets in-flight renders finish, answers late requests 503, then refuses connections', async () => {
  const server = await startTestServer({ workers: 1, testFaults: true });
  const inFlight = render(server, { code: kernel(1), target, faults: { [target]: 'delay:400' } });
  // A request whose headers are still arriving when the shutdown starts.
  const late = await rawSocket(server);
  late.write('GET /health HTTP/1.1\r\nhost: x\r\n');
  const lateAnswer = readUntilClose(late, 3000);
  await sleep(100);
  const closing = server.close();
  await sleep(50);
  late.write('\r\n');
  const answer = await inFlight;
  assert.equal(answer.status, 200, 'the in-flight render completed');
  assert.equal(answer.body.renders[target]!.status, 'ok');
  const { data } = await lateAnswer;
  assert.match(data, /^HTTP\/1\.1 503/);
  assert.match(data, /application\/problem\+json/);
  assert.match(data, new RegExp(PROBLEM('shutting-down')));
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
