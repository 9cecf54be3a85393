// Strings: quotes, backslashes, control characters, astral characters and SQL injection
// attempts, both as string literals in the source and as input data, in every dialect. A
// literal that is not escaped breaks the query or changes it; the result then differs from the
// interpreter's.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { NOT_EXPRESSIBLE } from '../../../src/targets/sql/module.js';
import { openSqlEngine, type SqlEngine } from '../../../src/toolchain/sql.js';
import { DIALECTS, judge, renderSql, runFunctionMode } from './harness.js';

const TRICKY = [
  "it's",
  "''",
  '\\',
  "\\'",
  '"quoted"',
  'line\nbreak\ttab\rreturn',
  "'); DROP TABLE words; --",
  "x' OR '1'='1",
  '$$ dollar $1 $input :input',
  '/* not a comment */ -- nor this',
  'é ｚ 😀 \u0001 \u007f',
  '%_[]',
];

/** `s` as a source string literal. */
function literal(s: string): string {
  const escaped = [...s]
    .map((ch) => {
      if (ch === '\\') return '\\\\';
      if (ch === '"') return '\\"';
      if (ch === '\n') return '\\n';
      if (ch === '\t') return '\\t';
      if (ch === '\r') return '\\r';
      const code = ch.codePointAt(0)!;
      return code < 0x20 || code === 0x7f ? `\\u{${code.toString(16)}}` : ch;
    })
    .join('');
  return `"${escaped}"`;
}

const SOURCE = TRICKY.map(
  (t, i) => `kernel echo${i}(words: [str]) -> [{ word: str, tricky: str, same: bool, before: bool }] {
  words.map(w => { word: w, tricky: ${literal(t)}, same: w == ${literal(t)}, before: w < ${literal(t)} }).sort_by(r => r.word)
}`,
).join('\n\n');

const INPUT = JSON.stringify({ args: { words: [...TRICKY, 'plain', ''] }, params: {} });

describe('SQL string escaping', () => {
  for (const dialect of DIALECTS) {
    describe(dialect, () => {
      let engine: SqlEngine;
      before(async () => {
        engine = await openSqlEngine(dialect);
      });
      after(() => engine.close());

      TRICKY.forEach((t, i) => {
        const c = { id: `echo${i}`, source: SOURCE, kernel: `echo${i}`, input: INPUT };
        it(`${JSON.stringify(t)}: literal and data give the interpreter's result`, async () => {
          assert.deepEqual(await judge(engine, c), { kind: 'pass' });
        });
        it(`${JSON.stringify(t)}: the function-mode query runs unchanged`, async () => {
          const got = await runFunctionMode(engine, c);
          assert.ok('json' in got, 'error' in got ? got.error : '');
        });
      });
    });
  }

  it('PostgreSQL text cannot hold U+0000: a diagnostic there, a render elsewhere', () => {
    const source = 'kernel nul(words: [str]) -> [bool] { words.map(w => w == "a\\u{0}b") }';
    const pg = renderSql(source, { dialect: 'postgres' });
    assert.equal(pg.code, '');
    assert.deepEqual(
      pg.diagnostics.map((d) => d.code),
      [NOT_EXPRESSIBLE],
    );
    assert.match(pg.diagnostics[0]!.message, /U\+0000/);
    assert.deepEqual(renderSql(source, { dialect: 'sqlite' }).diagnostics, []);
    assert.deepEqual(renderSql(source, { dialect: 'duckdb' }).diagnostics, []);
  });
});
