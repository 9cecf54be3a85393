// Baked params: substitution, defaults, folding, and equivalence with runtime params.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { bakeParams } from '../../src/ir/bake.js';
import { interpret, RuntimeError } from '../../src/ir/interp.js';
import type { Program, ScalarValue } from '../../src/ir/ir.js';
import { printExpr, printProgram } from '../../src/ir/print.js';
import { valueToJson } from '../../src/ir/values.js';
import type { Value } from '../../src/ir/values.js';
import { forEachExpr } from '../../src/ir/walk.js';
import { arg, arrayOf, BOOL, F64, f, filter, I64, iff, bin, param, paramDecl, programOf, reduce, i } from './build.js';
import { invariantViolations } from './invariants.js';
import { PARAMS, randomArgs, randomExpr, randomParams, Rng } from './random.js';

const threshold = paramDecl('threshold', F64, 0.5);
const gain = paramDecl('gain', F64, 2);
const on = paramDecl('on', BOOL, true);
const xs = arg('xs', arrayOf(F64));
// xs.filter(x => x > threshold).sum(x => x * gain), or 0.0 when `on` is false
const score = iff(
  param('on', BOOL),
  reduce('sum', filter(xs, (x) => bin('>', x, param('threshold', F64))), (x) => bin('*', x, param('gain', F64))),
  f(0),
);
const program = programOf(score, { params: [threshold, gain, on] });

function paramReads(p: Program): string[] {
  const names: string[] = [];
  for (const k of p.kernels) forEachExpr(k.body, (e) => e.k === 'var' && e.scope === 'param' && names.push(e.name));
  return names;
}

describe('bakeParams', () => {
  test('replaces every param read by a literal and empties Kernel.params', () => {
    assert.equal(program.kernels[0]!.params.length, 3);
    const baked = bakeParams(program, { threshold: 0.25 });
    assert.deepEqual(paramReads(baked), []);
    assert.deepEqual(baked.kernels[0]!.params, []);
    assert.deepEqual(baked.params, program.params, 'the program still lists its params (the sliders)');
    assert.deepEqual(invariantViolations(baked), []);
  });

  test('uses the given values, else the defaults', () => {
    const run = (p: Program): Value => interpret(p, 'main', { xs: [0.1, 0.3, 1] }, {});
    assert.equal(run(bakeParams(program, {})), 2); // threshold 0.5, gain 2: only 1.0 passes
    assert.equal(run(bakeParams(program, { threshold: 0, gain: 1 })), 0.1 + 0.3 + 1);
    assert.equal(run(bakeParams(program, { on: false })), 0);
  });

  test('folds after substituting: a false switch removes the whole branch, gain 1.0 disappears', () => {
    const off = bakeParams(program, { on: false }).kernels[0]!.body;
    assert.equal(printExpr(off), printExpr(f(0)));
    const unit = printExpr(bakeParams(program, { gain: 1 }).kernels[0]!.body);
    assert.doesNotMatch(unit, /binary \*/);
    assert.match(unit, /lit 0\.5 : f64/);
  });

  test('scrubbing a slider changes the baked program text', () => {
    const a = printProgram(bakeParams(program, { threshold: 0.25 }));
    const b = printProgram(bakeParams(program, { threshold: 0.3 }));
    assert.notEqual(a, b);
    assert.equal(a, printProgram(bakeParams(program, { threshold: 0.25 })));
  });

  test('ignores values for params the program does not declare', () => {
    assert.equal(printProgram(bakeParams(program, { removed: 1n })), printProgram(bakeParams(program, {})));
  });

  test('rejects values of the wrong type and non-finite floats', () => {
    assert.throws(() => bakeParams(program, { gain: 1n }), /`gain` needs a finite f64/);
    assert.throws(() => bakeParams(program, { gain: NaN }), /finite f64/);
    assert.throws(() => bakeParams(program, { gain: Infinity }), /finite f64/);
    assert.throws(() => bakeParams(program, { on: 1 }), /`on` needs a bool/);
    const n = programOf(bin('+', param('n', I64), i(1)), { params: [paramDecl('n', I64, 0n)] });
    assert.throws(() => bakeParams(n, { n: 1.5 }), /needs a i64/);
    assert.throws(() => bakeParams(n, { n: 2n ** 63n }), /needs a i64/);
  });
});

function outcome(p: Program, args: Record<string, Value>, params: Record<string, ScalarValue>): string {
  try {
    return valueToJson(interpret(p, 'main', args, params), p.kernels[0]!.ret);
  } catch (err) {
    if (err instanceof RuntimeError) return `error ${err.code}`;
    throw err;
  }
}

test('a baked program computes what the runtime-params program computes', () => {
  const rng = new Rng(7);
  for (let n = 0; n < 300; n++) {
    const p = programOf(randomExpr(rng, rng.pick([I64, F64, BOOL]), 5), { params: PARAMS });
    const params = randomParams(rng);
    const baked = bakeParams(p, params);
    assert.deepEqual(invariantViolations(baked), []);
    for (let r = 0; r < 3; r++) {
      const args = randomArgs(rng);
      assert.equal(outcome(baked, args, {}), outcome(p, args, params), printProgram(p));
    }
  }
});
