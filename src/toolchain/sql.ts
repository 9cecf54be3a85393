// Runs program-mode SQL renders on embedded engines: SQLite through better-sqlite3, PostgreSQL
// through PGlite (WebAssembly, about 2–5 s to start: open one engine and reuse it), DuckDB
// through @duckdb/node-api. A run executes the script's statements in order, binding the input
// document wherever the script's placeholder appears, and prints the last statement's rows as
// canonical JSON (docs/language.md) according to the script's `-- Result: <type>` line; a
// failing statement prints `error: <message>` and exits 1, as a program would.
//
// Each run is isolated: a fresh SQLite database, a PostgreSQL transaction rolled back at the
// end (temporary tables and the `pg_temp` helper go with it), a fresh DuckDB connection.
// Engines run in this process, so a run cannot be killed half-way: keep inputs small.

import { createRequire } from 'node:module';
import { DuckDBDecimalValue, DuckDBInstance, type DuckDBValue } from '@duckdb/node-api';
import { PGlite } from '@electric-sql/pglite';
import type { Type } from '../lang/types.js';
import { makeRecord, valueToJson, type Value } from '../ir/values.js';
import type { SqlDialect } from '../targets/target.js';
import type { ProcessResult } from './process.js';

export interface SqlEngine {
  readonly dialect: SqlDialect;
  /** Runs one program-mode script with `input` as its input document. */
  run(script: string, input: string): Promise<ProcessResult>;
  /**
   * Runs statements in one isolated session and returns the last one's rows (column values as
   * the engine gives them) and the warnings the engine reported. Throws the engine's errors.
   */
  execute(statements: readonly BoundStatement[]): Promise<{ readonly rows: unknown[][]; readonly warnings: readonly string[] }>;
  close(): Promise<void>;
}

/** A statement and its parameter values: named (SQLite `:x`, DuckDB `$x`) or positional (PostgreSQL `$1`). */
export interface BoundStatement {
  readonly sql: string;
  readonly params?: Readonly<Record<string, unknown>> | readonly unknown[];
}

export async function openSqlEngine(dialect: SqlDialect): Promise<SqlEngine> {
  const session = await openSession(dialect);
  return {
    dialect,
    execute: (statements) => session.execute(statements),
    run: (script, input) => runScript(dialect, session, script, input),
    close: () => session.close(),
  };
}

/** Opens an engine, runs one script, closes it. */
export async function runSqlProgram(dialect: SqlDialect, script: string, input: string): Promise<ProcessResult> {
  const engine = await openSqlEngine(dialect);
  try {
    return await engine.run(script, input);
  } finally {
    await engine.close();
  }
}

// ---------------------------------------------------------------- engines

interface Session {
  execute(statements: readonly BoundStatement[]): Promise<{ rows: unknown[][]; warnings: string[] }>;
  close(): Promise<void>;
}

function openSession(dialect: SqlDialect): Promise<Session> {
  switch (dialect) {
    case 'sqlite':
      return Promise.resolve(sqliteSession());
    case 'postgres':
      return postgresSession();
    case 'duckdb':
      return duckdbSession();
  }
}

const PLACEHOLDER: Readonly<Record<SqlDialect, RegExp>> = {
  sqlite: /^:input\b/,
  postgres: /^\$1(?!\d)/,
  duckdb: /^\$input\b/,
};

/** Where the document goes: SQLite and DuckDB bind by name, PostgreSQL by position. */
function inputBinding(dialect: SqlDialect, input: string): Readonly<Record<string, unknown>> | readonly unknown[] {
  return dialect === 'postgres' ? [input] : { input };
}

/** A program-mode script's statements, the input document bound where the script reads it. */
export function programStatements(dialect: SqlDialect, script: string, input: string): BoundStatement[] {
  return splitStatements(script, PLACEHOLDER[dialect]).map(
    (s): BoundStatement => (s.bindsInput ? { sql: s.text, params: inputBinding(dialect, input) } : { sql: s.text }),
  );
}

async function runScript(dialect: SqlDialect, session: Session, script: string, input: string): Promise<ProcessResult> {
  const started = performance.now();
  const done = (stdout: string, stderr: string, exitCode: number): ProcessResult => ({
    stdout,
    stderr,
    exitCode,
    signal: null,
    timedOut: false,
    outputLimitExceeded: false,
    durationMs: performance.now() - started,
  });
  const type = resultType(script);
  const statements = programStatements(dialect, script, input);
  try {
    const { rows, warnings } = await session.execute(statements);
    const json = valueToJson(resultValue(rows, type), type);
    return done(`${json}\n`, warnings.map((w) => `warning: ${w}\n`).join(''), 0);
  } catch (error) {
    return done('', `error: ${errorMessage(dialect, error)}\n`, 1);
  }
}

