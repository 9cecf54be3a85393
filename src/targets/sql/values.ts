// Kernel values as SQL: a scalar is an expression, a record is its fields (SQL columns hold no
// records), an array is a relation (`Rel`, relation.ts).

import type { Type } from '../../lang/types.js';
import type { Cte, From, OrderItem, SqlExpr } from './ast.js';

export interface ScalarVal {
  readonly kind: 'scalar';
  readonly type: Type;
  readonly sql: SqlExpr;
  /**
   * Whether the expression's SQL type is exactly the column type of `type`. A decimal literal is
   * NUMERIC in PostgreSQL and DECIMAL in DuckDB, a small integer literal is 32-bit: such a value
   * is cast before it can leak into arithmetic of its own type or into a column.
   */
  readonly exact: boolean;
}

export interface RecordVal {
  readonly kind: 'record';
  readonly type: Extract<Type, { kind: 'record' }>;
  /** By source field name, in declaration order. */
  readonly fields: ReadonlyMap<string, RowVal>;
}

/** What one row of a relation holds. */
export type RowVal = ScalarVal | RecordVal;

export interface ArrayVal {
  readonly kind: 'array';
  readonly type: Type;
  readonly rel: Rel;
}

export type Val = RowVal | ArrayVal;

/**
 * An array as rows: `SELECT <row> FROM <from> WHERE <where> [GROUP BY] ORDER BY <order>
 * [LIMIT/OFFSET]`, kept open so that the next pipeline stage can still fold into the same SELECT.
 */
export interface Rel {
  /** The CTEs `from` reads, in definition order. */
  readonly ctes: readonly Cte[];
  readonly from: From;
  readonly where: readonly SqlExpr[];
  readonly row: RowVal;
  /** The array order: ORDER BY these. */
  readonly order: readonly OrderItem[];
  /** The element's 0-based position, when an expression gives it directly. */
  readonly pos: SqlExpr | null;
  readonly groupBy: readonly SqlExpr[] | null;
  readonly limit: SqlExpr | null;
  readonly offset: SqlExpr | null;
  /** The row holds window functions (computed after WHERE, so no WHERE may follow). */
  readonly windowed: boolean;
  /** A name for the CTE this relation would become ("filtered", "sorted", …). */
  readonly label: string;
}

export const scalar = (type: Type, sql: SqlExpr, exact = true): ScalarVal => ({ kind: 'scalar', type, sql, exact });

export function asScalar(v: Val): ScalarVal {
  if (v.kind !== 'scalar') throw new Error(`expected a scalar value, got a ${v.kind}`);
  return v;
}

export function asArray(v: Val): ArrayVal {
  if (v.kind !== 'array') throw new Error(`expected an array value, got a ${v.kind}`);
  return v;
}

export function asRow(v: Val): RowVal {
  if (v.kind === 'array') throw new Error('expected a row value, got an array');
  return v;
}

/** The scalar leaves of a row value, depth first in field declaration order, with their paths. */
export function leaves(v: RowVal, path: readonly string[] = []): { path: readonly string[]; value: ScalarVal }[] {
  if (v.kind === 'scalar') return [{ path, value: v }];
  return [...v.fields].flatMap(([name, field]) => leaves(field, [...path, name]));
}

/** Rebuilds a row value with `f` applied to every scalar leaf. */
export function mapLeaves(v: RowVal, f: (leaf: ScalarVal, path: readonly string[]) => ScalarVal, path: readonly string[] = []): RowVal {
  if (v.kind === 'scalar') return f(v, path);
  return { ...v, fields: new Map([...v.fields].map(([name, field]) => [name, mapLeaves(field, f, [...path, name])] as const)) };
}

/** Builds a row value of `type` from a function giving each scalar leaf. */
export function rowOfType(type: Type, leaf: (path: readonly string[], type: Type) => ScalarVal, path: readonly string[] = []): RowVal {
  if (type.kind === 'record') {
    return { kind: 'record', type, fields: new Map(type.fields.map((f) => [f.name, rowOfType(f.type, leaf, [...path, f.name])] as const)) };
  }
  return leaf(path, type);
}
