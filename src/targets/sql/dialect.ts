// What differs between SQLite, PostgreSQL and DuckDB, as one handler per dialect (after PRQL's
// DialectHandler): spelling of types, literals, casts and placeholders, and the operations whose
// built-in form does not match docs/language.md, each with the rendering that does.
//
// Measured on SQLite 3.53 (better-sqlite3 12), PostgreSQL 17 (PGlite 0.3) and DuckDB 1.5:
// - integer `/` truncates in SQLite and PostgreSQL; DuckDB's `/` is float division, `//` truncates;
// - integer `/` and `%` by zero: PostgreSQL raises, SQLite and DuckDB return NULL;
// - `round(double)`: PostgreSQL rounds half to even, SQLite is half away from zero but computes
//   `x + 0.5` (so 0.49999999999999994 becomes 1); DuckDB is exact, half away from zero;
// - float `%`: SQLite's `%` converts to integers (its `mod()` is fmod), PostgreSQL has no float
//   `%`, DuckDB's `%` is fmod;
// - `CAST(double AS BIGINT)` rounds in PostgreSQL and DuckDB (SQLite truncates and saturates);
// - unadorned decimal literals are NUMERIC/DECIMAL in PostgreSQL and DuckDB, and small integer
//   literals are 32-bit: the emitter casts literals where their type would otherwise leak;
// - none has a plain error function usable in every query: DuckDB has `error()`, PostgreSQL
//   gets a PL/pgSQL helper in `pg_temp`, SQLite fails on a malformed JSON path.

import type { Scalar } from '../../lang/types.js';
import type { SqlDialect } from '../target.js';
import { Alias, bin, call, caseWhen, lit, type From, type SqlExpr } from './ast.js';

export type RaiseCode = 'CLR001' | 'CLR002' | 'CLR003';

export interface Dialect {
  readonly name: SqlDialect;
  readonly displayName: string;
  /** Column types of the input tables. */
  readonly columnType: Readonly<Record<Scalar, string>>;
  /** Whether decimal and small integer literals have a type of their own (NUMERIC, INTEGER) that must be cast. */
  readonly untypedLiterals: boolean;
  cast(e: SqlExpr, to: Scalar): SqlExpr;
  stringLiteral(s: string): SqlExpr;
  /** The placeholder of a bound scalar input; `position` is 1-based. */
  placeholder(name: string, position: number, type: Scalar): SqlExpr;
  /** An expression that raises `message` when evaluated, typed as `type`. */
  raise(code: RaiseCode, message: string, type: Scalar): SqlExpr;
  /** Integer `/` and `%`; `zeroCheck` when the divisor may be zero and the engine would not raise. */
  intDivide(a: SqlExpr, b: SqlExpr, op: '/' | '%', zeroCheck: boolean): SqlExpr;
  floatRemainder(a: SqlExpr, b: SqlExpr): SqlExpr;
  roundHalfAwayFromZero(x: SqlExpr): SqlExpr;
  /** i64(x) of an f64 that is `integral` already (floor/ceil/round/trunc), or not. */
  toI64(x: SqlExpr, integral: boolean): SqlExpr;
  least(a: SqlExpr, b: SqlExpr): SqlExpr;
  greatest(a: SqlExpr, b: SqlExpr): SqlExpr;
  readonly powFunction: string;
  /** Strings order by code point: wraps a str operand of `<`, ORDER BY, min/max where needed. */
  codePointOrder(e: SqlExpr): SqlExpr;
  /** An i64 SUM, whose type is wider than BIGINT in PostgreSQL and DuckDB, back as BIGINT. */
  i64Sum(sum: SqlExpr): SqlExpr;
  /** `range(start, end)` as a table function with a `value` column, when the dialect has one. */
  series(start: SqlExpr, end: SqlExpr, alias: Alias): From | null;
  /** The largest LIMIT/OFFSET the engine takes, when it has one below 2^63. */
  readonly maxLimit: bigint | null;
  /** LIMIT/OFFSET inside a correlated subquery must be literals. */
  readonly literalLimitInSubqueries: boolean;
}

const message = (code: RaiseCode, text: string): string => `${code}: ${text}`;

