// Arrays to scalars: aggregates in scalar subqueries, EXISTS for any/all, a positional lookup
// for indexing, and folds.
//
// Errors (empty min/max/mean, an index out of bounds) are raised where the value is used,
// `coalesce((SELECT max(value) FROM xs), <raise>)`, never inside the subquery: DuckDB computes
// subqueries eagerly, also for rows where the enclosing CASE never reads them.

import type { Lambda, ReduceOp } from '../../ir/ir.js';
import type { Scalar, Type } from '../../lang/types.js';
import { bin, call, col, conjunction, countStar, lit, not, select, subquery, type Alias, type Query, type SqlExpr } from './ast.js';
import { accumulate } from './accumulate.js';
import { applyLambda } from './compile.js';
import type { RaiseCode } from './dialect.js';
import type { Cx } from './context.js';
import { addCondition, aggregable, exact, IDX, placeQuery, plain, positional } from './relation.js';
import { bindAndCompile, runningAggregate } from './running.js';
import { rowResult } from './stages.js';
import { asScalar, mapLeaves, scalar, type Rel, type RowVal, type ScalarVal, type Val } from './values.js';

/** An expression raising a runtime error, noting the helper PostgreSQL needs for it. */
export function raise(cx: Cx, code: RaiseCode, message: string, type: Scalar): SqlExpr {
  if (cx.dialect.name === 'postgres') cx.usage.raiseHelper = true;
  return cx.dialect.raise(code, message, type);
}

/** `(SELECT <agg> FROM <rel>)` with the CTEs it reads placed for the current level. */
function aggregateOver(cx: Cx, r: Rel, agg: SqlExpr): SqlExpr {
  return subquery(placeQuery(cx, select({ columns: [{ expr: agg, as: null }], from: r.from, where: conjunction(r.where) }), r.ctes));
}

function existsIn(cx: Cx, r: Rel, cond: SqlExpr): SqlExpr {
  const q: Query = placeQuery(cx, select({ columns: [{ expr: lit('1'), as: null }], from: r.from, where: conjunction(addCondition(r.where, cond)) }), r.ctes);
  return { k: 'exists', query: q };
}

function elementValue(cx: Cx, r: Rel, fn: Lambda | null): ScalarVal {
  return asScalar(fn === null ? r.row : applyLambda(cx, fn, [r.row]));
}

export function reduction(cx: Cx, op: ReduceOp, rel: Rel, fn: Lambda | null, type: Type): Val {
  const r = plain(cx, rel);
  switch (op) {
    case 'len':
      return scalar(type, aggregateOver(cx, r, countStar()));
    case 'count': {
      if (fn === null) return scalar(type, aggregateOver(cx, r, countStar()));
      const holds = elementValue(cx, r, fn);
      return scalar(type, aggregateOver(cx, { ...r, where: addCondition(r.where, holds.sql) }, countStar()));
    }
    case 'any':
      return scalar(type, existsIn(cx, r, elementValue(cx, r, fn).sql));
    case 'all':
      return scalar(type, not(existsIn(cx, r, not(elementValue(cx, r, fn).sql))));
    case 'sum': {
      const { rel: over, arg } = aggregable(cx, r, elementValue(cx, r, fn));
      return scalar(type, aggregateOver(cx, over, sumOf(cx, exact(cx, arg), type)));
    }
    case 'prod':
      return product(cx, r, fn, type);
    case 'min':
    case 'max':
    case 'mean': {
      const { rel: over, arg: g } = aggregable(cx, r, elementValue(cx, r, fn));
      let agg: SqlExpr;
      if (op === 'mean') {
        cx.usage.f64Aggregate = true;
        agg = call('avg', g.type.kind === 'i64' ? cx.dialect.cast(exact(cx, g), 'f64') : exact(cx, g));
      } else {
        agg = call(op, g.type.kind === 'str' ? cx.dialect.codePointOrder(exact(cx, g)) : exact(cx, g));
      }
      const value = aggregateOver(cx, over, agg);
      return scalar(type, call('coalesce', value, raise(cx, 'CLR002', `${op} of an empty array`, scalarKind(type))));
    }
  }
}

