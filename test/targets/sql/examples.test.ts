// Every kernel of every example, in every dialect, against the reference interpreter: the
// program-mode script on the embedded engine, and the function-mode query with its parameters
// bound (which also holds the emitted SQL to each engine's parser, with no warnings).

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { compareValues } from '../../../src/ir/values.js';
import { openSqlEngine, type SqlEngine } from '../../../src/toolchain/sql.js';
import { DEFAULT_TOLERANCE, expectedOutcome } from '../../../src/verify/differential.js';
import { corpusCases } from '../../../src/verify/corpus.js';
import { DIALECTS, judge, runFunctionMode, type SqlCase } from './harness.js';

/** Example kernels whose documented behaviour SQL cannot give, with the reason the render reports. */
const DEVIATIONS: Readonly<Record<string, string>> = {
  // Both wrap around on purpose; SQL engines stop at i64 overflow.
  'integers.rolling_hash': 'i64-overflow-not-wrapped',
  'integers.factor_stats': 'i64-overflow-not-wrapped',
};

const cases: (SqlCase & { readonly name: string })[] = corpusCases().map((c) => ({
  name: `${c.example}.${c.kernel}`,
  id: `${c.example}.${c.kernel}`,
  source: c.source,
  kernel: c.kernel,
  input: JSON.stringify({ args: c.input.args, params: c.input.params }),
}));

for (const dialect of DIALECTS) {
  describe(`SQL for ${dialect} on the examples`, () => {
    let engine: SqlEngine;
    before(async () => {
      engine = await openSqlEngine(dialect);
    });
    after(() => engine.close());

    for (const c of cases) {
      it(`${c.name}: the program gives the interpreter's result`, async () => {
        const verdict = await judge(engine, c);
        const deviation = DEVIATIONS[c.name];
        if (deviation === undefined) assert.deepEqual(verdict, { kind: 'pass' });
        else {
          assert.equal(verdict.kind, 'reported-deviation', JSON.stringify(verdict));
          assert.equal(verdict.kind === 'reported-deviation' && verdict.reason, deviation);
        }
      });

      it(`${c.name}: the function-mode query, parameters bound, gives it too`, async () => {
        const want = expectedOutcome(c);
        assert.ok(want.ok);
        const got = await runFunctionMode(engine, c);
        if (want.runtimeError !== undefined || DEVIATIONS[c.name] !== undefined) {
          assert.ok('error' in got, `expected an error, got ${JSON.stringify(got)}`);
          return;
        }
        assert.ok('json' in got, 'error' in got ? got.error : '');
        assert.deepEqual(got.warnings, []);
        const kernel = want.program.kernels.find((k) => k.name === c.kernel)!;
        assert.equal(compareValues(want.json, got.json, kernel.ret, { relative: DEFAULT_TOLERANCE }), null);
      });
    }
  });
}