function sqliteSession(): Session {
  const Database = createRequire(import.meta.url)('better-sqlite3') as SqliteConstructor;
  return {
    async execute(statements) {
      const db = new Database(':memory:');
      db.defaultSafeIntegers(true);
      try {
        let rows: unknown[][] = [];
        statements.forEach((s, i) => {
          const statement = db.prepare(s.sql);
          const params = s.params === undefined ? [] : [s.params];
          if (i === statements.length - 1) rows = statement.raw(true).all(...params);
          else statement.run(...params);
        });
        return { rows, warnings: [] };
      } finally {
        db.close();
      }
    },
    close: async () => {},
  };
}

/** The part of better-sqlite3's API used here (the package ships no types). */
interface SqliteConstructor {
  new (filename: string): SqliteDatabase;
}
interface SqliteDatabase {
  defaultSafeIntegers(on: boolean): SqliteDatabase;
  prepare(sql: string): SqliteStatement;
  close(): void;
}
interface SqliteStatement {
  run(...params: readonly unknown[]): unknown;
  raw(on: boolean): SqliteStatement;
  all(...params: readonly unknown[]): unknown[][];
}

async function postgresSession(): Promise<Session> {
  const pg = new PGlite();
  await pg.waitReady;
  // One transaction at a time: runs started together wait for each other.
  let previous: Promise<unknown> = Promise.resolve();
  const serially = <T>(task: () => Promise<T>): Promise<T> => {
    const next = previous.then(task, task);
    previous = next.catch(() => {});
    return next;
  };
  return {
    execute: (statements) =>
      serially(async () => {
        const warnings: string[] = [];
        // PGlite also passes its own LOG/DEBUG chatter through here: keep what the server warns about.
        const onNotice = (n: { severity?: string; message?: string }): void => {
          if (n.severity === 'WARNING' || n.severity === 'NOTICE') warnings.push(n.message ?? '');
        };
        const options = { rowMode: 'array' as const, onNotice };
        await pg.exec('BEGIN');
        try {
          let rows: unknown[][] = [];
          for (const s of statements) {
            const params = Array.isArray(s.params) ? s.params : [];
            rows = (await pg.query<unknown[]>(s.sql, params, options)).rows;
          }
          return { rows, warnings };
        } finally {
          await pg.exec('ROLLBACK');
        }
      }),
    close: () => pg.close(),
  };
}

async function duckdbSession(): Promise<Session> {
  const instance = await DuckDBInstance.create(':memory:');
  return {
    async execute(statements) {
      const connection = await instance.connect();
      try {
        let rows: unknown[][] = [];
        for (const s of statements) {
          const params = s.params as Record<string, DuckDBValue> | DuckDBValue[] | undefined;
          rows = (await connection.runAndReadAll(s.sql, params)).getRows();
        }
        return { rows, warnings: [] };
      } finally {
        connection.closeSync();
      }
    },
    close: async () => instance.closeSync(),
  };
}

function errorMessage(dialect: SqlDialect, error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if (dialect === 'sqlite') {
    // The SQLite raise (dialect.ts): a JSON path that is the message itself.
    const raised = /^bad JSON path: '(.*)'$/s.exec(message);
    if (raised) return raised[1]!;
  }
  if (dialect === 'duckdb') return message.replace(/^Invalid Input Error: /, '');
  return message;
}

// ---------------------------------------------------------------- statements

export interface Statement {
  readonly text: string;
  /** The statement holds the input placeholder (outside strings and comments). */
  readonly bindsInput: boolean;
}

/**
 * Splits a script at the `;` that end statements, skipping over quoted strings and identifiers,
 * comments and PostgreSQL dollar quotes, and notes which statements hold `placeholder`.
 */
export function splitStatements(script: string, placeholder: RegExp): Statement[] {
  const out: Statement[] = [];
  let start = 0;
  let binds = false;
  let meaningful = false;
  let i = 0;
  const flush = (end: number): void => {
    if (meaningful) out.push({ text: script.slice(start, end).trim(), bindsInput: binds });
    start = end + 1;
    binds = false;
    meaningful = false;
  };
  while (i < script.length) {
    const ch = script[i]!;
    const rest = script.slice(i);
    if (rest.startsWith('--')) {
      const end = script.indexOf('\n', i);
      i = end < 0 ? script.length : end + 1;
    } else if (rest.startsWith('/*')) {
      const end = script.indexOf('*/', i + 2);
      i = end < 0 ? script.length : end + 2;
    } else if (ch === "'" || ch === '"') {
      // A backslash escapes inside PostgreSQL's E'…' strings only.
      const escapes = ch === "'" && /[eE]$/.test(script.slice(0, i)) && !/[A-Za-z0-9_][eE]$/.test(script.slice(0, i));
      i = quotedEnd(script, i, ch, escapes);
      meaningful = true;
    } else if (ch === '$' && /^\$[A-Za-z_]*\$/.test(rest)) {
      const tag = /^\$[A-Za-z_]*\$/.exec(rest)![0];
      const end = script.indexOf(tag, i + tag.length);
      i = end < 0 ? script.length : end + tag.length;
      meaningful = true;
    } else if (ch === ';') {
      flush(i);
      i++;
    } else {
      if (placeholder.test(rest)) binds = true;
      if (!/\s/.test(ch)) meaningful = true;
      i++;
    }
  }
  flush(script.length);
  return out;
}

