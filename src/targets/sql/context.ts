// The state of one kernel's compilation: dialect, names, bindings, and what the render must
// report (helpers it needs, deviations from docs/language.md).

import type { Span } from '../../diagnostics.js';
import type { Namer } from '../names.js';
import type { Cte } from './ast.js';
import type { Dialect } from './dialect.js';
import type { RowVal, Val } from './values.js';

/** A construct this target cannot express; becomes a diagnostic naming it. */
export class Unsupported extends Error {
  constructor(
    readonly construct: string,
    readonly detail: string,
    readonly span: Span | null,
  ) {
    super(`${construct}: ${detail}`);
  }
}

/** Facts about the emitted SQL that decide the render's reasons and helpers. */
export interface Usage {
  /** The PostgreSQL `pg_temp.raise_error` helper is called. */
  raiseHelper: boolean;
  /** i64 arithmetic that wraps in the language and raises (or turns REAL) in SQL. */
  i64Overflow: boolean;
  /** `i64(x)` of an f64 that may lie outside the i64 range. */
  i64Conversion: boolean;
  /** f64 operations that give NaN or ±Infinity in the language: division, `%`, sqrt, ln, pow, exp. */
  f64Special: boolean;
  /** f64 SUM/AVG, whose order of addition the engine chooses. */
  f64Aggregate: boolean;
  /** A runtime error may sit in a value the result never reads, which SQL does not compute. */
  unusedValues: boolean;
  /** A lambda body can raise: DuckDB may compute it for no element at all. */
  raisingLambda: boolean;
  /** An `if` between arrays has a branch that can raise: SQL may build both arrays. */
  raisingArrayBranch: boolean;
}

export const noUsage = (): Usage => ({ raiseHelper: false, i64Overflow: false, i64Conversion: false, f64Special: false, f64Aggregate: false, unusedValues: false, raisingLambda: false, raisingArrayBranch: false });

export interface Cx {
  readonly dialect: Dialect;
  /** CTE and column names of this kernel (table names of its arguments claimed first). */
  readonly names: Namer;
  /** Lets and lambda parameters: names are unique within a kernel (IR invariant), so one map serves. */
  readonly env: Map<string, Val>;
  /** Slot values of the enclosing `group` results, innermost last. */
  readonly groups: (readonly RowVal[])[];
  /** Outside every lambda: lets become CTEs of the kernel's query and reductions lift into it. */
  readonly top: boolean;
  /** CTEs of the kernel's own WITH (visible everywhere in the query). */
  readonly topCtes: Cte[];
  /** Creation order of every CTE, which is a valid definition order. */
  readonly cteOrder: Map<Cte, number>;
  readonly usage: Usage;
}

/** The same compilation inside a lambda body (evaluated per row of some relation). */
export function inLambda(cx: Cx): Cx {
  return cx.top ? { ...cx, top: false } : cx;
}

export function registerCte(cx: Cx, cte: Cte): void {
  if (!cx.cteOrder.has(cte)) cx.cteOrder.set(cte, cx.cteOrder.size);
}

/** `lists` merged without duplicates, in definition order. */
export function mergeCtes(cx: Cx, ...lists: (readonly Cte[])[]): Cte[] {
  const all = new Set(lists.flat());
  return [...all].sort((a, b) => cx.cteOrder.get(a)! - cx.cteOrder.get(b)!);
}
