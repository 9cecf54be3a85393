// The meaning of the emitted Julia, checked without Julia: every example kernel and 500
// generated programs, sequential and parallel, run on the executable model of Julia in
// model.ts, must give the reference interpreter's answer (or fail where it fails). This is what
// catches an off-by-one index, a wrong stage order or a variable shared across scopes.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { corpusCases } from '../../../src/verify/corpus.js';
import { sampleCases } from '../../support/gen.js';
import { checkOnModel } from './model-check.js';

test('every example kernel means in Julia what it means in the interpreter', () => {
  let checked = 0;
  for (const c of corpusCases()) {
    checked += checkOnModel({ name: `${c.example}/${c.kernel}`, source: c.source, kernel: c.kernel, input: JSON.stringify({ args: c.input.args, params: c.input.params }) });
  }
  assert.ok(checked > 90, `only ${checked} runs`);
});

test('500 generated programs mean in Julia what they mean in the interpreter', () => {
  let checked = 0;
  sampleCases(500, 20261126).forEach((c, i) => {
    checked += checkOnModel({ name: `generated case ${i}`, source: c.source, kernel: c.kernel, input: JSON.stringify(c.input) });
  });
  assert.ok(checked > 1400, `only ${checked} runs`);
});
