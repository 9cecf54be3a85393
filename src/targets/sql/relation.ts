// Relations (arrays as rows): building them over tables and CTEs, turning a relation into a CTE
// when the next stage cannot fold into its SELECT, and placing the CTEs a query needs.
//
// Every relation keeps the order of its array (`order`) and, while it is known, each row's
// 0-based position (`pos`): a table's `idx`, or `row_number() - 1` once materialised. Stages
// that need positions (zip, map_indexed, indexing, a fold's recursion) ask for `positional`.

import { snakeCase } from '../names.js';
import type { Type } from '../../lang/types.js';
import {
  Alias,
  bin,
  caseWhen,
  col,
  conjunction,
  freeAliases,
  fromAliases,
  lit,
  query,
  renameAliases,
  renameInFrom,
  select,
  mayRaise,
  type Column,
  type Cte,
  type From,
  type OrderItem,
  type Query,
  type Select,
  type SqlExpr,
} from './ast.js';
import { mergeCtes, registerCte, Unsupported, type Cx } from './context.js';
import { RESERVED } from './names.js';
import type { SqlDialect } from '../target.js';
import { leaves, mapLeaves, rowOfType, scalar, type Rel, type RowVal, type ScalarVal } from './values.js';

export const IDX = 'idx';
export const VALUE = 'value';

export interface RowColumn {
  readonly path: readonly string[];
  readonly column: string;
  readonly type: Type;
}

/**
 * The payload columns of a row of type `type`: `value` for a scalar, one column per scalar leaf
 * of a record (nested records flattened, `outer_inner`), never `idx`, never a keyword.
 */
export function rowColumns(dialect: SqlDialect, type: Type): RowColumn[] {
  if (type.kind === 'array') throw new Unsupported('array of arrays', 'an SQL column holds scalars, not arrays', null);
  if (type.kind !== 'record') return [{ path: [], column: VALUE, type }];
  const taken = new Set([IDX]);
  const out: RowColumn[] = [];
  const visit = (t: Type, path: readonly string[]): void => {
    if (t.kind === 'array') throw new Unsupported('array inside a record', 'an SQL column holds scalars, not arrays', null);
    if (t.kind === 'record') {
      for (const f of t.fields) visit(f.type, [...path, f.name]);
      return;
    }
    let base = snakeCase(path.join('_'));
    if (base === '' || RESERVED[dialect].has(base)) base = `${base}_`;
    let name = base;
    for (let i = 2; taken.has(name); i++) name = `${base}${i}`;
    taken.add(name);
    out.push({ path, column: name, type: t });
  };
  visit(type, []);
  return out;
}

const pathKey = (path: readonly string[]): string => path.join('.');

/** A row of `type` read from the columns of `alias`. */
export function rowFromColumns(dialect: SqlDialect, alias: Alias, type: Type): RowVal {
  const byPath = new Map(rowColumns(dialect, type).map((c) => [pathKey(c.path), c.column]));
  return rowOfType(type, (path, t) => scalar(t, col(alias, byPath.get(pathKey(path))!)));
}

/** A relation reading a whole table or CTE with an `idx` column holding 0, 1, 2, …. */
export function sourceRel(cx: Cx, name: string, elem: Type, ctes: readonly Cte[], dense = true): Rel {
  const alias = new Alias(name);
  const idx = col(alias, IDX);
  return {
    ctes,
    from: { k: 'table', name, alias },
    where: [],
    row: rowFromColumns(cx.dialect.name, alias, elem),
    order: [{ expr: idx, desc: false }],
    pos: dense ? idx : null,
    groupBy: null,
    limit: null,
    offset: null,
    windowed: false,
    label: name,
  };
}

/** The same relation with fresh aliases, so it can appear twice in one query or inside itself. */
export function instantiate(rel: Rel): Rel {
  const renames = new Map(fromAliases(rel.from).map((a) => [a, new Alias(a.name)] as const));
  const r = (e: SqlExpr): SqlExpr => renameAliases(e, renames);
  return {
    ...rel,
    from: renameInFrom(rel.from, renames),
    where: rel.where.map(r),
    row: mapLeaves(rel.row, (leaf) => ({ ...leaf, sql: r(leaf.sql) })),
    order: rel.order.map((o) => ({ ...o, expr: r(o.expr) })),
    pos: rel.pos && r(rel.pos),
    groupBy: rel.groupBy && rel.groupBy.map(r),
    limit: rel.limit && r(rel.limit),
    offset: rel.offset && r(rel.offset),
  };
}

