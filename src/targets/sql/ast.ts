// A small SQL syntax tree: what the SQL emitter builds and `print.ts` lays out. It covers the
// subset the emitter needs (SELECT with CTEs, joins, GROUP BY, windows, UNION ALL), nothing more.
//
// Table aliases are objects, not strings: a column reference points at the `Alias` of the FROM
// item it reads, so a relation can be copied with fresh aliases (`freshen`) when it is used twice
// in one query, and the printer can tell an outer (correlated) reference from a local one.

export class Alias {
  constructor(readonly name: string) {}
}

export type BinaryOp = 'OR' | 'AND' | '=' | '<>' | '<' | '<=' | '>' | '>=' | '+' | '-' | '*' | '/' | '//' | '%';

export type SqlExpr =
  | { readonly k: 'col'; readonly alias: Alias | null; readonly name: string }
  /** A literal, already spelled for the dialect (`'it''s'`, `2.5`, `TRUE`). */
  | { readonly k: 'lit'; readonly text: string }
  /** A bound-parameter placeholder (`:gain`, `$1`, `$gain`). */
  | { readonly k: 'param'; readonly text: string }
  /** `raises`: the engine itself raises for some operands (PostgreSQL on a zero divisor). */
  | { readonly k: 'binary'; readonly op: BinaryOp; readonly left: SqlExpr; readonly right: SqlExpr; readonly raises?: boolean }
  | { readonly k: 'not'; readonly arg: SqlExpr }
  | { readonly k: 'neg'; readonly arg: SqlExpr }
  | {
      readonly k: 'call';
      readonly fn: string;
      readonly args: readonly SqlExpr[];
      /** `count(*)`. */
      readonly star?: boolean;
      readonly over?: Window;
      /** Evaluating it may raise an error (it is the dialect's "raise"). */
      readonly raises?: boolean;
    }
  | { readonly k: 'case'; readonly whens: readonly { readonly when: SqlExpr; readonly then: SqlExpr }[]; readonly else: SqlExpr }
  /** `CAST(x AS t)` or, where the dialect prefers it, `x::t`. */
  | { readonly k: 'cast'; readonly arg: SqlExpr; readonly type: string; readonly postfix: boolean }
  | { readonly k: 'collate'; readonly arg: SqlExpr; readonly collation: string }
  | { readonly k: 'subquery'; readonly query: Query }
  | { readonly k: 'exists'; readonly query: Query };

export interface Window {
  readonly orderBy: readonly OrderItem[];
  /** Running aggregates: `ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW`. */
  readonly running: boolean;
}

export interface OrderItem {
  readonly expr: SqlExpr;
  readonly desc: boolean;
}

export interface Column {
  readonly expr: SqlExpr;
  /** The output name, or null where nothing reads it by name (a scalar subquery's one column). */
  readonly as: string | null;
}

export type From =
  | { readonly k: 'table'; readonly name: string; readonly alias: Alias }
  | { readonly k: 'derived'; readonly query: Query; readonly alias: Alias }
  /** A table-valued function: `json_each(doc, '$.args.xs') AS e`, `generate_series(1, n) AS s(value)`. */
  | { readonly k: 'function'; readonly call: SqlExpr; readonly alias: Alias; readonly columns: readonly string[] | null; readonly ordinality?: boolean }
  /** `on` null: CROSS JOIN. */
  | { readonly k: 'join'; readonly left: From; readonly right: From; readonly on: SqlExpr | null };

export interface Select {
  readonly k: 'select';
  readonly columns: readonly Column[];
  readonly from: From | null;
  readonly where: SqlExpr | null;
  readonly groupBy: readonly SqlExpr[];
  readonly orderBy: readonly OrderItem[];
  readonly limit: SqlExpr | null;
  readonly offset: SqlExpr | null;
}

export interface UnionAll {
  readonly k: 'union';
  readonly parts: readonly Select[];
}

export interface Cte {
  readonly name: string;
  /** Declared column names (recursive CTEs), or null to take the body's. */
  readonly columns: readonly string[] | null;
  readonly body: Select | UnionAll;
  readonly recursive: boolean;
}

export interface Query {
  readonly ctes: readonly Cte[];
  readonly body: Select | UnionAll;
}

// ---------------------------------------------------------------- constructors

export const col = (alias: Alias | null, name: string): SqlExpr => ({ k: 'col', alias, name });
export const lit = (text: string): SqlExpr => ({ k: 'lit', text });
export const bin = (op: BinaryOp, left: SqlExpr, right: SqlExpr): SqlExpr => ({ k: 'binary', op, left, right });
export const not = (arg: SqlExpr): SqlExpr => ({ k: 'not', arg });
export const call = (fn: string, ...args: SqlExpr[]): SqlExpr => ({ k: 'call', fn, args });
export const countStar = (): SqlExpr => ({ k: 'call', fn: 'count', args: [], star: true });
export const subquery = (query: Query): SqlExpr => ({ k: 'subquery', query });