function quotedEnd(s: string, open: number, quote: string, backslashEscapes: boolean): number {
  let i = open + 1;
  while (i < s.length) {
    if (backslashEscapes && s[i] === '\\') i += 2;
    else if (s[i] === quote) {
      if (s[i + 1] === quote) i += 2;
      else return i + 1;
    } else i++;
  }
  return s.length;
}

// ---------------------------------------------------------------- results

const RESULT_LINE = /^-- Result: (.+)$/m;

/** The type on the script's `-- Result:` line. */
export function resultType(script: string): Type {
  const line = RESULT_LINE.exec(script);
  if (!line) throw new Error('the script has no "-- Result: <type>" line');
  return new TypeReader(line[1]!).read();
}

/** Parses what header.ts `structuralType` writes: `i64`, `[T]`, `{name: T, …}`. */
class TypeReader {
  private pos = 0;
  constructor(private readonly text: string) {}

  read(): Type {
    const t = this.type();
    this.space();
    if (this.pos !== this.text.length) throw new Error(`unexpected text in result type: ${this.text.slice(this.pos)}`);
    return t;
  }

  private type(): Type {
    this.space();
    if (this.eat('[')) {
      const elem = this.type();
      this.expect(']');
      return { kind: 'array', elem };
    }
    if (this.eat('{')) {
      const start = this.pos - 1;
      const fields: { name: string; type: Type }[] = [];
      while (!this.eat('}')) {
        if (fields.length > 0) this.expect(',');
        const name = this.identifier();
        this.expect(':');
        fields.push({ name, type: this.type() });
      }
      // Named by its structural spelling, as anonymous records are.
      return { kind: 'record', name: this.text.slice(start, this.pos), fields };
    }
    const name = this.identifier();
    if (name !== 'i64' && name !== 'f64' && name !== 'bool' && name !== 'str') throw new Error(`unknown type ${name} in result type`);
    return { kind: name };
  }

  private identifier(): string {
    this.space();
    const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(this.text.slice(this.pos));
    if (!m) throw new Error(`expected a name in result type at ${this.text.slice(this.pos)}`);
    this.pos += m[0].length;
    return m[0];
  }

  private eat(token: string): boolean {
    this.space();
    if (!this.text.startsWith(token, this.pos)) return false;
    this.pos += token.length;
    return true;
  }

  private expect(token: string): void {
    if (!this.eat(token)) throw new Error(`expected ${token} in result type at ${this.text.slice(this.pos)}`);
  }

  private space(): void {
    while (this.text[this.pos] === ' ') this.pos++;
  }
}

/** The value the rows stand for: one row for a scalar or record, one row per element for an array. */
export function resultValue(rows: readonly unknown[][], type: Type): Value {
  if (type.kind === 'array') return rows.map((row) => rowValue(row, type.elem));
  if (rows.length !== 1) throw new Error(`expected one result row, got ${rows.length}`);
  return rowValue(rows[0]!, type);
}

function rowValue(row: readonly unknown[], type: Type): Value {
  let column = 0;
  const next = (t: Type): Value => {
    if (t.kind === 'record') return makeRecord(t.fields.map((f) => [f.name, next(f.type)] as const));
    if (t.kind === 'array') throw new Error('an SQL column cannot hold an array');
    return scalarValue(row[column++], t.kind);
  };
  return next(type);
}

/** Converts by declared type: engines return BIGINT as bigint, NUMERIC and HUGEINT as strings or objects, bool as 0/1 in SQLite. */
function scalarValue(raw: unknown, kind: 'i64' | 'f64' | 'bool' | 'str'): Value {
  if (raw === null || raw === undefined) {
    throw new Error('a result is NULL: the engine gave no value (an f64 division by zero or a math domain error in SQLite)');
  }
  switch (kind) {
    case 'i64': {
      if (typeof raw === 'bigint') return raw;
      if (typeof raw === 'number' && Number.isSafeInteger(raw)) return BigInt(raw);
      if (typeof raw === 'string' && /^-?\d+$/.test(raw)) return BigInt(raw);
      throw new Error(`integer overflow: an i64 result is ${String(raw)}, not a 64-bit integer`);
    }
    case 'f64':
      if (typeof raw === 'number') return raw;
      if (typeof raw === 'bigint' || typeof raw === 'string') return Number(raw);
      if (raw instanceof DuckDBDecimalValue) return raw.toDouble();
      break;
    case 'bool':
      if (typeof raw === 'boolean') return raw;
      if (raw === 0n || raw === 1n || raw === 0 || raw === 1) return raw === 1n || raw === 1;
      break;
    case 'str':
      if (typeof raw === 'string') return raw;
      break;
  }
  throw new Error(`cannot read ${String(raw)} as ${kind}`);
}