/** The SQL of a scalar with the exact column type (decimal and small integer literals cast). */
export function exact(cx: Cx, v: ScalarVal): SqlExpr {
  if (v.exact || v.type.kind === 'record' || v.type.kind === 'array') return v.sql;
  return cx.dialect.cast(v.sql, v.type.kind);
}

/** `where` with `cond` added, evaluated only where the existing conditions hold if it may raise. */
export function addCondition(where: readonly SqlExpr[], cond: SqlExpr): SqlExpr[] {
  if (where.length === 0 || !mayRaise(cond)) return [...where, cond];
  return [caseWhen(conjunction(where)!, cond, lit('FALSE'))];
}

/** The SELECT of a relation with the given output columns; `ordered` keeps its ORDER BY. */
export function relSelect(cx: Cx, rel: Rel, columns: readonly Column[], ordered: boolean): Select {
  const limited = rel.limit !== null || rel.offset !== null;
  return select({
    columns,
    from: rel.from,
    where: conjunction(rel.where),
    groupBy: rel.groupBy ?? [],
    orderBy: ordered || limited ? rel.order : [],
    // SQLite takes no OFFSET without a LIMIT; -1 means none.
    limit: rel.limit ?? (rel.offset !== null && cx.dialect.name === 'sqlite' ? lit('-1') : null),
    offset: rel.offset,
  });
}

export interface Materialized {
  readonly rel: Rel;
  /** The `extra` expressions, now columns of the new relation. */
  readonly extra: readonly ScalarVal[];
}

export interface MaterializeOptions {
  /** The CTE's name; default after the relation's last stage. */
  readonly name?: string;
  /** Further columns to compute alongside the row. */
  readonly extra?: readonly { readonly column: string; readonly value: ScalarVal }[];
  /** Number the rows 0, 1, 2, … even when the current order column would do. */
  readonly dense?: boolean;
}

/**
 * The relation as a CTE of its own, read back as a plain relation. The CTE has an `idx` column:
 * the position when known, else the order column when it is one, else the row number.
 */
export function materialize(cx: Cx, rel: Rel, options: MaterializeOptions = {}): Materialized {
  const limited = rel.limit !== null || rel.offset !== null;
  const name = options.name ?? rel.label;
  const extra = options.extra ?? [];
  if (rel.pos !== null && !limited) return materializeAs(cx, rel, name, extra, { expr: rel.pos, dense: true });
  const [first, ...rest] = rel.order;
  const ordersByIdx = first !== undefined && rest.length === 0 && !first.desc && first.expr.k === 'col' && first.expr.name === IDX;
  if (ordersByIdx && !limited && !options.dense) return materializeAs(cx, rel, name, extra, { expr: first.expr, dense: false });
  const rowNumber = bin('-', { k: 'call', fn: 'row_number', args: [], over: { orderBy: rel.order, running: false } }, lit('1'));
  const cut = materializeAs(cx, rel, name, extra, { expr: rowNumber, dense: rel.offset === null });
  // Row numbers count before OFFSET applies: number the rows that are left once more.
  return options.dense && rel.offset !== null ? materialize(cx, cut.rel, { dense: true }) : cut;
}

function materializeAs(
  cx: Cx,
  rel: Rel,
  preferred: string,
  extra: readonly { column: string; value: ScalarVal }[],
  idx: { expr: SqlExpr; dense: boolean },
): Materialized {
  const name = cx.names.claim(snakeCase(preferred));
  const rowType = rel.row.type;
  const columns: Column[] = [
    { expr: idx.expr, as: IDX },
    ...rowColumns(cx.dialect.name, rowType).map((c, i) => ({ expr: exact(cx, leaves(rel.row)[i]!.value), as: c.column })),
    ...extra.map((x) => ({ expr: exact(cx, x.value), as: x.column })),
  ];
  const cte: Cte = { name, columns: null, body: relSelect(cx, rel, columns, false), recursive: false };
  registerCte(cx, cte);
  const out = sourceRel(cx, name, rowType, [...rel.ctes, cte], idx.dense);
  const alias = fromAliases(out.from)[0]!;
  return { rel: out, extra: extra.map((x) => scalar(x.value.type, col(alias, x.column))) };
}

/** No GROUP BY, LIMIT/OFFSET or window functions: a WHERE or an aggregate may be added. */
export function plain(cx: Cx, rel: Rel): Rel {
  return isPlain(rel) ? rel : materialize(cx, rel).rel;
}

function isPlain(rel: Rel): boolean {
  return rel.groupBy === null && rel.limit === null && rel.offset === null && !rel.windowed;
}

