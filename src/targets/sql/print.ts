// Lays out the SQL tree as Docs: keywords upper case, one clause per line when a query does not
// fit on one, operands parenthesised only where precedence needs it.
//
// Column references are qualified only where a bare name could be misread: when the query reads
// more than one table, when the column belongs to an outer query (a correlated reference), and in
// ORDER BY / GROUP BY when an output column of the same name exists (those clauses resolve bare
// names to output columns first in SQLite and PostgreSQL).

import { group, hardline, indent, join, line, softline, type Doc } from '../doc.js';
import { fromAliases, mapExpr, selectExprs, type Alias, type BinaryOp, type Column, type Cte, type From, type OrderItem, type Query, type Select, type SqlExpr, type UnionAll } from './ast.js';

const PREC_OR = 1;
const PREC_AND = 2;
const PREC_NOT = 3;
const PREC_COMPARE = 4;
const PREC_ADD = 6;
const PREC_MUL = 7;
const PREC_NEG = 8;
const PREC_POSTFIX = 9;
const PREC_ATOM = 10;

const BINARY_PREC: Readonly<Record<BinaryOp, number>> = {
  OR: PREC_OR,
  AND: PREC_AND,
  '=': PREC_COMPARE,
  '<>': PREC_COMPARE,
  '<': PREC_COMPARE,
  '<=': PREC_COMPARE,
  '>': PREC_COMPARE,
  '>=': PREC_COMPARE,
  '+': PREC_ADD,
  '-': PREC_ADD,
  '*': PREC_MUL,
  '/': PREC_MUL,
  '//': PREC_MUL,
  '%': PREC_MUL,
};

interface Scope {
  /** Aliases of the FROM clause of the query being printed. */
  readonly aliases: readonly Alias[];
  /** Display names of every alias visible here (enclosing queries' included). */
  readonly names: ReadonlyMap<Alias, string>;
  /** Table and CTE names of the whole statement, which aliases avoid. */
  readonly relations: ReadonlySet<string>;
  /** Output names that a bare name in ORDER BY / GROUP BY would resolve to. */
  readonly outputs: ReadonlyMap<string, SqlExpr>;
  readonly inOrderOrGroup: boolean;
}

/** A whole query; `top` breaks every clause onto its own line. */
export function printQuery(q: Query, top = false): Doc {
  return queryDoc(q, emptyScope(relationNames(q)), top);
}

function emptyScope(relations: ReadonlySet<string>): Scope {
  return { aliases: [], names: new Map(), relations, outputs: new Map(), inOrderOrGroup: false };
}

function queryDoc(q: Query, outer: Scope, top: boolean): Doc {
  const body = bodyDoc(q.body, outer, top);
  if (q.ctes.length === 0) return body;
  const recursive = q.ctes.some((c) => c.recursive);
  const ctes = join([',', hardline], q.ctes.map((c) => cteDoc(c, outer)));
  return group([recursive ? 'WITH RECURSIVE ' : 'WITH ', ctes, hardline, body], { shouldBreak: true });
}

function cteDoc(c: Cte, outer: Scope): Doc {
  const columns = c.columns ? `(${c.columns.join(', ')})` : '';
  return [c.name, columns, ' AS (', indent([hardline, bodyDoc(c.body, outer, true)]), hardline, ')'];
}

function bodyDoc(b: Select | UnionAll, outer: Scope, top: boolean): Doc {
  if (b.k === 'select') return selectDoc(b, outer, top);
  return group(join([line, 'UNION ALL', line], b.parts.map((s) => selectDoc(s, outer, top))), { shouldBreak: top });
}

function selectDoc(s: Select, outer: Scope, top: boolean): Doc {
  const outputs = new Map(s.columns.flatMap((c) => (c.as === null ? [] : [[c.as, c.expr] as const])));
  const scope: Scope = { ...outer, aliases: fromAliases(s.from), names: nameAliases(s.from, outer), outputs, inOrderOrGroup: false };
  const ordering: Scope = { ...scope, inOrderOrGroup: true };
  const clauses: Doc[] = [group(['SELECT', indent([line, join([',', line], s.columns.map((c) => columnDoc(c, scope)))])])];
  if (s.from) clauses.push(group(['FROM ', fromDoc(s.from, scope)]));
  if (s.where) clauses.push(group(['WHERE ', indent(expr(s.where, scope))]));
  if (s.groupBy.length > 0) clauses.push(group(['GROUP BY ', indent(join([',', line], s.groupBy.map((g) => expr(g, ordering))))]));
  if (s.orderBy.length > 0) clauses.push(group(['ORDER BY ', indent(orderDoc(s.orderBy.map((o) => byOutputName(o, s.columns)), ordering))]));
  if (s.limit) clauses.push(['LIMIT ', expr(s.limit, scope)]);
  if (s.offset) clauses.push(['OFFSET ', expr(s.offset, scope)]);
  return group(join(line, clauses), { shouldBreak: top && clauses.length > 1 });
}

