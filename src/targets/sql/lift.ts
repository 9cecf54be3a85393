// Top-level scalars computed by one aggregate query read better as that query:
// `SELECT coalesce(sum(value), 0.0) AS total FROM xs` rather than
// `SELECT coalesce((SELECT sum(value) FROM xs), 0.0) AS total`.

import { mapExpr, select, type Select, type SqlExpr } from './ast.js';

const AGGREGATES = new Set(['avg', 'count', 'max', 'min', 'product', 'sum', 'total']);

/** `SELECT e AS column`, with e's one aggregate subquery (if it has exactly one) lifted out. */
export function liftAggregate(e: SqlExpr, column: string): Select {
  const subqueries = outerSubqueries(e);
  const only = subqueries.length === 1 ? subqueries[0]! : null;
  if (only !== null && only.k === 'subquery' && only.query.ctes.length === 0 && only.query.body.k === 'select') {
    const inner = only.query.body;
    if (isAggregateSelect(inner)) {
      const replace = (x: SqlExpr): SqlExpr => (x === only ? inner.columns[0]!.expr : mapExpr(x, replace));
      return { ...inner, columns: [{ expr: replace(e), as: column }] };
    }
  }
  return select({ columns: [{ expr: e, as: column }] });
}

/** Subqueries of `e` that are not inside another subquery. */
function outerSubqueries(e: SqlExpr): SqlExpr[] {
  const out: SqlExpr[] = [];
  const visit = (x: SqlExpr): SqlExpr => {
    if (x.k === 'subquery' || x.k === 'exists') out.push(x);
    else mapExpr(x, visit);
    return x;
  };
  visit(e);
  return out;
}

/** One row, always: an aggregate without GROUP BY, LIMIT or OFFSET. */
function isAggregateSelect(s: Select): boolean {
  if (s.from === null || s.groupBy.length > 0 || s.limit !== null || s.offset !== null || s.columns.length !== 1) return false;
  let found = false;
  const visit = (x: SqlExpr): SqlExpr => {
    if (x.k === 'call' && AGGREGATES.has(x.fn) && x.over === undefined) found = true;
    else if (x.k !== 'subquery' && x.k !== 'exists') mapExpr(x, visit);
    return x;
  };
  visit(s.columns[0]!.expr);
  return found;
}
