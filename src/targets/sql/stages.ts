// Array stages on relations. Each folds into the relation's open SELECT when SQL allows it (a
// map rewrites the row, a filter adds to WHERE, a sort to ORDER BY, take/skip become LIMIT and
// OFFSET) and turns the relation into a CTE first when it does not (a filter after a LIMIT, a
// zip needing positions of a filtered array).

import type { Expr, Lambda } from '../../ir/ir.js';
import { I64, type Type } from '../../lang/types.js';
import { snakeCase } from '../names.js';
import { RESERVED } from './names.js';
import { forEachExpr } from '../../ir/walk.js';
import { bin, caseWhen, conjunction, containsSubquery, freeAliases, fromAliases, isLight, lit, mapExpr, mayRaise, not, select, selectExprs, type Cte, type OrderItem, type Query, type Select, type SqlExpr } from './ast.js';
import { applyLambda, compileExpr } from './compile.js';
import { inLambda, mergeCtes, registerCte, Unsupported, type Cx } from './context.js';
import { readsVar } from './demand.js';
import { addCondition, exact, IDX, innerJoin, limitCount, materialize, plain, positional, rowColumns, sourceRel } from './relation.js';
import { asScalar, leaves, scalar, type RecordVal, type Rel, type RowVal, type ScalarVal, type Val } from './values.js';

type RecordType = Extract<Type, { kind: 'record' }>;

/** A lambda's result as a row; an array there would be an array of arrays. */
export function rowResult(v: Val, at: Lambda): RowVal {
  if (v.kind === 'array') throw new Unsupported('array of arrays', 'an SQL column holds scalars, not arrays', at.body.span ?? null);
  return v;
}

export function mapRel(cx: Cx, rel: Rel, fn: Lambda, indexed: boolean): Rel {
  const source = indexed ? positional(cx, rel) : rel;
  const { rel: r, result } = applyStage(cx, source, fn, (x) => (indexed ? [scalar(I64, x.pos!), x.row] : [x.row]), { dense: indexed });
  return { ...r, row: rowResult(result, fn), label: 'mapped' };
}

export function filterRel(cx: Cx, rel: Rel, fn: Lambda): Rel {
  const { rel: r, result } = applyStage(cx, plain(cx, rel), fn, (x) => [x.row], { readsRowOnce: true });
  return { ...r, where: addCondition(r.where, asScalar(result).sql), pos: null, label: 'filtered' };
}

/** Rows of both arrays side by side, joined on position; the lambda sees the pair. */
export function zipRel(cx: Cx, left: Rel, right: Rel, fn: Lambda): Rel {
  const a = positional(cx, left);
  const b = positional(cx, right);
  const [p, q] = fn.params as [Lambda['params'][number], Lambda['params'][number]];
  const pairType: RecordType = { kind: 'record', name: `(${p.name}, ${q.name})`, fields: [{ name: p.name, type: a.row.type }, { name: q.name, type: b.row.type }] };
  const pair: RowVal = { kind: 'record', type: pairType, fields: new Map([[p.name, a.row], [q.name, b.row]]) };
  const joined: Rel = {
    ctes: mergeCtes(cx, a.ctes, b.ctes),
    from: innerJoin(a.from, b.from, bin('=', b.pos, a.pos)),
    where: [...a.where, ...b.where],
    row: pair,
    order: a.order,
    pos: a.pos,
    groupBy: null,
    limit: null,
    offset: null,
    windowed: false,
    label: 'zipped',
  };
  const halves = (x: Rel): Val[] => {
    const fields = (x.row as RecordVal).fields;
    return [fields.get(p.name)!, fields.get(q.name)!];
  };
  const { rel: r, result } = applyStage(cx, joined, fn, halves, { dense: true });
  return { ...r, row: rowResult(result, fn), label: 'zipped' };
}

interface StageOptions {
  /** Materialise with dense positions (the lambda reads them). */
  readonly dense?: boolean;
  /** The result goes next to the row (a WHERE): a non-trivial row expression must not repeat there. */
  readonly readsRowOnce?: boolean;
}

/**
 * Applies a per-row lambda to a relation. Leading `let`s that are used more than once (or hold a
 * query) become columns of a CTE first, named after them, so that the SQL names what the source
 * names instead of repeating it; a result that would repeat a non-trivial expression of the row,
 * or put a window function or aggregate inside a subquery, is computed from a CTE of the row.
 */