/** SUM that is 0 for no rows and BIGINT for i64. */
function sumOf(cx: Cx, g: SqlExpr, type: Type): SqlExpr {
  if (type.kind === 'i64') {
    cx.usage.i64Overflow = true;
    return call('coalesce', cx.dialect.i64Sum(call('sum', g)), lit('0'));
  }
  cx.usage.f64Aggregate = true;
  // SQLite's total() is the float sum that is 0.0 for no rows.
  return cx.dialect.name === 'sqlite' ? call('total', g) : call('coalesce', call('sum', g), lit('0.0'));
}

/** SQL has no product aggregate (DuckDB's `product` is f64 only): multiply step by step. */
function product(cx: Cx, r: Rel, fn: Lambda | null, type: Type): Val {
  if (type.kind === 'f64' && cx.dialect.name === 'duckdb') {
    cx.usage.f64Aggregate = true;
    const { rel: over, arg } = aggregable(cx, r, elementValue(cx, r, fn));
    return scalar(type, aggregateOver(cx, over, call('coalesce', call('product', exact(cx, arg)), lit('1.0'))));
  }
  if (type.kind === 'i64') cx.usage.i64Overflow = true;
  const one = scalar(type, lit(type.kind === 'i64' ? '1' : '1.0'), !cx.dialect.untypedLiterals);
  const states = accumulate(
    cx,
    r,
    one,
    (acc, x) => {
      const g = asScalar(fn === null ? x : applyLambda(cx, fn, [x]));
      return scalar(type, bin('*', exact(cx, asScalar(acc)), g.sql));
    },
    'products',
  );
  return lastState(cx, states);
}

/**
 * `reduce(init, f)`: a running total or extremum is one aggregate; any other step folds with a
 * recursive CTE and reads its last state.
 */
export function fold(cx: Cx, rel: Rel, init: Val, fn: Lambda, type: Type): Val {
  const initRow = rowResult(init, fn);
  const pattern = runningAggregate(fn);
  if (pattern !== null && initRow.kind === 'scalar') {
    const plainRel = plain(cx, rel);
    const { rel: r, arg } = aggregable(cx, plainRel, asScalar(bindAndCompile(cx, fn.params[1]!.name, plainRel.row, pattern.element)));
    const g = exact(cx, arg);
    const start = exact(cx, initRow);
    if (pattern.op === 'sum') {
      const total = aggregateOver(cx, r, sumOf(cx, g, type));
      return scalar(type, isZeroLiteral(initRow) ? total : bin('+', start, total));
    }
    // No rows: the aggregate is NULL and the fold is `init`.
    const extreme = call('coalesce', aggregateOver(cx, r, call(pattern.op, g)), start);
    return scalar(type, pattern.op === 'max' ? cx.dialect.greatest(start, extreme) : cx.dialect.least(start, extreme));
  }
  const states = accumulate(cx, rel, initRow, (acc, x) => rowResult(applyLambda(cx, fn, [acc, x]), fn), 'folded');
  return lastState(cx, states);
}

function isZeroLiteral(v: ScalarVal): boolean {
  return v.sql.k === 'lit' && /^0(\.0)?$/.test(v.sql.text);
}

/** The state after the last element (the anchor's init when there is none). */
function lastState(cx: Cx, states: Rel): RowVal {
  const last = (leaf: ScalarVal): ScalarVal => {
    const q = placeQuery(
      cx,
      select({ columns: [{ expr: leaf.sql, as: null }], from: states.from, orderBy: [{ expr: col(aliasOf(states), IDX), desc: true }], limit: lit('1') }),
      states.ctes,
    );
    return scalar(leaf.type, subquery(q));
  };
  return mapLeaves(states.row, last);
}

function aliasOf(r: Rel): Alias {
  if (r.from.k !== 'table') throw new Error('expected a table relation');
  return r.from.alias;
}

/** `xs[i]`: the element at position i, or CLR003 where it is used. */
export function indexAt(cx: Cx, rel: Rel, index: ScalarVal): Val {
  const r = positional(cx, rel);
  const where = conjunction(addCondition(r.where, bin('=', r.pos, index.sql)));
  return mapLeaves(r.row, (leaf) => {
    const found = subquery(placeQuery(cx, select({ columns: [{ expr: exact(cx, leaf), as: null }], from: r.from, where }), r.ctes));
    return scalar(leaf.type, call('coalesce', found, raise(cx, 'CLR003', 'index out of bounds', scalarKind(leaf.type))));
  });
}

function scalarKind(t: Type): Scalar {
  if (t.kind === 'array' || t.kind === 'record') throw new Error(`not a scalar type: ${t.kind}`);
  return t.kind;
}

