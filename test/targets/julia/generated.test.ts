// 500 generated programs (the differential suite's seed), sequential and parallel, function and
// program mode: every render parses with a real Julia grammar.
//
// A program-mode file is the function-mode file followed by the harness, and the harness starts
// with a fixed JSON reader; both facts are asserted, the reader is parsed once and the rest of
// each harness on its own (Julia files are sequences of independent top-level definitions), so
// the grammar does not re-read 500 copies of the same reader.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sampleCases } from '../../support/gen.js';
import { juliaTarget } from '../../../src/targets/julia/index.js';
import { JSON_READER } from '../../../src/targets/julia/program.js';
import { assertParses, programOf } from './support.js';

const CASES = sampleCases(500, 20261126);

test('the JSON reader every harness carries parses', () => {
  assertParses(JSON_READER, 'JSON reader');
});

test('500 generated programs render to Julia that parses, in every form', () => {
  let renders = 0;
  CASES.forEach((c, i) => {
    const program = programOf(c.source);
    for (const parallel of [false, true]) {
      const what = `case ${i}${parallel ? ' parallel' : ''}\n${c.source}`;
      const fn = juliaTarget.emit(program, { parallel, params: 'runtime', mode: 'function' });
      assert.deepEqual(fn.diagnostics, [], what);
      assertParses(fn.code, what);
      const prog = juliaTarget.emit(program, { parallel, params: 'runtime', mode: 'program', entry: c.kernel });
      assert.ok(prog.code.startsWith(fn.code), `${what}\nprogram mode does not start with the function-mode code`);
      const harness = prog.code.slice(fn.code.length);
      assert.ok(harness.startsWith(`\n${JSON_READER}\n`), `${what}\nthe harness does not start with the JSON reader`);
      assertParses(harness.slice(JSON_READER.length + 2), `${what} (harness)`);
      renders += 2;
    }
  });
  assert.equal(renders, 2000);
});
