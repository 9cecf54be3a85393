// `scan` and `reduce` with a lambda SQL has no aggregate for: a recursive CTE that walks the
// elements in order, one row per step, exactly as the left fold of docs/language.md.
//
//   WITH RECURSIVE scanned(idx, value) AS (
//     SELECT -1, <init>
//     UNION ALL
//     SELECT xs.idx, <f(scanned.value, xs.value)> FROM scanned JOIN xs ON xs.idx = scanned.idx + 1
//   )
//
// Step `i` joins element `i` to the state after element `i - 1`; the anchor row (-1) holds init.

import { Alias, bin, col, lit, select, type Cte, type SqlExpr } from './ast.js';
import { registerCte, type Cx } from './context.js';
import { IDX, instantiate, materialize, positional, rowColumns, rowFromColumns, sourceRel } from './relation.js';
import { I64, type Scalar } from '../../lang/types.js';
import { leaves, scalar, type Rel, type RowVal, type ScalarVal } from './values.js';

export type Step = (acc: RowVal, element: RowVal) => RowVal;

/**
 * The states after each element as a relation (`where idx >= 0`, positions dense), over a CTE
 * named after `label`.
 */
export function accumulate(cx: Cx, source: Rel, init: RowVal, step: Step, label: string): Rel {
  const src = namedSource(cx, source);
  const name = cx.names.claim(label);
  const self = new Alias(name);
  const accType = init.type;
  const columns = rowColumns(cx.dialect.name, accType);
  const acc = rowFromColumns(cx.dialect.name, self, accType);
  const element = instantiate(src);
  const next = leaves(step(acc, element.row)).map((l) => recursionTyped(cx, l.value));
  // PostgreSQL and DuckDB type the CTE's columns from the anchor: it must not say INTEGER,
  // NUMERIC or an untyped string where the recursive step gives BIGINT, DOUBLE or TEXT.
  const anchorLeaves = leaves(init).map((l) => recursionTyped(cx, l.value));
  const elementPos = element.pos as SqlExpr;
  const cte: Cte = {
    name,
    columns: [IDX, ...columns.map((c) => c.column)],
    recursive: true,
    body: {
      k: 'union',
      parts: [
        select({ columns: [{ expr: recursionTyped(cx, scalar(I64, lit('-1'), false)), as: null }, ...anchorLeaves.map((e) => ({ expr: e, as: null }))] }),
        select({
          columns: [{ expr: elementPos, as: null }, ...next.map((e) => ({ expr: e, as: null }))],
          from: { k: 'join', left: { k: 'table', name, alias: self }, right: element.from, on: bin('=', elementPos, bin('+', col(self, IDX), lit('1'))) },
        }),
      ],
    },
  };
  registerCte(cx, cte);
  const states = sourceRel(cx, name, accType, [...src.ctes, cte]);
  return { ...states, where: [bin('>=', states.pos!, lit('0'))] };
}

/** A relation reading one table or CTE whole, with `idx` the position: what the recursion joins. */
function namedSource(cx: Cx, rel: Rel): Rel {
  const r = positional(cx, rel);
  const readsWholeTable =
    r.from.k === 'table' && r.where.length === 0 && r.pos.k === 'col' && r.pos.name === IDX && r.pos.alias === r.from.alias;
  if (readsWholeTable && leaves(r.row).every((l) => l.value.sql.k === 'col')) return r;
  return materialize(cx, r, { dense: true }).rel;
}

function recursionTyped(cx: Cx, v: ScalarVal): SqlExpr {
  const untypedString = v.type.kind === 'str' && v.sql.k === 'lit';
  return cx.dialect.untypedLiterals && (untypedString || !v.exact) ? cx.dialect.cast(v.sql, v.type.kind as Scalar) : v.sql;
}
