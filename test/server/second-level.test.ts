// The pluggable second cache level, shared by two real servers: what one rendered, the other
// answers without a worker once its source index knows the program.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig } from '../../src/server/config.js';
import { startServer } from '../../src/server/main.js';
import type { SecondLevelCache } from '../../src/server/cache.js';
import type { EmittedTarget } from '../../src/server/pool/protocol.js';
import { kernel, render } from './harness.js';

/** An in-process shared level: the interface a Redis-backed level implements. */
function sharedLevel(): SecondLevelCache<EmittedTarget> & { readonly writes: string[] } {
  const entries = new Map<string, EmittedTarget>();
  const writes: string[] = [];
  return {
    name: 'map',
    writes,
    get: async (key) => entries.get(key),
    set: async (key, value) => {
      writes.push(key);
      entries.set(key, value);
    },
  };
}

test('a render stored by one server is a hit on another once the source index knows the IR', async (t) => {
  const level2 = sharedLevel();
  const config = loadConfig({ overrides: { port: 0, logLevel: 'silent', workers: 1 } });
  const a = await startServer(config, { secondLevel: level2 });
  t.after(() => a.close());
  const b = await startServer(config, { secondLevel: level2 });
  t.after(() => b.close());
  const code = kernel(4242);

  const onA = await render(a, { code, targets: ['typescript', 'go'] });
  assert.equal(onA.status, 200);
  assert.equal(level2.writes.length, 2, 'both renders went to the shared level');

  // B has never seen the source: its worker analyses it (and renders TypeScript itself).
  const first = await render(b, { code, target: 'typescript' });
  assert.equal(first.body.renders.typescript!.cache, 'miss');
  // Now B's source index knows the IR: Go comes from the shared level, no worker involved.
  const second = await render(b, { code, target: 'go' });
  assert.equal(second.body.renders.go!.cache, 'hit');
  assert.equal(second.body.renders.go!.code, onA.body.renders.go!.code);
});