/**
 * Display names for the aliases a FROM clause defines: a table read once is named by itself
 * (`FROM xs`), anything else by its alias's base name, suffixed past the names in use around it.
 */
function nameAliases(from: From | null, outer: Scope): Map<Alias, string> {
  const names = new Map(outer.names);
  const taken = new Set(outer.names.values());
  const assign = (alias: Alias, reads: string | null): void => {
    const free = (n: string): boolean => !taken.has(n) && (n === reads || !outer.relations.has(n));
    let name = alias.name;
    for (let i = 2; !free(name); i++) name = `${alias.name}${i}`;
    names.set(alias, name);
    taken.add(name);
  };
  const visit = (f: From): void => {
    if (f.k === 'join') {
      visit(f.left);
      visit(f.right);
    } else assign(f.alias, f.k === 'table' ? f.name : null);
  };
  if (from) visit(from);
  return names;
}

function relationNames(q: Query): Set<string> {
  const out = new Set<string>();
  const visitQuery = (x: Query): void => {
    for (const c of x.ctes) {
      out.add(c.name);
      visitBody(c.body);
    }
    visitBody(x.body);
  };
  const visitBody = (b: Select | UnionAll): void => {
    for (const s of b.k === 'union' ? b.parts : [b]) {
      if (s.from) visitFrom(s.from);
      for (const e of selectExprs(s)) visitExpr(e);
    }
  };
  const visitFrom = (f: From): void => {
    if (f.k === 'table') out.add(f.name);
    else if (f.k === 'derived') visitQuery(f.query);
    else if (f.k === 'join') {
      visitFrom(f.left);
      visitFrom(f.right);
    }
  };
  const visitExpr = (e: SqlExpr): void => {
    mapExpr(
      e,
      (c) => {
        visitExpr(c);
        return c;
      },
      (sub) => {
        visitQuery(sub);
        return sub;
      },
    );
  };
  visitQuery(q);
  return out;
}

/** An ORDER BY item that is an output column's very expression reads better as its name. */
function byOutputName(o: OrderItem, columns: readonly Column[]): OrderItem {
  const output = columns.find((c) => c.expr === o.expr && c.as !== null && !(c.expr.k === 'col' && c.expr.name === c.as));
  return output === undefined || o.expr.k === 'col' ? o : { ...o, expr: { k: 'col', alias: null, name: output.as! } };
}

function columnDoc(c: Column, scope: Scope): Doc {
  const e = expr(c.expr, scope);
  return c.as === null || (c.expr.k === 'col' && c.expr.name === c.as) ? e : [e, ' AS ', c.as];
}

function orderDoc(items: readonly OrderItem[], scope: Scope): Doc {
  return join([',', line], items.map((o) => [expr(o.expr, scope), o.desc ? ' DESC' : '']));
}

function fromDoc(f: From, scope: Scope): Doc {
  const name = (a: Alias): string => scope.names.get(a) ?? a.name;
  switch (f.k) {
    case 'table':
      return name(f.alias) === f.name ? f.name : `${f.name} AS ${name(f.alias)}`;
    case 'derived':
      return [parenthesized(queryDoc(f.query, scope, false)), ' AS ', name(f.alias)];
    case 'function': {
      const columns = f.columns ? `(${f.columns.join(', ')})` : '';
      return [expr(f.call, scope), f.ordinality ? ' WITH ORDINALITY' : '', ' AS ', name(f.alias), columns];
    }
    case 'join': {
      const right = fromDoc(f.right, scope);
      const joined: Doc = f.on === null ? ['CROSS JOIN ', right] : ['JOIN ', right, ' ON ', expr(f.on, scope)];
      return [fromDoc(f.left, scope), line, joined];
    }
  }
}