export function caseWhen(when: SqlExpr, then: SqlExpr, otherwise: SqlExpr): SqlExpr {
  // `CASE WHEN a THEN x ELSE CASE WHEN b THEN y ELSE z END END` reads better as one CASE.
  if (otherwise.k === 'case') return { k: 'case', whens: [{ when, then }, ...otherwise.whens], else: otherwise.else };
  return { k: 'case', whens: [{ when, then }], else: otherwise };
}

export function select(parts: Partial<Omit<Select, 'k'>> & { readonly columns: readonly Column[] }): Select {
  return {
    k: 'select',
    from: null,
    where: null,
    groupBy: [],
    orderBy: [],
    limit: null,
    offset: null,
    ...parts,
  };
}

export const query = (body: Select | UnionAll, ctes: readonly Cte[] = []): Query => ({ ctes, body });

/** `a AND b AND …`; null for no conditions. */
export function conjunction(conds: readonly SqlExpr[]): SqlExpr | null {
  return conds.length === 0 ? null : conds.reduce((a, b) => bin('AND', a, b));
}

// ---------------------------------------------------------------- traversal

/** Rebuilds `e` with `f` applied to each direct child expression (not into subqueries). */
export function mapExpr(e: SqlExpr, f: (child: SqlExpr) => SqlExpr, q: (query: Query) => Query = (x) => x): SqlExpr {
  switch (e.k) {
    case 'col':
    case 'lit':
    case 'param':
      return e;
    case 'binary':
      return { ...e, left: f(e.left), right: f(e.right) };
    case 'not':
    case 'neg':
    case 'cast':
    case 'collate':
      return { ...e, arg: f(e.arg) };
    case 'call':
      return {
        ...e,
        args: e.args.map(f),
        ...(e.over ? { over: { ...e.over, orderBy: e.over.orderBy.map((o) => ({ ...o, expr: f(o.expr) })) } } : {}),
      };
    case 'case':
      return { ...e, whens: e.whens.map((w) => ({ when: f(w.when), then: f(w.then) })), else: f(e.else) };
    case 'subquery':
    case 'exists':
      return { ...e, query: q(e.query) };
  }
}

/** A column, literal or placeholder (possibly cast or negated): cheap to repeat. */
export function isLight(e: SqlExpr): boolean {
  switch (e.k) {
    case 'col':
    case 'lit':
    case 'param':
      return true;
    case 'cast':
    case 'neg':
    case 'collate':
      return isLight(e.arg);
    default:
      return false;
  }
}

/** Whether `e` holds a subquery (a value computed by a query). */
export function containsSubquery(e: SqlExpr): boolean {
  let found = false;
  const visit = (x: SqlExpr): SqlExpr => {
    if (x.k === 'subquery' || x.k === 'exists') found = true;
    else mapExpr(x, visit);
    return x;
  };
  visit(e);
  return found;
}

/** Whether evaluating `e` may raise a runtime error (a raise call, or a subquery holding one). */
export function mayRaise(e: SqlExpr): boolean {
  let found = false;
  const visit = (x: SqlExpr): SqlExpr => {
    if (found) return x;
    if ((x.k === 'call' || x.k === 'binary') && x.raises) found = true;
    else if (x.k === 'subquery' || x.k === 'exists') found = queryMayRaise(x.query);
    else mapExpr(x, visit);
    return x;
  };
  visit(e);
  return found;
}

function queryMayRaise(q: Query): boolean {
  const selects = (b: Select | UnionAll): readonly Select[] => (b.k === 'union' ? b.parts : [b]);
  const all = [...q.ctes.flatMap((c) => selects(c.body)), ...selects(q.body)];
  return all.some((s) => selectExprs(s).some(mayRaise) || (s.from !== null && fromQueries(s.from).some(queryMayRaise)));
}

/** Every expression of a SELECT (not its FROM). */
export function selectExprs(s: Select): SqlExpr[] {
  return [
    ...s.columns.map((c) => c.expr),
    ...(s.where ? [s.where] : []),
    ...s.groupBy,
    ...s.orderBy.map((o) => o.expr),
    ...(s.limit ? [s.limit] : []),
    ...(s.offset ? [s.offset] : []),
  ];
}

function fromQueries(f: From): Query[] {
  switch (f.k) {
    case 'table':
    case 'function':
      return [];
    case 'derived':
      return [f.query];
    case 'join':
      return [...fromQueries(f.left), ...fromQueries(f.right)];
  }
}

