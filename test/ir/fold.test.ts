// Constant folding: each rule, the things it must never do, and a differential test on random
// programs (folding never changes a result or a runtime error).

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { foldConstants } from '../../src/ir/fold.js';
import { interpret, RuntimeError } from '../../src/ir/interp.js';
import type { Expr, Program, ScalarValue } from '../../src/ir/ir.js';
import { printExpr, printProgram } from '../../src/ir/print.js';
import { valueToJson } from '../../src/ir/values.js';
import type { Value } from '../../src/ir/values.js';
import { forEachExpr } from '../../src/ir/walk.js';
import {
  arg, arrayOf, b, bin, BOOL, call, cast, F64, f, I64, i, I64_MAX, I64_MIN, iff, let_, map, programOf, s, un,
} from './build.js';
import { invariantViolations } from './invariants.js';
import { PARAMS, randomArgs, randomExpr, randomParams, Rng } from './random.js';

const a = arg('a', I64);
const x = arg('x', F64);
const p = arg('p', BOOL);

const folded = (e: Expr): Expr => foldConstants(programOf(e)).kernels[0]!.body;
const isLit = (e: Expr, value: ScalarValue): boolean => e.k === 'lit' && Object.is(e.value, value);
const assertLit = (e: Expr, value: ScalarValue): void => {
  const out = folded(e);
  assert.ok(isLit(out, value), `expected literal ${String(value)}, got\n${printExpr(out)}`);
};
const assertUnchanged = (e: Expr): void => assert.equal(printExpr(folded(e)), printExpr(e));
const assertFoldsTo = (e: Expr, expected: Expr): void => assert.equal(printExpr(folded(e)), printExpr(expected));

describe('folding literals', () => {
  test('i64 operators wrap exactly like the interpreter', () => {
    assertLit(bin('+', i(1), i(2)), 3n);
    assertLit(bin('+', i(I64_MAX), i(1)), I64_MIN);
    assertLit(bin('*', i(I64_MAX), i(2)), -2n);
    assertLit(bin('/', i(-7), i(2)), -3n);
    assertLit(bin('%', i(7), i(-2)), 1n);
    assertLit(bin('/', i(I64_MIN), i(-1)), I64_MIN);
    assertLit(un('-', i(I64_MIN)), I64_MIN);
    assertLit(call('abs', i(I64_MIN)), I64_MIN);
  });

  test('division and remainder by zero are left for run time', () => {
    assertUnchanged(bin('/', i(7), i(0)));
    assertUnchanged(bin('%', i(7), i(0)));
    assertUnchanged(bin('+', bin('/', i(1), i(0)), a));
    const out = folded(bin('/', i(7), bin('-', i(3), i(3))));
    assert.equal(out.k, 'binary', 'the divisor folds to 0, the division stays');
    assert.throws(() => interpret(foldConstants(programOf(out)), 'main', {}, {}), RuntimeError);
  });

  test('f64 operators, with no NaN or Infinity literal ever produced', () => {
    assertLit(bin('+', f(0.1), f(0.2)), 0.30000000000000004);
    assertLit(bin('%', f(-7.5), f(2)), -1.5);
    assertLit(un('-', f(0)), -0);
    assertLit(bin('*', f(-1), f(0)), -0);
    assertUnchanged(bin('/', f(1), f(0)));
    assertUnchanged(bin('/', f(0), f(0)));
    assertUnchanged(bin('*', f(1e308), f(10)));
    assertUnchanged(call('sqrt', f(-1)));
    assertUnchanged(call('ln', f(0)));
  });

  test('comparisons, including strings by code point', () => {
    assertLit(bin('<', s('\uffff'), s('\u{10000}')), true);
    assertLit(bin('==', f(0), un('-', f(0))), true);
    assertLit(bin('<', i(-1), i(0)), true);
    assertLit(bin('>=', b(false), b(true)), false);
  });

  test('casts and built-ins', () => {
    assertLit(cast('i64', f(1e19)), I64_MAX);
    assertLit(cast('i64', f(-2.7)), -2n);
    assertLit(cast('f64', i(2n ** 53n + 1n)), 2 ** 53);
    assertLit(call('round', f(-2.5)), -3);
    assertLit(call('min', f(-0), f(0)), -0);
    assertLit(call('pow', f(2), f(10)), 1024);
    assertLit(call('max', i(3), i(9)), 9n);
  });
});