/** `'…'` with quotes doubled; control characters through `chr`/`char` since a literal newline would break the layout. */
function quoteWithCharCalls(s: string, charFn: string): SqlExpr {
  const parts: string[] = [];
  let run = '';
  for (const ch of s) {
    const code = ch.codePointAt(0)!;
    if (code < 0x20 || code === 0x7f) {
      if (run !== '') parts.push(`'${run}'`);
      run = '';
      parts.push(`${charFn}(${code})`);
    } else run += ch === "'" ? "''" : ch;
  }
  if (run !== '' || parts.length === 0) parts.push(`'${run}'`);
  return lit(parts.length === 1 ? parts[0]! : `(${parts.join(' || ')})`);
}

const isZero = (b: SqlExpr): SqlExpr => bin('=', b, lit('0'));

/** `end - 1`, the last value of a half-open range (`n + 1 - 1` is `n`). */
function lastOf(end: SqlExpr): SqlExpr {
  if (end.k === 'binary' && end.op === '+' && end.right.k === 'lit' && end.right.text === '1') return end.left;
  return bin('-', end, lit('1'));
}

function trunc(x: SqlExpr): SqlExpr {
  return call('trunc', x);
}

/** Exact for every double: `x - trunc(x)` is computed without rounding. */
function roundByTruncation(x: SqlExpr): SqlExpr {
  const t = trunc(x);
  return caseWhen(bin('>=', call('abs', bin('-', x, t)), lit('0.5')), bin('+', t, call('sign', x)), t);
}

export const SQLITE: Dialect = {
  name: 'sqlite',
  displayName: 'SQLite',
  columnType: { i64: 'INTEGER', f64: 'REAL', bool: 'BOOLEAN', str: 'TEXT' },
  untypedLiterals: false,
  cast: (e, to) => ({ k: 'cast', arg: e, type: { i64: 'INTEGER', f64: 'REAL', bool: 'INTEGER', str: 'TEXT' }[to], postfix: false }),
  stringLiteral: (s) => quoteWithCharCalls(s, 'char'),
  placeholder: (name) => ({ k: 'param', text: `:${name}` }),
  // SQLite's only error-raising function outside triggers: a JSON path must start with `$`,
  // so this fails with "bad JSON path: '<message>'" (the runner prints the message alone).
  raise: (code, text) => ({ k: 'call', fn: 'json_extract', args: [lit("'{}'"), lit(`'${message(code, text)}'`)], raises: true }),
  intDivide: (a, b, op, zeroCheck) =>
    zeroCheck
      ? caseWhen(isZero(b), SQLITE.raise('CLR001', op === '/' ? 'division by zero' : 'remainder by zero', 'i64'), bin(op, a, b))
      : bin(op, a, b),
  floatRemainder: (a, b) => call('mod', a, b),
  roundHalfAwayFromZero: roundByTruncation,
  // CAST(REAL AS INTEGER) truncates toward zero and saturates: exactly i64(x).
  toI64: (x) => SQLITE.cast(x, 'i64'),
  least: (a, b) => call('min', a, b),
  greatest: (a, b) => call('max', a, b),
  powFunction: 'pow',
  // BINARY collation compares UTF-8 bytes, which is code-point order.
  codePointOrder: (e) => e,
  i64Sum: (sum) => sum,
  series: () => null,
  maxLimit: null,
  literalLimitInSubqueries: false,
};