function applyStage(cx: Cx, rel: Rel, fn: Lambda, args: (r: Rel) => Val[], options: StageOptions, mayCut = true): { rel: Rel; result: Val } {
  const inner = inLambda(cx);
  let r = rel;
  const bindArgs = (): void => fn.params.forEach((p, i) => cx.env.set(p.name, args(r)[i]!));
  bindArgs();
  const hoisted: { name: string; column: string; value: ScalarVal }[] = [];
  let pending: { name: string; column: string; value: ScalarVal }[] = [];
  const taken = new Set(rowColumns(cx.dialect.name, r.row.type).map((c) => c.column));
  const flush = (): void => {
    const all = [...hoisted, ...pending];
    const m = materialize(cx, r, { name: r.label, extra: all.map((h) => ({ column: h.column, value: h.value })), dense: options.dense ?? false });
    r = m.rel;
    bindArgs();
    hoisted.length = 0;
    all.forEach((h, i) => {
      const value = m.extra[i]!;
      hoisted.push({ ...h, value });
      cx.env.set(h.name, value);
    });
    pending = [];
  };
  let body = fn.body;
  while (body.k === 'let') {
    const binding = body;
    // A let that reads one still pending needs that one as a column first.
    if (pending.some((h) => readsVar(binding.value, h.name))) flush();
    const value = compileExpr(inner, binding.value);
    if (value.kind === 'scalar' && worthAColumn(binding, value)) {
      const base = RESERVED[cx.dialect.name].has(snakeCase(binding.name)) ? `${snakeCase(binding.name)}_` : snakeCase(binding.name);
      let column = base;
      for (let i = 2; taken.has(column); i++) column = `${base}${i}`;
      taken.add(column);
      pending.push({ name: binding.name, column, value });
    }
    cx.env.set(binding.name, value);
    body = binding.body;
  }
  if (pending.length > 0) flush();
  const result = compileExpr(inner, body);
  if (mayCut && mustCutBefore(r, result, options.readsRowOnce ?? false)) {
    return applyStage(cx, materialize(cx, rel, { dense: options.dense ?? false }).rel, fn, args, options, false);
  }
  return { rel: r, result };
}

/** A let worth naming as a column: used more than once, or computed by a query. */
function worthAColumn(e: Extract<Expr, { k: 'let' }>, value: ScalarVal): boolean {
  if (isLight(value.sql)) return false;
  let uses = 0;
  forEachExpr(e.body, (x) => {
    if (x.k === 'var' && x.name === e.name) uses++;
  });
  return uses > 1 || containsSubquery(value.sql);
}

export function sortRel(cx: Cx, rel: Rel, key: Lambda | null, desc: boolean): Rel {
  let r = rel.limit !== null || rel.offset !== null ? materialize(cx, rel).rel : rel;
  const keyOf = (x: Rel): ScalarVal => (key === null ? asScalar(x.row) : asScalar(applyLambda(cx, key, [x.row])));
  let k = keyOf(r);
  // A key that reads no column of the rows (nor, after GROUP BY, an aggregate) is the same for
  // all of them: the stable sort keeps their order (and `ORDER BY 3` would mean column 3).
  const own = new Set(fromAliases(r.from));
  const perRow = r.groupBy !== null ? k.sql.k !== 'lit' : [...freeAliases(k.sql)].some((a) => own.has(a));
  if (!perRow) return { ...r, label: 'sorted' };
  if ((r.groupBy !== null || r.windowed) && containsSubquery(k.sql)) {
    // An aggregate or window function cannot sit inside a subquery of its own query.
    r = materialize(cx, r).rel;
    k = keyOf(r);
  }
  if (containsSubquery(k.sql)) {
    // A key computed by a query is a column first: no engine takes a subquery holding window
    // functions inside a window's ORDER BY, nor an aggregate of this query inside a subquery.
    const keyed = materialize(cx, r, { name: 'keyed', extra: [{ column: freeColumn(cx, r, 'sort_key'), value: k }] });
    r = keyed.rel;
    k = keyed.extra[0]!;
  }
  const expr = k.type.kind === 'str' ? cx.dialect.codePointOrder(k.sql) : k.sql;
  // Ties keep the previous order in both directions: it stays as the tie-breaker, ascending.
  return { ...r, order: [{ expr, desc }, ...r.order], pos: null, label: 'sorted' };
}

/** `base`, or `base2`, … : a column name the row of `r` does not use. */
function freeColumn(cx: Cx, r: Rel, base: string): string {
  const taken = new Set(rowColumns(cx.dialect.name, r.row.type).map((c) => c.column));
  let name = base;
  for (let i = 2; taken.has(name); i++) name = `${base}${i}`;
  return name;
}

export function reverseRel(cx: Cx, rel: Rel): Rel {
  const r = rel.limit !== null || rel.offset !== null ? materialize(cx, rel).rel : rel;
  return { ...r, order: r.order.map((o): OrderItem => ({ ...o, desc: !o.desc })), pos: null, label: 'reversed' };
}

