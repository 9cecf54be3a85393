// The SQL runner (src/toolchain/sql.ts): statement splitting, the result line, conversion of
// engine values by declared type, and errors and warnings as a program reports them.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { openSqlEngine, resultType, runSqlProgram, splitStatements, type SqlEngine } from '../../../src/toolchain/sql.js';

const SQLITE_INPUT = /^:input\b/;

describe('splitStatements', () => {
  it('splits at semicolons outside strings, identifiers, comments and dollar quotes', () => {
    const script = [
      "SELECT 'a;b', 'it''s;' AS \"x;y\";",
      '-- a comment; with :input in it',
      'SELECT 1 /* ; */;',
      "CREATE FUNCTION f() RETURNS TEXT LANGUAGE plpgsql AS $$ BEGIN RETURN ';'; END $$;",
      "SELECT E'\\';', 2;",
      '-- only a comment at the end',
    ].join('\n');
    assert.deepEqual(
      splitStatements(script, SQLITE_INPUT).map((s) => s.text),
      [
        "SELECT 'a;b', 'it''s;' AS \"x;y\"",
        '-- a comment; with :input in it\nSELECT 1 /* ; */',
        "CREATE FUNCTION f() RETURNS TEXT LANGUAGE plpgsql AS $$ BEGIN RETURN ';'; END $$",
        "SELECT E'\\';', 2",
      ],
    );
  });

  it('notes the placeholder only where it is code', () => {
    const statements = splitStatements("SELECT ':input';\nSELECT :input;\nSELECT :inputs;", SQLITE_INPUT);
    assert.deepEqual(
      statements.map((s) => s.bindsInput),
      [false, true, false],
    );
  });
});

describe('resultType', () => {
  it('reads the type on the result line', () => {
    assert.deepEqual(resultType('-- x\n-- Result: [{a: i64, b: {c: str}}]\nSELECT 1;'), {
      kind: 'array',
      elem: {
        kind: 'record',
        name: '{a: i64, b: {c: str}}',
        fields: [
          { name: 'a', type: { kind: 'i64' } },
          { name: 'b', type: { kind: 'record', name: '{c: str}', fields: [{ name: 'c', type: { kind: 'str' } }] } },
        ],
      },
    });
  });

  it('refuses a script without one', () => {
    assert.throws(() => resultType('SELECT 1;'), /Result/);
  });
});

describe('runSqlProgram on SQLite', () => {
  const run = (result: string, sql: string, input = '{}') => runSqlProgram('sqlite', `-- Result: ${result}\n${sql}`, input);

  it('prints records keyed by source field names, in declaration order, bools as booleans', async () => {
    const out = await run('[{select: bool, n: i64, x: f64}]', 'SELECT 1 AS a, 9223372036854775807 AS b, 0.5 AS c UNION ALL SELECT 0, -1, 2.0;');
    assert.deepEqual([out.exitCode, out.stdout], [0, '[{"select":true,"n":9223372036854775807,"x":0.5},{"select":false,"n":-1,"x":2}]\n']);
  });

  it('binds the input document where the script reads it', async () => {
    const out = await run('str', "CREATE TEMP TABLE t AS SELECT json_extract(:input, '$.args.s') AS s;\nSELECT s FROM t;", '{"args":{"s":"ok"}}');
    assert.equal(out.stdout, '"ok"\n');
  });

  it('reports a raised error by its message, with exit status 1', async () => {
    const out = await run('f64', "SELECT coalesce(NULL, json_extract('{}', 'CLR002: max of an empty array'));");
    assert.deepEqual([out.exitCode, out.stdout, out.stderr], [1, '', 'error: CLR002: max of an empty array\n']);
  });

  it('an i64 that overflowed into a REAL is an error, not a number', async () => {
    const out = await run('i64', 'SELECT 9223372036854775807 + 1;');
    assert.equal(out.exitCode, 1);
    assert.match(out.stderr, /integer overflow/);
  });

  it('a NULL result (SQLite has no NaN) is an error', async () => {
    const out = await run('f64', 'SELECT 0.0 / 0.0;');
    assert.equal(out.exitCode, 1);
    assert.match(out.stderr, /NULL/);
  });
});

describe('runners on PostgreSQL and DuckDB', () => {
  let postgres: SqlEngine;
  let duckdb: SqlEngine;
  before(async () => {
    postgres = await openSqlEngine('postgres');
    duckdb = await openSqlEngine('duckdb');
  });
  after(async () => {
    await postgres.close();
    await duckdb.close();
  });

  it('PostgreSQL notices are warnings; NUMERIC and BIGINT convert by declared type', async () => {
    const out = await postgres.run(
      "-- Result: {a: f64, b: i64}\nDO $$ BEGIN RAISE NOTICE 'careful'; END $$;\nSELECT 1.5::NUMERIC, 9007199254740993::BIGINT;",
      '{}',
    );
    assert.deepEqual([out.exitCode, out.stdout, out.stderr], [0, '{"a":1.5,"b":9007199254740993}\n', 'warning: careful\n']);
  });

  it('PostgreSQL runs are isolated: temporary tables are gone afterwards', async () => {
    const create = await postgres.run('-- Result: i64\nCREATE TEMP TABLE t (x BIGINT);\nSELECT count(*) FROM t;', '{}');
    assert.equal(create.stdout, '0\n');
    const again = await postgres.run('-- Result: i64\nCREATE TEMP TABLE t (x BIGINT);\nSELECT count(*) FROM t;', '{}');
    assert.equal(again.exitCode, 0, again.stderr);
  });

  it('DuckDB HUGEINT sums and DECIMAL literals convert by declared type; error() is unwrapped', async () => {
    const out = await duckdb.run('-- Result: {s: i64, d: f64}\nSELECT sum(x), 2.5 FROM (VALUES (1::BIGINT), (2::BIGINT)) AS t(x);', '{}');
    assert.equal(out.stdout, '{"s":3,"d":2.5}\n');
    const failed = await duckdb.run("-- Result: i64\nSELECT error('CLR001: division by zero');", '{}');
    assert.equal(failed.stderr, 'error: CLR001: division by zero\n');
  });
});