function parenthesized(inner: Doc): Doc {
  return group(['(', indent([softline, inner]), softline, ')']);
}

function precedence(e: SqlExpr): number {
  switch (e.k) {
    case 'binary':
      return BINARY_PREC[e.op];
    case 'not':
      return PREC_NOT;
    case 'neg':
      return PREC_NEG;
    case 'cast':
      return e.postfix ? PREC_POSTFIX : PREC_ATOM;
    case 'collate':
      return PREC_POSTFIX;
    case 'lit':
      // A negative number is a unary minus to the parser.
      return e.text.startsWith('-') ? PREC_NEG : PREC_ATOM;
    default:
      return PREC_ATOM;
  }
}

function operand(e: SqlExpr, scope: Scope, parens: boolean): Doc {
  const d = expr(e, scope);
  return parens ? ['(', d, ')'] : d;
}

function expr(e: SqlExpr, scope: Scope): Doc {
  switch (e.k) {
    case 'col':
      return columnRef(e.alias, e.name, scope);
    case 'lit':
    case 'param':
      return e.text;
    case 'binary':
      return binaryDoc(e.op, e.left, e.right, scope);
    case 'not':
      return ['NOT ', operand(e.arg, scope, precedence(e.arg) <= PREC_COMPARE)];
    case 'neg': {
      const parens = precedence(e.arg) <= PREC_NEG && !(e.arg.k === 'lit' && !e.arg.text.startsWith('-'));
      return ['-', operand(e.arg, scope, parens)];
    }
    case 'call':
      return callDoc(e, scope);
    case 'case':
      return group([
        'CASE',
        indent([
          line,
          join(
            line,
            e.whens.map((w) => group(['WHEN ', expr(w.when, scope), indent([line, 'THEN ', expr(w.then, scope)])])),
          ),
          line,
          'ELSE ',
          expr(e.else, scope),
        ]),
        line,
        'END',
      ]);
    case 'cast':
      return e.postfix
        ? [operand(e.arg, scope, precedence(e.arg) < PREC_POSTFIX), '::', e.type]
        : group(['CAST(', expr(e.arg, scope), ' AS ', e.type, ')']);
    case 'collate':
      return [operand(e.arg, scope, precedence(e.arg) < PREC_POSTFIX), ' COLLATE ', e.collation];
    case 'subquery':
      return parenthesized(queryDoc(e.query, scope, false));
    case 'exists':
      return ['EXISTS ', parenthesized(queryDoc(e.query, scope, false))];
  }
}

function binaryDoc(op: BinaryOp, left: SqlExpr, right: SqlExpr, scope: Scope): Doc {
  const p = BINARY_PREC[op];
  // DuckDB's `//` is not standard SQL: never rely on its precedence.
  const integerDivision = (x: SqlExpr): boolean => x.k === 'binary' && x.op === '//' && p >= PREC_ADD;
  const leftParens = precedence(left) < p || (p === PREC_COMPARE && precedence(left) === p) || integerDivision(left);
  const rightParens =
    p === PREC_OR || p === PREC_AND ? precedence(right) < p : precedence(right) <= p || integerDivision(right);
  return group([operand(left, scope, leftParens), ` ${op}`, indent([line, operand(right, scope, rightParens)])]);
}

function callDoc(e: Extract<SqlExpr, { k: 'call' }>, scope: Scope): Doc {
  const args: Doc = e.star ? '*' : join([',', line], e.args.map((a) => expr(a, scope)));
  const call = group([e.fn, '(', indent([softline, args]), softline, ')']);
  if (!e.over) return call;
  const order = e.over.orderBy.length > 0 ? ['ORDER BY ', orderDoc(e.over.orderBy, scope)] : [];
  const frame = e.over.running ? [line, 'ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW'] : [];
  return group([call, ' OVER (', indent([softline, order, frame]), softline, ')']);
}

function columnRef(alias: Alias | null, name: string, scope: Scope): string {
  if (alias === null) return name;
  const qualified = `${scope.names.get(alias) ?? alias.name}.${name}`;
  const sole = scope.aliases.length === 1 && scope.aliases[0] === alias;
  if (!sole) return qualified;
  if (scope.inOrderOrGroup) {
    const output = scope.outputs.get(name);
    const same = output !== undefined && output.k === 'col' && output.alias === alias && output.name === name;
    if (output !== undefined && !same) return qualified;
  }
  return name;
}
