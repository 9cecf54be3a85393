// Every example kernel, sequential and parallel, function and program mode (runtime and baked
// params), renders to Julia that parses with a real Julia grammar.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadExamples } from '../../../src/verify/corpus.js';
import { assertParses, programOf } from './support.js';
import { juliaTarget } from '../../../src/targets/julia/index.js';

const examples = loadExamples();

test('the corpus is there', () => {
  assert.ok(examples.length >= 10, `only ${examples.length} examples`);
});

for (const ex of examples) {
  test(`example ${ex.name}: every render parses`, () => {
    for (const params of ['runtime', 'baked'] as const) {
      const program = programOf(ex.source, params);
      for (const parallel of [false, true]) {
        const fn = juliaTarget.emit(program, { parallel, params, mode: 'function' });
        assert.deepEqual(fn.diagnostics, []);
        assertParses(fn.code, `${ex.name} function ${params}${parallel ? ' parallel' : ''}`);
        for (const kernel of program.kernels) {
          const prog = juliaTarget.emit(program, { parallel, params, mode: 'program', entry: kernel.name });
          assert.deepEqual(prog.diagnostics, []);
          assertParses(prog.code, `${ex.name}/${kernel.name} program ${params}${parallel ? ' parallel' : ''}`);
        }
      }
    }
  });
}