/** Calls `visit` on every expression of `q`, nested ones (subqueries, CTEs, derived tables) included. */
export function forEachExpr(q: Query, visit: (e: SqlExpr) => void): void {
  const walkQuery = (x: Query): Query => {
    const selects = [...x.ctes.map((c) => c.body), x.body].flatMap((b) => (b.k === 'union' ? b.parts : [b]));
    for (const s of selects) {
      for (const e of selectExprs(s)) walk(e);
      if (s.from) {
        for (const sub of fromQueries(s.from)) walkQuery(sub);
        for (const e of functionCalls(s.from)) walk(e);
      }
    }
    return x;
  };
  const walk = (e: SqlExpr): SqlExpr => {
    visit(e);
    return mapExpr(e, walk, walkQuery);
  };
  walkQuery(q);
}

/** The aliases a FROM clause defines, left to right. */
export function fromAliases(f: From | null): Alias[] {
  if (f === null) return [];
  return f.k === 'join' ? [...fromAliases(f.left), ...fromAliases(f.right)] : [f.alias];
}

/** The aliases `e` reads that it does not define itself: non-empty for a correlated expression. */
export function freeAliases(e: SqlExpr): Set<Alias> {
  const free = new Set<Alias>();
  const visitQuery = (q: Query, bound: ReadonlySet<Alias>): Query => {
    const selects = (b: Select | UnionAll): readonly Select[] => (b.k === 'union' ? b.parts : [b]);
    for (const s of [...q.ctes.flatMap((c) => selects(c.body)), ...selects(q.body)]) {
      const inner = new Set([...bound, ...fromAliases(s.from)]);
      for (const x of selectExprs(s)) visit(x, inner);
      if (s.from) for (const sub of fromQueries(s.from)) visitQuery(sub, inner);
      if (s.from) for (const fn of functionCalls(s.from)) visit(fn, inner);
    }
    return q;
  };
  const visit = (x: SqlExpr, bound: ReadonlySet<Alias>): SqlExpr => {
    if (x.k === 'col' && x.alias !== null && !bound.has(x.alias)) free.add(x.alias);
    return mapExpr(x, (c) => visit(c, bound), (q) => visitQuery(q, bound));
  };
  visit(e, new Set());
  return free;
}

function functionCalls(f: From): SqlExpr[] {
  switch (f.k) {
    case 'function':
      return [f.call];
    case 'join':
      return [...functionCalls(f.left), ...functionCalls(f.right), ...(f.on ? [f.on] : [])];
    default:
      return [];
  }
}

/** Replaces column references to the aliases in `renames` (everywhere, subqueries included). */
export function renameAliases(e: SqlExpr, renames: ReadonlyMap<Alias, Alias>): SqlExpr {
  const visit = (x: SqlExpr): SqlExpr => {
    if (x.k === 'col' && x.alias !== null) {
      const to = renames.get(x.alias);
      return to === undefined ? x : { ...x, alias: to };
    }
    return mapExpr(x, visit, (q) => renameInQuery(q, renames));
  };
  return visit(e);
}

export function renameInQuery(q: Query, renames: ReadonlyMap<Alias, Alias>): Query {
  const body = (b: Select | UnionAll): Select | UnionAll =>
    b.k === 'union' ? { ...b, parts: b.parts.map((s) => renameInSelect(s, renames)) } : renameInSelect(b, renames);
  return { ctes: q.ctes.map((c) => ({ ...c, body: body(c.body) })), body: body(q.body) };
}

export function renameInSelect(s: Select, renames: ReadonlyMap<Alias, Alias>): Select {
  const r = (x: SqlExpr): SqlExpr => renameAliases(x, renames);
  return {
    ...s,
    columns: s.columns.map((c) => ({ ...c, expr: r(c.expr) })),
    from: s.from && renameInFrom(s.from, renames),
    where: s.where && r(s.where),
    groupBy: s.groupBy.map(r),
    orderBy: s.orderBy.map((o) => ({ ...o, expr: r(o.expr) })),
    limit: s.limit && r(s.limit),
    offset: s.offset && r(s.offset),
  };
}

export function renameInFrom(f: From, renames: ReadonlyMap<Alias, Alias>): From {
  const own = (a: Alias): Alias => renames.get(a) ?? a;
  switch (f.k) {
    case 'table':
      return { ...f, alias: own(f.alias) };
    case 'derived':
      return { ...f, query: renameInQuery(f.query, renames), alias: own(f.alias) };
    case 'function':
      return { ...f, call: renameAliases(f.call, renames), alias: own(f.alias) };
    case 'join':
      return {
        ...f,
        left: renameInFrom(f.left, renames),
        right: renameInFrom(f.right, renames),
        on: f.on && renameAliases(f.on, renames),
      };
  }
}
