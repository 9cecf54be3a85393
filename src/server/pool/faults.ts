// Test-only fault injection, run inside a worker in place of a target's emitter. Reached only
// when the server runs with CODELIVE_TEST_FAULTS=1 and a request names a fault; the seed of
// the later admin "glitch mode".

import type { Fault } from './protocol.js';

export function injectFault(fault: Fault): void {
  if (fault === 'hang') {
    // A CPU-bound runaway render: only terminating the worker stops it.
    for (;;);
  }
  if (fault === 'fail') throw new Error('injected fault: the emitter failed');
  if (fault === 'crash') process.exit(70); // in a worker thread this ends the thread only
  const ms = Number(fault.slice('delay:'.length));
  // Block this thread without burning CPU, like a long render that leaves the core to others.
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}
