import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { PROBLEM_BASE, PROBLEMS, problem, ProblemError } from '../../src/server/problem.js';

test('problem() builds an RFC 9457 document with a stable type per class', () => {
  const p = problem('batch-too-large', 'too many', { maxItems: 15 });
  assert.deepEqual(p, { type: `${PROBLEM_BASE}batch-too-large`, title: 'Batch too large', status: 413, detail: 'too many', maxItems: 15 });
  const e = new ProblemError(problem('overloaded', 'busy'), 1);
  assert.equal(e.statusCode, 429);
  assert.equal(e.retryAfter, 1);
});

test('docs/api.md lists every problem type with its status', async () => {
  const doc = await readFile(new URL('../../docs/api.md', import.meta.url), 'utf8');
  for (const [kind, { status }] of Object.entries(PROBLEMS)) {
    assert.match(doc, new RegExp(`\\| \`${kind}\` \\| ${status} \\|`), kind);
  }
});
