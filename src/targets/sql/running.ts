// Running aggregates: `scan` and `reduce` steps of the form `acc + g(x)`, `max(acc, g(x))` or
// `min(acc, g(x))` are associative, so SQL computes them as window functions (scan) or
// aggregates (reduce, reduce.ts); any other step walks the elements with a recursive CTE.

import type { Expr, Lambda } from '../../ir/ir.js';
import { bin, type SqlExpr } from './ast.js';
import { accumulate } from './accumulate.js';
import { applyLambda, compileExpr } from './compile.js';
import { inLambda, type Cx } from './context.js';
import { readsVar } from './demand.js';
import { aggregable, exact, plain } from './relation.js';
import { rowResult } from './stages.js';
import { asScalar, scalar, type Rel, type ScalarVal, type Val } from './values.js';

/**
 * `scan`: running sums, minima and maxima are window functions over the array's order; any other
 * lambda walks the elements with a recursive CTE.
 */
export function scanRel(cx: Cx, rel: Rel, init: Val, fn: Lambda): Rel {
  const initRow = rowResult(init, fn);
  const pattern = runningAggregate(fn);
  if (pattern !== null && initRow.kind === 'scalar') {
    const plainRel = plain(cx, rel);
    const { rel: r, arg: g } = aggregable(cx, plainRel, asScalar(bindAndCompile(cx, fn.params[1]!.name, plainRel.row, pattern.element)));
    const over = { orderBy: r.order, running: true };
    const type = initRow.type;
    const windowed = (fnName: string): SqlExpr => ({ k: 'call', fn: fnName, args: [exact(cx, g)], over });
    let sql: SqlExpr;
    if (pattern.op === 'sum') {
      if (type.kind === 'i64') cx.usage.i64Overflow = true;
      else cx.usage.f64Aggregate = true;
      const running = type.kind === 'i64' ? cx.dialect.i64Sum(windowed('sum')) : windowed('sum');
      sql = isZero(initRow) ? running : bin('+', exact(cx, initRow), running);
    } else {
      const running = windowed(pattern.op);
      const init = exact(cx, initRow);
      sql = pattern.op === 'max' ? cx.dialect.greatest(init, running) : cx.dialect.least(init, running);
    }
    return { ...r, row: scalar(type, sql), windowed: true, label: 'scanned' };
  }
  return accumulate(cx, rel, initRow, (acc, x) => rowResult(applyLambda(cx, fn, [acc, x]), fn), 'scanned');
}

function isZero(v: ScalarVal): boolean {
  return v.sql.k === 'lit' && /^0(\.0)?$/.test(v.sql.text);
}

export interface RunningAggregate {
  readonly op: 'sum' | 'min' | 'max';
  /** The per-element term, which does not read the accumulator. */
  readonly element: Expr;
}

/** `(acc, x) => acc + g(x)`, `g(x) + acc`, `max(acc, g(x))`, `min(g(x), acc)`, …: an associative step. */
export function runningAggregate(fn: Lambda): RunningAggregate | null {
  const acc = fn.params[0]!.name;
  const body = fn.body;
  const isAcc = (e: Expr): boolean => e.k === 'var' && e.name === acc;
  const other = (a: Expr, b: Expr): Expr | null => (isAcc(a) && !readsVar(b, acc) ? b : isAcc(b) && !readsVar(a, acc) ? a : null);
  if (body.k === 'binary' && body.op === '+') {
    const element = other(body.left, body.right);
    return element === null ? null : { op: 'sum', element };
  }
  if (body.k === 'call' && (body.fn === 'min' || body.fn === 'max')) {
    const element = other(body.args[0]!, body.args[1]!);
    return element === null ? null : { op: body.fn, element };
  }
  return null;
}

/** Compiles `e` inside a lambda whose parameter `param` is bound to `value`. */
export function bindAndCompile(cx: Cx, param: string, value: Val, e: Expr): Val {
  cx.env.set(param, value);
  return compileExpr(inLambda(cx), e);
}
