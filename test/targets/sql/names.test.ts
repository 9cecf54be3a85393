// Names: every keyword of the three dialects as a record field, an argument, a param, a let and
// a kernel, plus names that collide once snake_cased; each dialect must run the result and give
// the interpreter's answer, with the output keyed by the source's field names.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { analyze } from '../../../src/lang/frontend.js';
import { RESERVED } from '../../../src/targets/sql/names.js';
import { openSqlEngine, type SqlEngine } from '../../../src/toolchain/sql.js';
import { readFileSync } from 'node:fs';
import { DIALECTS, judge, renderSql, runFunctionMode, type SqlCase } from './harness.js';

/** Words of the kernel language itself, which the source cannot use as names. */
const LANGUAGE_KEYWORDS = new Set(['param', 'record', 'kernel', 'let', 'if', 'else', 'true', 'false', 'desc', 'asc', 'range']);

const SQL_KEYWORDS = [...new Set(DIALECTS.flatMap((d) => [...RESERVED[d]]))].filter((w) => !LANGUAGE_KEYWORDS.has(w)).sort();

/** One record with every keyword as a field (types in rotation), and names that meet once converted. */
function keywordProgram(): { source: string; inputs: Readonly<Record<string, unknown>> } {
  const types = ['i64', 'f64', 'str', 'bool'] as const;
  const fields = [...SQL_KEYWORDS, 'fooBar', 'foo_bar', 'Value', 'idx', 'value_'].map((name, i) => ({ name, type: types[i % types.length]! }));
  const sample = (type: (typeof types)[number], row: number): unknown =>
    type === 'i64' ? row * 7 - 3 : type === 'f64' ? row * 1.5 - 0.25 : type === 'str' ? `s'${row}` : row % 2 === 0;
  const i64Field = fields.find((f) => f.type === 'i64')!.name;
  const strField = fields.find((f) => f.type === 'str')!.name;
  const source = [
    `record Row { ${fields.map((f) => `${f.name}: ${f.type}`).join(', ')} }`,
    'param select: i64 = 2',
    'param where: f64 = 0.5',
    `kernel table(from: [Row], group: i64) -> [Row] {`,
    '  let order = group + select;',
    `  from.filter(having => having.${i64Field} > order - 20).sort_by(limit => limit.${strField}, desc)`,
    '}',
    `kernel union(from: [Row]) -> [{ join: str, on: i64, as: f64 }] {`,
    `  from.group_by(case => case.${strField}).agg(when => { join: when.key, on: when.count(), as: when.sum(then => f64(then.${i64Field}) * where) })`,
    '}',
  ].join('\n');
  const rows = [0, 1, 2].map((row) => Object.fromEntries(fields.map((f) => [f.name, sample(f.type, row)])));
  return { source, inputs: { table: { args: { from: rows, group: 4 }, params: { select: 3 } }, union: { args: { from: rows }, params: { where: 2.0 } } } };
}

describe('SQL names', () => {
  const program = keywordProgram();

  it('the keyword program is a valid program', () => {
    assert.deepEqual(analyze(program.source).diagnostics, []);
    assert.ok(SQL_KEYWORDS.length > 200, `${SQL_KEYWORDS.length} keywords`);
  });

  for (const dialect of DIALECTS) {
    describe(dialect, () => {
      let engine: SqlEngine;
      before(async () => {
        engine = await openSqlEngine(dialect);
      });
      after(() => engine.close());

      for (const kernel of ['table', 'union']) {
        const c: SqlCase = { id: kernel, source: program.source, kernel, input: JSON.stringify(program.inputs[kernel]) };
        it(`kernel \`${kernel}\`: keywords as names run and give the interpreter's result`, async () => {
          assert.deepEqual(await judge(engine, c), { kind: 'pass' });
        });
        it(`kernel \`${kernel}\`: the function-mode query runs with its keyword-named parameters`, async () => {
          const got = await runFunctionMode(engine, c);
          assert.ok('json' in got, 'error' in got ? got.error : '');
        });
      }

      it('no emitted identifier is a keyword of the dialect', () => {
        const code = renderSql(program.source, { dialect }).code;
        const identifiers = code
          .split('\n')
          .filter((l) => !l.startsWith('--'))
          .join('\n')
          .replace(/'(?:[^']|'')*'/g, "''")
          .replace(/[:$][a-z_][a-z0-9_]*/g, '') // placeholders are not identifiers
          .match(/\b[a-z_][a-z0-9_]*\b/g)!;
        // Lower-case words are identifiers and function names; keywords are printed upper case.
        assert.deepEqual(identifiers.filter((w) => RESERVED[dialect].has(w)), []);
      });

      it('test/golden/names.live runs', async () => {
        const source = readFileSync(new URL('../../golden/names.live', import.meta.url), 'utf8');
        const input = { args: { var: [{ fn: 5, match: 'x', func: 1.5 }, { fn: 1, match: 'y', func: 0 }], range: 2 }, params: {} };
        assert.deepEqual(await judge(engine, { id: 'names', source, kernel: 'function', input: JSON.stringify(input) }), { kind: 'pass' });
      });
    });
  }
});
