// What the SQL target renders, checked as text for a few kernels (one clause per line, CTEs for
// named lets and for stages SQL cannot fold, the dialect's own spelling), and its contract:
// deterministic output, `parallel` changing nothing, reasons and diagnostics.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { NOT_EXPRESSIBLE } from '../../../src/targets/sql/module.js';
import { DIALECTS, renderSql } from './harness.js';

const example = (name: string): string => readFileSync(new URL(`../../../examples/${name}.live`, import.meta.url), 'utf8');

/** The statement of `kernel` in a function-mode render (from its comment to its `;`). */
function kernelQuery(code: string, kernel: string): string {
  const start = code.indexOf(`-- kernel ${kernel}(`);
  assert.ok(start >= 0, `no kernel ${kernel}`);
  return code.slice(start, code.indexOf(';\n', start) + 1);
}

describe('SQL renders', () => {
  it('score: an aggregate with the filter in WHERE, one spelling per dialect', () => {
    const source = example('score');
    assert.equal(
      kernelQuery(renderSql(source, { dialect: 'sqlite' }).code, 'score'),
      `-- kernel score(xs: [f64]) -> f64
-- Tables: xs(idx, value), one row per element, idx = 0, 1, 2, …
-- Parameters: :threshold (f64, param), :gain (f64, param)
SELECT total(value * :gain) AS score
FROM xs
WHERE value > :threshold;`,
    );
    assert.equal(
      kernelQuery(renderSql(source, { dialect: 'postgres' }).code, 'score'),
      `-- kernel score(xs: [f64]) -> f64
-- Tables: xs(idx, value), one row per element, idx = 0, 1, 2, …
-- Parameters: $1 threshold (f64, param), $2 gain (f64, param)
SELECT coalesce(sum(value * $2::DOUBLE PRECISION), 0.0) AS score
FROM xs
WHERE value > $1::DOUBLE PRECISION;`,
    );
    assert.equal(
      kernelQuery(renderSql(source, { dialect: 'duckdb' }).code, 'score'),
      `-- kernel score(xs: [f64]) -> f64
-- Tables: xs(idx, value), one row per element, idx = 0, 1, 2, …
-- Parameters: $threshold (f64, param), $gain (f64, param)
SELECT coalesce(sum(value * $gain::DOUBLE), 0.0) AS score
FROM xs
WHERE value > $threshold::DOUBLE;`,
    );
  });

  it('a let becomes a named CTE; reductions over it are scalar subqueries', () => {
    assert.equal(
      kernelQuery(renderSql(example('score'), { dialect: 'sqlite' }).code, 'passing'),
      `-- kernel passing(xs: [f64]) -> {n: i64, all_positive: bool, any_large: bool}
-- Tables: xs(idx, value), one row per element, idx = 0, 1, 2, …
-- Parameters: :threshold (f64, param), :gain (f64, param)
WITH kept AS (
  SELECT idx, value
  FROM xs
  WHERE value > :threshold
)
SELECT
  (SELECT count(*) FROM kept) AS n,
  NOT EXISTS (SELECT 1 FROM kept WHERE NOT (value > 0.0)) AS all_positive,
  EXISTS (SELECT 1 FROM kept WHERE value * :gain > 5.0) AS any_large;`,
    );
  });

  it('group_by: GROUP BY the key, ordered by it, the sort after it by the output column', () => {
    assert.equal(
      kernelQuery(renderSql(example('trades'), { dialect: 'postgres' }).code, 'volume_by_symbol'),
      `-- kernel volume_by_symbol(trades: [Trade]) -> [{symbol: str, volume: f64, n: i64}]
-- Tables: trades(idx, symbol, price, qty), one row per element, idx = 0, 1, 2, …
SELECT symbol, sum(price * qty::DOUBLE PRECISION) AS volume, count(*) AS n
FROM trades
WHERE qty > 0
GROUP BY symbol
ORDER BY volume DESC, symbol COLLATE "C";`,
    );
  });

  it('sort_by desc + take: ORDER BY with the index as tie-breaker, LIMIT never negative', () => {
    assert.equal(
      kernelQuery(renderSql(example('stats'), { dialect: 'postgres' }).code, 'top_k'),
      `-- kernel top_k(xs: [f64]) -> [f64]
-- Tables: xs(idx, value), one row per element, idx = 0, 1, 2, …
-- Parameters: $1 k (i64, param)
SELECT value
FROM xs
ORDER BY value DESC, idx
LIMIT greatest($1::BIGINT, 0);`,
    );
  });

  it('scan: a running aggregate is a window function, any other step a recursive CTE', () => {
    const smoothing = renderSql(example('smoothing'), { dialect: 'duckdb' }).code;
    assert.match(kernelQuery(smoothing, 'running_total'), /sum\(value\) OVER \(ORDER BY idx ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW\)/);
    assert.equal(
      kernelQuery(renderSql(example('integers'), { dialect: 'sqlite' }).code, 'rolling_hash'),
      `-- kernel rolling_hash(bytes: [i64]) -> i64
-- Tables: bytes(idx, value), one row per element, idx = 0, 1, 2, …
WITH RECURSIVE folded(idx, value) AS (
  SELECT -1, 1469598103934665603
  UNION ALL
  SELECT bytes.idx, folded.value * 1099511628211 + bytes.value
  FROM folded JOIN bytes ON bytes.idx = folded.idx + 1
)
SELECT (SELECT value FROM folded ORDER BY idx DESC LIMIT 1) AS rolling_hash;`,
    );
  });

  it('integer division: `//` in DuckDB with a zero check, native in PostgreSQL', () => {
    const source = 'kernel split(ds: [i64], by: i64) -> [i64] { ds.map(d => d / by) }';
    const flat = (dialect: 'sqlite' | 'postgres' | 'duckdb'): string => renderSql(source, { dialect }).code.replace(/\s+/g, ' ');
    assert.match(flat('duckdb'), /CASE WHEN \$by::BIGINT = 0 THEN error\('CLR001: division by zero'\) ELSE value \/\/ \$by::BIGINT END/);
    assert.match(flat('sqlite'), /CASE WHEN :by = 0 THEN json_extract\('\{\}', 'CLR001: division by zero'\) ELSE value \/ :by END/);
    assert.match(flat('postgres'), /SELECT value \/ \$1::BIGINT AS value/);
  });

  it('program mode: the script loads the input document and ends with the query', () => {
    assert.equal(
      renderSql(example('words'), { dialect: 'sqlite', mode: 'program', entry: 'word_counts' }).code,
      `-- Code Live program for SQLite: runs kernel \`word_counts\`.
-- Bind the input document {"args": {...}, "params": {...}} to :input and run the statements in order;
-- the last one returns the result: one row (a scalar or a record), or one row per element in order.
-- Result: [{word: str, n: i64}]

CREATE TEMP TABLE input (doc TEXT NOT NULL);

INSERT INTO input (doc) VALUES (:input);

CREATE TEMP TABLE words (
  idx INTEGER PRIMARY KEY,
  value TEXT NOT NULL
);

INSERT INTO words (idx, value)
SELECT e.key, e.value
FROM input, json_each(input.doc, '$.args.words') AS e;

SELECT value AS word, count(*) AS n
FROM words
WHERE value <> ''
GROUP BY value
ORDER BY n DESC, value;
`,
    );
  });

  it('baked params are literals', () => {
    const code = renderSql(example('score'), { dialect: 'postgres', params: 'baked' }, { threshold: 0.25, gain: 3 }).code;
    assert.match(kernelQuery(code, 'score'), /SELECT coalesce\(sum\(value \* 3\.0\), 0\.0\) AS score\nFROM xs\nWHERE value > 0\.25;/);
  });

  for (const dialect of DIALECTS) {
    it(`${dialect}: deterministic, and \`parallel\` gives the same, not degraded by it`, () => {
      for (const name of ['finance', 'trades', 'smoothing']) {
        const source = example(name);
        const sequential = renderSql(source, { dialect });
        assert.equal(renderSql(source, { dialect }).code, sequential.code);
        const parallel = renderSql(source, { dialect, parallel: true });
        assert.equal(parallel.code, sequential.code);
        assert.deepEqual(parallel.reasons, sequential.reasons);
      }
    });
  }

  it('reasons name the deviations a kernel can meet, per kernel', () => {
    const render = renderSql(example('integers'), { dialect: 'postgres' });
    assert.ok(render.degraded);
    assert.deepEqual(
      render.reasons.filter((r) => r.kernel === 'rolling_hash').map((r) => r.code),
      ['i64-overflow-not-wrapped'],
    );
    const clean = renderSql('kernel count_true(flags: [bool]) -> i64 { flags.count(f => f) }', { dialect: 'postgres' });
    assert.equal(clean.degraded, false);
    assert.deepEqual(clean.reasons, []);
  });

  it('the default dialect is PostgreSQL', () => {
    const code = renderSql(example('score'), {}).code;
    assert.match(code, /SQL for PostgreSQL/);
  });

  it('what SQL cannot hold fails with a diagnostic naming the construct', () => {
    const arrays = renderSql('kernel nest(xs: [f64], ys: [f64]) -> [[f64]] { xs.map(x => ys) }', { dialect: 'sqlite' });
    assert.equal(arrays.code, '');
    assert.deepEqual(
      arrays.diagnostics.map((d) => [d.code, d.title]),
      [[NOT_EXPRESSIBLE, 'Not expressible in SQL']],
    );
    assert.match(arrays.diagnostics[0]!.message, /array of arrays/);
    const inRecord = renderSql('record R { xs: [f64] }\nkernel k(rs: [R]) -> i64 { rs.len() }', { dialect: 'duckdb' });
    assert.match(inRecord.diagnostics[0]!.message, /array inside a record/);
  });

  it('program mode without that kernel: CL6001', () => {
    const render = renderSql(example('score'), { dialect: 'sqlite', mode: 'program', entry: 'nope' });
    assert.deepEqual(
      render.diagnostics.map((d) => d.code),
      ['CL6001'],
    );
  });
});