describe('folding control flow', () => {
  test('if with a literal condition keeps the taken branch only', () => {
    assertFoldsTo(iff(b(true), a, bin('/', i(1), i(0))), a);
    assertFoldsTo(iff(bin('<', i(1), i(0)), bin('/', i(1), i(0)), a), a);
    assertUnchanged(iff(p, a, i(0)));
  });

  test('&& and || with a literal left side', () => {
    const boom = bin('==', bin('/', i(1), i(0)), i(1));
    assertLit(bin('&&', b(false), boom), false);
    assertLit(bin('||', b(true), boom), true);
    assertFoldsTo(bin('&&', b(true), p), p);
    assertFoldsTo(bin('||', b(false), p), p);
  });

  test('&& true and || false on the right are identities; the other literals keep the left side', () => {
    assertFoldsTo(bin('&&', p, b(true)), p);
    assertFoldsTo(bin('||', p, b(false)), p);
    const boom = bin('==', bin('/', a, i(0)), i(1));
    assertUnchanged(bin('&&', boom, b(false)));
    assertUnchanged(bin('||', boom, b(true)));
  });

  test('a let bound to a literal is substituted into its body', () => {
    const e = let_(bin('+', i(2), i(3)), (v) => bin('*', v, a));
    assertFoldsTo(e, bin('*', i(5), a));
    assertLit(let_(i(2), (v) => let_(bin('*', v, v), (w) => bin('+', w, v))), 6n);
  });

  test('a let bound to anything else stays', () => {
    assertUnchanged(let_(bin('+', a, i(1)), (v) => bin('*', v, v)));
  });

  test('folds inside lambdas', () => {
    const xs = arg('xs', arrayOf(I64));
    const e = map(xs, (v) => bin('+', v, bin('*', i(2), i(3))));
    const out = folded(e);
    assert.equal(out.k, 'map');
    assert.ok(out.k === 'map' && out.fn.body.k === 'binary' && isLit(out.fn.body.right, 6n));
  });
});

describe('algebraic identities', () => {
  test('exact i64 identities', () => {
    for (const e of [bin('*', a, i(1)), bin('*', i(1), a), bin('+', a, i(0)), bin('+', i(0), a), bin('-', a, i(0)), bin('/', a, i(1))]) {
      assertFoldsTo(e, a);
    }
    assertFoldsTo(un('-', un('-', a)), a);
  });

  test('i64 rewrites that would drop a possible runtime error or change a value do not happen', () => {
    const risky = bin('/', i(1), a);
    assertUnchanged(bin('*', risky, i(0)));
    assertUnchanged(bin('-', i(0), a));
    assertUnchanged(bin('/', i(1), a));
    assertUnchanged(bin('%', a, i(1)));
  });

  test('exact f64 identities only: x + 0.0 is not x when x is -0.0', () => {
    for (const e of [bin('*', x, f(1)), bin('*', f(1), x), bin('/', x, f(1)), bin('-', x, f(0)), bin('+', x, f(-0)), bin('+', f(-0), x)]) {
      assertFoldsTo(e, x);
    }
    for (const e of [bin('+', x, f(0)), bin('+', f(0), x), bin('-', x, f(-0)), bin('*', x, f(0)), bin('-', f(0), x)]) {
      assertUnchanged(e);
    }
    assertFoldsTo(un('!', un('!', p)), p);
  });

  test('a folded program that changes nothing keeps its nodes', () => {
    const e = bin('+', a, bin('*', a, arg('c', I64)));
    assert.equal(folded(e), e);
  });
});

// ---------------------------------------------------------------------------------------------

function outcome(program: Program, args: Record<string, Value>, params: Record<string, ScalarValue>): string {
  try {
    return valueToJson(interpret(program, 'main', args, params), program.kernels[0]!.ret);
  } catch (err) {
    if (err instanceof RuntimeError) return `error ${err.code}`;
    throw err;
  }
}

function nodeCount(p: Program): number {
  let n = 0;
  forEachExpr(p.kernels[0]!.body, () => n++);
  return n;
}

describe('random programs', () => {
  const rng = new Rng(20240611);
  // Deep programs exercise interactions; shallow ones let details such as the sign of a zero
  // reach the output instead of vanishing in later arithmetic.
  const programs = [
    ...Array.from({ length: 500 }, () => programOf(randomExpr(rng, rng.pick([I64, F64, BOOL]), 6), { params: PARAMS })),
    ...Array.from({ length: 300 }, () => programOf(randomExpr(rng, rng.pick([I64, F64]), 2), { params: PARAMS })),
  ];

  test('folding never changes a result or a runtime error', () => {
    for (const program of programs) {
      const after = foldConstants(program);
      for (let run = 0; run < 8; run++) {
        const args = randomArgs(rng);
        const params = randomParams(rng);
        assert.equal(outcome(after, args, params), outcome(program, args, params), printProgram(program));
      }
    }
  });

  test('folding is idempotent and keeps the IR invariants', () => {
    let before = 0;
    let after = 0;
    for (const program of programs) {
      const once = foldConstants(program);
      assert.equal(printProgram(foldConstants(once)), printProgram(once));
      assert.deepEqual(invariantViolations(once), []);
      before += nodeCount(program);
      after += nodeCount(once);
    }
    assert.ok(after < before * 0.9, `folding removed too little: ${before} → ${after} nodes`);
  });
});