/**
 * `take`/`skip` with a count the whole query shares become LIMIT/OFFSET; a count that depends on
 * the current row (inside a lambda) cannot, and compares positions instead.
 */
export function takeOrSkip(cx: Cx, rel: Rel, kind: 'take' | 'skip', count: ScalarVal): Rel {
  const label = kind === 'take' ? 'taken' : 'skipped';
  const literal = count.sql.k === 'lit' && /^\d+$/.test(count.sql.text) ? count.sql : null;
  const alreadyPositional = rel.pos !== null && rel.groupBy === null && rel.limit === null && rel.offset === null && !rel.windowed;
  const correlated = freeAliases(count.sql).size > 0 || (!cx.top && cx.dialect.literalLimitInSubqueries && literal === null);
  if (correlated || (literal !== null && alreadyPositional)) {
    // Compare positions: the count depends on the current row (LIMIT cannot, nor in DuckDB a
    // non-literal count inside a lambda), or the array is a table prefix anyway (`idx >= 1`
    // keeps positions known for a zip).
    const r = positional(cx, rel);
    const n = exact(cx, count);
    if (kind === 'take') return { ...r, where: addCondition(r.where, bin('<', r.pos, n)), label };
    const pos = literal !== null ? (literal.text === '0' ? r.pos : bin('-', r.pos, literal)) : null;
    return { ...r, where: addCondition(r.where, bin('>=', r.pos, n)), pos, label };
  }
  if (kind === 'take') {
    const r = rel.limit !== null ? materialize(cx, rel).rel : rel;
    return { ...r, limit: limitCount(cx, count), pos: r.offset === null ? r.pos : null, label };
  }
  const r = rel.limit !== null || rel.offset !== null ? materialize(cx, rel).rel : rel;
  return { ...r, offset: limitCount(cx, count), pos: null, label };
}

/**
 * `if c { xs } else { ys }` on arrays: the rows of the branch the condition picks. Each branch's
 * rows are read under its condition, checked before the branch's own filters.
 */
export function chooseRel(cx: Cx, cond: ScalarVal, whenTrue: Rel, whenFalse: Rel): Rel {
  const branch = (rel: Rel, holds: SqlExpr): Rel & { readonly pos: SqlExpr } => {
    const r = plain(cx, rel);
    const own = conjunction(r.where);
    const where = own === null ? [holds] : mayRaise(own) ? [caseWhen(holds, own, lit('FALSE'))] : [holds, ...r.where];
    return positional(cx, { ...r, where, pos: r.where.length === 0 ? r.pos : null });
  };
  const a = branch(whenTrue, cond.sql);
  const b = branch(whenFalse, not(cond.sql));
  const part = (r: Rel & { readonly pos: SqlExpr }): Select => {
    const columns = rowColumns(cx.dialect.name, r.row.type);
    return select({
      columns: [{ expr: r.pos, as: IDX }, ...leaves(r.row).map((l, i) => ({ expr: exact(cx, l.value), as: columns[i]!.column }))],
      from: r.from,
      where: conjunction(r.where),
    });
  };
  const name = cx.names.claim('chosen');
  const cte: Cte = { name, columns: null, recursive: false, body: { k: 'union', parts: [part(a), part(b)] } };
  registerCte(cx, cte);
  return sourceRel(cx, name, a.row.type, [...mergeCtes(cx, a.ctes, b.ctes), cte]);
}

function heavyLeaves(row: RowVal): SqlExpr[] {
  return leaves(row)
    .map((l) => l.value.sql)
    .filter((e) => !isLight(e));
}

/**
 * Whether the next row must be computed from a CTE of the current one: it would repeat a
 * non-trivial expression, or put a window function or aggregate inside a subquery.
 */
function mustCutBefore(r: Rel, next: Val, readsRowOnce: boolean): boolean {
  if (next.kind === 'array') return false;
  const roots = leaves(next).map((l) => l.value.sql);
  if (heavyLeaves(r.row).some((leaf) => occurrences(roots, leaf) > (readsRowOnce ? 0 : 1))) return true;
  return (r.windowed || r.groupBy !== null) && roots.some(containsSubquery);
}

/** How often the node `target` (by identity) occurs under `roots`, subqueries included. */
function occurrences(roots: readonly SqlExpr[], target: SqlExpr): number {
  let n = 0;
  const visitQuery = (q: Query): Query => {
    for (const s of [...q.ctes.map((c) => c.body), q.body].flatMap((b) => (b.k === 'union' ? b.parts : [b]))) {
      for (const x of selectExprs(s)) visit(x);
    }
    return q;
  };
  const visit = (x: SqlExpr): SqlExpr => {
    if (x === target) n++;
    else mapExpr(x, visit, visitQuery);
    return x;
  };
  for (const r of roots) visit(r);
  return n;
}