export const POSTGRES: Dialect = {
  name: 'postgres',
  displayName: 'PostgreSQL',
  columnType: { i64: 'BIGINT', f64: 'DOUBLE PRECISION', bool: 'BOOLEAN', str: 'TEXT' },
  untypedLiterals: true,
  cast: (e, to) => ({ k: 'cast', arg: e, type: POSTGRES.columnType[to], postfix: true }),
  // Standard-conforming strings keep backslashes literal; E'…' spells control characters.
  stringLiteral: (s) => {
    if (!/[\u0000-\u001f\u007f]/.test(s)) return lit(`'${s.replaceAll("'", "''")}'`);
    const escaped = [...s]
      .map((ch) => {
        const code = ch.codePointAt(0)!;
        if (ch === "'") return "''";
        if (ch === '\\') return '\\\\';
        return code < 0x20 || code === 0x7f ? `\\x${code.toString(16).padStart(2, '0')}` : ch;
      })
      .join('');
    return lit(`E'${escaped}'`);
  },
  placeholder: (_name, position, type) => POSTGRES.cast({ k: 'param', text: `$${position}` }, type),
  raise: (code, text, type) => {
    const raised: SqlExpr = { k: 'call', fn: 'pg_temp.raise_error', args: [lit(`'${message(code, text)}'`)], raises: true };
    return type === 'str' ? raised : POSTGRES.cast(raised, type);
  },
  // PostgreSQL raises "division by zero" itself.
  intDivide: (a, b, op) => bin(op, a, b),
  // No float `%`, and going through NUMERIC keeps only 15 digits: the truncated remainder.
  floatRemainder: (a, b) => bin('-', a, bin('*', b, trunc(bin('/', a, b)))),
  // round(NUMERIC) rounds half away from zero; the text form of a double (shortest round-trip
  // digits since PostgreSQL 12) converts exactly, where a direct cast keeps only 15 digits.
  roundHalfAwayFromZero: (x) =>
    POSTGRES.cast(call('round', { k: 'cast', arg: { k: 'cast', arg: x, type: 'TEXT', postfix: true }, type: 'NUMERIC', postfix: true }), 'f64'),
  toI64: (x, integral) => POSTGRES.cast(integral ? x : trunc(x), 'i64'),
  least: (a, b) => call('least', a, b),
  greatest: (a, b) => call('greatest', a, b),
  powFunction: 'power',
  codePointOrder: (e) => ({ k: 'collate', arg: e, collation: '"C"' }),
  i64Sum: (sum) => POSTGRES.cast(sum, 'i64'),
  series: (start, end, alias) => ({
    k: 'function',
    call: call('generate_series', start, lastOf(end)),
    alias,
    columns: ['value'],
  }),
  maxLimit: null,
  literalLimitInSubqueries: false,
};

export const DUCKDB: Dialect = {
  name: 'duckdb',
  displayName: 'DuckDB',
  columnType: { i64: 'BIGINT', f64: 'DOUBLE', bool: 'BOOLEAN', str: 'VARCHAR' },
  untypedLiterals: true,
  cast: (e, to) => ({ k: 'cast', arg: e, type: DUCKDB.columnType[to], postfix: true }),
  stringLiteral: (s) => quoteWithCharCalls(s, 'chr'),
  placeholder: (name, _position, type) => DUCKDB.cast({ k: 'param', text: `$${name}` }, type),
  raise: (code, text) => ({ k: 'call', fn: 'error', args: [lit(`'${message(code, text)}'`)], raises: true }),
  intDivide: (a, b, op, zeroCheck) => {
    const divided = bin(op === '/' ? '//' : '%', a, b);
    return zeroCheck ? caseWhen(isZero(b), DUCKDB.raise('CLR001', op === '/' ? 'division by zero' : 'remainder by zero', 'i64'), divided) : divided;
  },
  floatRemainder: (a, b) => bin('%', a, b),
  roundHalfAwayFromZero: (x) => call('round', x),
  toI64: (x, integral) => DUCKDB.cast(integral ? x : trunc(x), 'i64'),
  least: (a, b) => call('least', a, b),
  greatest: (a, b) => call('greatest', a, b),
  powFunction: 'pow',
  codePointOrder: (e) => e,
  i64Sum: (sum) => DUCKDB.cast(sum, 'i64'),
  series: (start, end, alias) => ({ k: 'function', call: call('range', start, end), alias, columns: ['value'] }),
  maxLimit: 2n ** 62n,
  literalLimitInSubqueries: true,
};

export const DIALECTS: Readonly<Record<SqlDialect, Dialect>> = { sqlite: SQLITE, postgres: POSTGRES, duckdb: DUCKDB };

export const DEFAULT_DIALECT: SqlDialect = 'postgres';

/** The PL/pgSQL helper behind POSTGRES.raise (session-local, so it leaves nothing behind). */
export const POSTGRES_RAISE_HELPER = [
  'CREATE OR REPLACE FUNCTION pg_temp.raise_error(message TEXT) RETURNS TEXT',
  "LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION '%', message; END $$;",
];
