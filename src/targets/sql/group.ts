// `group_by(key).agg(result)`: GROUP BY the key, one row per group ordered by the key (code
// points for strings), the result computed from aggregates of each group's elements.

import type { Expr } from '../../ir/ir.js';
import type { Scalar } from '../../lang/types.js';
import { countStar, freeAliases, fromAliases, isLight, type SqlExpr } from './ast.js';
import { applyLambda, compileExpr } from './compile.js';
import { Unsupported, type Cx } from './context.js';
import { ASCENDING, exact, materialize, plain, rowColumns } from './relation.js';
import { asScalar, leaves, scalar, type Rel, type RowVal, type ScalarVal } from './values.js';

export function groupRel(cx: Cx, rel: Rel, e: Extract<Expr, { k: 'group' }>): Rel {
  let r = plain(cx, rel);
  const argsOf = (x: Rel): (ScalarVal | null)[] => e.slots.map((slot) => (slot.fn === null ? null : asScalar(applyLambda(cx, slot.fn, [x.row]))));
  let key = asScalar(applyLambda(cx, e.key, [r.row]));
  let args = argsOf(r);
  // Group by a column, not an expression spelled three times (SELECT, GROUP BY, ORDER BY), and
  // aggregate columns of the group's rows, not values of an outer query (see `aggregable`).
  const own = new Set(fromAliases(r.from));
  const outerOnly = (v: ScalarVal | null): boolean => v !== null && freeAliases(v.sql).size > 0 && ![...freeAliases(v.sql)].some((a) => own.has(a));
  const keyLeaf = leaves(r.row).findIndex((l) => l.value.sql === key.sql);
  const keyColumn = !isLight(key.sql) && keyLeaf < 0;
  if (!isLight(key.sql) || args.some(outerOnly)) {
    const taken = new Set(rowColumns(cx.dialect.name, r.row.type).map((c) => c.column));
    const column = (base: string): string => {
      let name = base;
      for (let i = 2; taken.has(name); i++) name = `${base}${i}`;
      taken.add(name);
      return name;
    };
    const extra = [
      ...(keyColumn ? [{ column: column('group_key'), value: key }] : []),
      ...args.flatMap((a) => (a !== null && outerOnly(a) ? [{ column: column('term'), value: a }] : [])),
    ];
    const keyed = materialize(cx, r, { name: 'keyed', extra });
    const outerArgs = args.map(outerOnly);
    r = keyed.rel;
    key = keyColumn ? keyed.extra[0]! : keyLeaf >= 0 ? leaves(r.row)[keyLeaf]!.value : asScalar(applyLambda(cx, e.key, [r.row]));
    let next = keyColumn ? 1 : 0;
    const fresh = argsOf(r);
    args = fresh.map((a, i) => (outerArgs[i] ? keyed.extra[next++]! : a));
  }
  // A constant key is one group; spelled as a bare literal it would name a column by position
  // (`GROUP BY 3`) or be refused (PostgreSQL: "non-integer constant in GROUP BY").
  const keySql = key.sql.k === 'lit' ? cx.dialect.cast(key.sql, key.type.kind as Scalar) : exact(cx, key);
  const slots = e.slots.map((slot, i): RowVal => {
    switch (slot.op) {
      case 'key':
        return scalar(slot.type, keySql);
      case 'count':
        return scalar(slot.type, countStar());
      default:
        return scalar(slot.type, groupAggregate(cx, slot.op, args[i]!));
    }
  });
  cx.groups.push(slots);
  const result = compileExpr(cx, e.result);
  cx.groups.pop();
  if (result.kind === 'array') throw new Unsupported('array of arrays', 'an SQL column holds scalars, not arrays', e.span ?? null);
  const order = key.type.kind === 'str' ? cx.dialect.codePointOrder(keySql) : keySql;
  return { ...r, groupBy: [keySql], row: result, order: [ASCENDING(order)], pos: null, windowed: false, label: 'grouped' };
}

/** An aggregate over each group's elements, which are never empty. */
export function groupAggregate(cx: Cx, op: 'sum' | 'min' | 'max' | 'mean', g: ScalarVal): SqlExpr {
  const agg = (fn: string, arg: SqlExpr): SqlExpr => ({ k: 'call', fn, args: [arg] });
  const arg = exact(cx, g);
  switch (op) {
    case 'sum':
      if (g.type.kind === 'i64') {
        cx.usage.i64Overflow = true;
        return cx.dialect.i64Sum(agg('sum', arg));
      }
      cx.usage.f64Aggregate = true;
      return agg('sum', arg);
    case 'min':
    case 'max':
      return agg(op, g.type.kind === 'str' ? cx.dialect.codePointOrder(arg) : arg);
    case 'mean':
      cx.usage.f64Aggregate = true;
      // The mean of i64 values converts each one to f64 first.
      return agg('avg', g.type.kind === 'i64' ? cx.dialect.cast(arg, 'f64') : arg);
  }
}
