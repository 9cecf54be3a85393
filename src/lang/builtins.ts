// Signatures of the built-in functions, array methods and group aggregates: their names, how
// many arguments they take, and the text shown in diagnostics. The typing rules live in the
// checker; this table is what arity checks, "unknown method" suggestions and docs agree on.

export interface Signature {
  readonly minArgs: number;
  readonly maxArgs: number;
  /** How the call is written, for messages: `zip(ys, (x, y) => …)`. */
  readonly usage: string;
}

const sig = (minArgs: number, maxArgs: number, usage: string): Signature => ({ minArgs, maxArgs, usage });

export const FUNCTIONS: Readonly<Record<string, Signature>> = {
  abs: sig(1, 1, 'abs(x)'),
  sqrt: sig(1, 1, 'sqrt(x: f64)'),
  exp: sig(1, 1, 'exp(x: f64)'),
  ln: sig(1, 1, 'ln(x: f64)'),
  pow: sig(2, 2, 'pow(x: f64, y: f64)'),
  floor: sig(1, 1, 'floor(x: f64)'),
  ceil: sig(1, 1, 'ceil(x: f64)'),
  round: sig(1, 1, 'round(x: f64)'),
  min: sig(2, 2, 'min(a, b)'),
  max: sig(2, 2, 'max(a, b)'),
  f64: sig(1, 1, 'f64(i: i64)'),
  i64: sig(1, 1, 'i64(x: f64)'),
  range: sig(2, 2, 'range(start: i64, end: i64)'),
};

export const ARRAY_METHODS: Readonly<Record<string, Signature>> = {
  map: sig(1, 1, 'map(x => …)'),
  map_indexed: sig(1, 1, 'map_indexed((i, x) => …)'),
  filter: sig(1, 1, 'filter(x => …)'),
  zip: sig(2, 2, 'zip(ys, (x, y) => …)'),
  sum: sig(0, 1, 'sum() or sum(x => …)'),
  prod: sig(0, 1, 'prod() or prod(x => …)'),
  min: sig(0, 1, 'min() or min(x => …)'),
  max: sig(0, 1, 'max() or max(x => …)'),
  mean: sig(0, 1, 'mean() or mean(x => …)'),
  count: sig(0, 1, 'count() or count(x => …)'),
  len: sig(0, 0, 'len()'),
  any: sig(1, 1, 'any(x => …)'),
  all: sig(1, 1, 'all(x => …)'),
  scan: sig(2, 2, 'scan(init, (acc, x) => …)'),
  reduce: sig(2, 2, 'reduce(init, (acc, x) => …)'),
  sort: sig(0, 0, 'sort()'),
  sort_by: sig(1, 2, 'sort_by(x => key) or sort_by(x => key, desc)'),
  take: sig(1, 1, 'take(n: i64)'),
  skip: sig(1, 1, 'skip(n: i64)'),
  reverse: sig(0, 0, 'reverse()'),
  group_by: sig(1, 1, 'group_by(x => key).agg(g => …)'),
  agg: sig(1, 1, 'group_by(x => key).agg(g => …)'),
};

/** What `g` offers inside `agg(g => …)`; `key` is read as a field, the rest are called. */
export const GROUP_AGGREGATES: Readonly<Record<string, Signature>> = {
  key: sig(0, 0, 'g.key'),
  count: sig(0, 0, 'g.count()'),
  sum: sig(1, 1, 'g.sum(x => …)'),
  min: sig(1, 1, 'g.min(x => …)'),
  max: sig(1, 1, 'g.max(x => …)'),
  mean: sig(1, 1, 'g.mean(x => …)'),
};

/** Contextual keywords accepted as the second argument of `sort_by`. */
export const SORT_DIRECTIONS: Readonly<Record<string, boolean>> = { asc: false, desc: true };

/** Names that look like float literals other languages have; the language has none. */
export const NON_FINITE_NAMES: ReadonlySet<string> = new Set(['NaN', 'nan', 'NAN', 'Infinity', 'inf', 'INFINITY', 'Inf']);

export const SCALAR_TYPE_NAMES: readonly string[] = ['i64', 'f64', 'bool', 'str'];