/** A plain relation whose `pos` is known. */
export function positional(cx: Cx, rel: Rel): Rel & { readonly pos: SqlExpr } {
  const r = isPlain(rel) && rel.pos !== null ? rel : materialize(cx, rel, { dense: true }).rel;
  if (r.pos === null) throw new Error('a dense materialisation has positions');
  return r as Rel & { readonly pos: SqlExpr };
}

/**
 * A query reading `body`, with the CTEs it needs: at the top level they join the kernel's WITH;
 * inside a lambda they form the subquery's own WITH (they may read the current row).
 */
export function placeQuery(cx: Cx, body: Select, ctes: readonly Cte[]): Query {
  if (cx.top) {
    for (const c of ctes) if (!cx.topCtes.includes(c)) cx.topCtes.push(c);
    return query(body);
  }
  return query(body, mergeCtes(cx, ctes.filter((c) => !cx.topCtes.includes(c))));
}

/**
 * A LIMIT/OFFSET count: take/skip treat a negative count as zero, where LIMIT/OFFSET refuse it
 * (`greatest(n, 0)`), and DuckDB refuses counts above its maximum (no array gets near it).
 */
export function limitCount(cx: Cx, n: ScalarVal): SqlExpr {
  const max = cx.dialect.maxLimit;
  if (n.sql.k === 'lit' && /^-?\d+$/.test(n.sql.text)) {
    const value = BigInt(n.sql.text);
    return value < 0n ? lit('0') : max !== null && value > max ? lit(max.toString()) : n.sql;
  }
  const clamped = cx.dialect.greatest(exact(cx, n), lit('0'));
  return max === null ? clamped : cx.dialect.least(clamped, lit(max.toString()));
}

export const ASCENDING = (expr: SqlExpr): OrderItem => ({ expr, desc: false });

/**
 * `arg` ready to aggregate over `r`'s rows. SQL gives an aggregate whose columns all belong to
 * an outer query to that outer query (`(SELECT max(outer.x) FROM ys)` aggregates the outer
 * rows): such an argument is computed as a column of `r` first.
 */
/** `r` must be plain (an aggregate may follow). */
export function aggregable(cx: Cx, r: Rel, arg: ScalarVal): { rel: Rel; arg: ScalarVal } {
  const free = freeAliases(arg.sql);
  const own = new Set(fromAliases(r.from));
  if (free.size === 0 || [...free].some((a) => own.has(a))) return { rel: r, arg };
  const terms = materialize(cx, { ...r, row: arg }, { name: 'terms' }).rel;
  return { rel: terms, arg: terms.row as ScalarVal };
}

/** `a JOIN b ON on`, kept left-deep when `b` is itself a join (inner joins associate). */
export function innerJoin(a: From, b: From, on: SqlExpr): From {
  if (b.k === 'join' && b.on !== null) return { k: 'join', left: innerJoin(a, b.left, on), right: b.right, on: b.on };
  return { k: 'join', left: a, right: b, on };
}

/** A relation of the `value`s start, start+1, …, end-1. */
export function rangeRel(cx: Cx, start: ScalarVal, end: ScalarVal): Rel {
  const a = exact(cx, start);
  const b = exact(cx, end);
  const alias = new Alias('series');
  const series = cx.dialect.series(a, b, alias);
  if (series !== null) {
    const value = col(alias, VALUE);
    const pos = a.k === 'lit' && a.text === '0' ? value : bin('-', value, a);
    return { ...emptyRel(series, scalar(start.type, value)), order: [ASCENDING(value)], pos, label: 'series' };
  }
  // SQLite has no generate_series: count with a recursive CTE.
  const name = cx.names.claim('series');
  const self = new Alias(name);
  const value = col(self, VALUE);
  const next = bin('+', value, lit('1'));
  const cte: Cte = {
    name,
    columns: [VALUE],
    recursive: true,
    body: {
      k: 'union',
      parts: [
        select({ columns: [{ expr: a, as: null }], where: bin('<', a, b) }),
        select({ columns: [{ expr: next, as: null }], from: { k: 'table', name, alias: self }, where: bin('<', next, b) }),
      ],
    },
  };
  registerCte(cx, cte);
  const reader = new Alias(name);
  const readValue = col(reader, VALUE);
  return {
    ...emptyRel({ k: 'table', name, alias: reader }, scalar(start.type, readValue)),
    ctes: [cte],
    order: [ASCENDING(readValue)],
    pos: a.k === 'lit' && a.text === '0' ? readValue : bin('-', readValue, a),
    label: 'series',
  };
}

function emptyRel(from: From, row: RowVal): Rel {
  return { ctes: [], from, where: [], row, order: [], pos: null, groupBy: null, limit: null, offset: null, windowed: false, label: 'rows' };
}
