import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runProcess } from '../../src/toolchain/process.js';

test('stdin reaches the process and stdout, stderr and the exit code come back', async () => {
  const result = await runProcess('bash', ['-c', 'read -r line; echo "got $line"; echo oops >&2; exit 3'], {
    stdin: 'hello\n',
    timeoutMs: 10_000,
  });
  assert.deepEqual([result.stdout, result.stderr, result.exitCode, result.timedOut], ['got hello\n', 'oops\n', 3, false]);
});

test('a hanging process and its children are killed at the time limit', async () => {
  // The grandchild `sleep` holds the output pipe open: only a process-group kill ends the wait.
  const result = await runProcess('bash', ['-c', 'sleep 30 & wait'], { timeoutMs: 300 });
  assert.equal(result.timedOut, true);
  assert.equal(result.signal, 'SIGKILL');
  assert.equal(result.exitCode, 128 + 9);
  assert.ok(result.durationMs < 5_000, `took ${result.durationMs} ms`);
});

test('runaway output is cut off instead of filling memory', async () => {
  const result = await runProcess('yes', [], { timeoutMs: 10_000, maxOutputBytes: 1024 * 1024 });
  assert.equal(result.outputLimitExceeded, true);
  assert.equal(result.timedOut, false);
  assert.ok(result.stdout.length <= 1024 * 1024);
});

test('a program that exits without reading its input is not an error', async () => {
  const result = await runProcess('true', [], { stdin: 'x'.repeat(1 << 20), timeoutMs: 10_000 });
  assert.equal(result.exitCode, 0);
});

test('a missing executable rejects', async () => {
  await assert.rejects(runProcess('/nonexistent/compiler', [], { timeoutMs: 1_000 }), /ENOENT/);
});
