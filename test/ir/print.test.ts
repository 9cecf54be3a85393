// Canonical IR text: exact golden output, determinism, and that distinct IR prints distinctly.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Expr, Program } from '../../src/ir/ir.js';
import { printExpr, printLiteral, printProgram } from '../../src/ir/print.js';
import { mapChildren } from '../../src/ir/walk.js';
import {
  arg, arrayOf, b, bin, call, cast, F64, f, field, filter, fold, group, I64, i, iff, index, let_, map, mapIndexed,
  param, paramDecl, programOf, range, record, recordDecl, recordType, reduce, reverse, s, scan, skip, sort, STR, take,
  un, zip,
} from './build.js';

describe('printProgram', () => {
  test('golden: records, params and a kernel', () => {
    const Row = recordType('Row', [
      { name: 'k', type: STR },
      { name: 'n', type: I64 },
    ]);
    const threshold = { ...paramDecl('threshold', F64, 0.5), min: 0, max: 1 };
    const xs = arg('xs', arrayOf(F64));
    const body = reduce('sum', filter(xs, (x) => bin('>', x, param('threshold', F64))));
    const p = programOf(body, { params: [threshold], records: [recordDecl(Row), recordDecl(Row, false)], name: 'score' });
    const lambda = (body as Extract<Expr, { k: 'reduce_op' }>).source as Extract<Expr, { k: 'filter' }>;
    const x = lambda.fn.params[0]!.name;
    assert.equal(
      printProgram(p),
      [
        'record Row declared {k: str, n: i64}',
        'record Row synthesized {k: str, n: i64}',
        'param threshold: f64 = 0.5 min 0.0 max 1.0 step none',
        'kernel score(xs: [f64]) params(threshold: f64) -> f64',
        '  body: reduce_op sum : f64',
        '    source: filter : [f64]',
        '      source: var arg xs : [f64]',
        `      fn: (${x}: f64) =>`,
        '        binary > : bool',
        `          left: var local ${x} : f64`,
        '          right: var param threshold : f64',
        '    fn: none',
        '',
      ].join('\n'),
    );
  });

  test('literals are exact and self-describing', () => {
    assert.equal(printLiteral(1n), '1');
    assert.equal(printLiteral(1), '1.0');
    assert.equal(printLiteral(-0), '-0.0');
    assert.equal(printLiteral(0), '0.0');
    assert.equal(printLiteral(9223372036854775807n), '9223372036854775807');
    assert.equal(printLiteral(0.1), '0.1');
    assert.equal(printLiteral(1e21), '1e+21');
    assert.equal(printLiteral(NaN), 'NaN');
    assert.equal(printLiteral('a "q"\n'), '"a \\"q\\"\\n"');
    assert.equal(printLiteral(false), 'false');
  });
});

/** A kernel body using every node kind. */
function everything(): Expr {
  const T = recordType('T', [
    { name: 'sym', type: STR },
    { name: 'px', type: F64 },
  ]);
  const ts = arg('ts', arrayOf(T));
  const xs = arg('xs', arrayOf(I64));
  const grouped = group(
    filter(ts, (t) => bin('>', field(t, 'px'), f(0))),
    (t) => field(t, 'sym'),
    [{ op: 'key' }, { op: 'count' }, { op: 'sum', fn: (t) => field(t, 'px') }, { op: 'min', fn: (t) => field(t, 'px') }],
    ([k, n, total]) => record(T, [['sym', k!], ['px', bin('/', total!, cast('f64', n!))]]),
  );
  const ints = reverse(skip(take(sort(mapIndexed(xs, (k, x) => bin('+', k, x)), (x) => un('-', x), true), i(5)), i(1)));
  const zipped = zip(ints, scan(xs, i(0), (acc, x) => bin('+', acc, x)), (x, y) => bin('*', x, y));
  const total = fold(zipped, i(0), (acc, x) => bin('+', acc, call('abs', x)));
  return let_(total, (t) =>
    iff(
      bin('&&', bin('<', t, i(10)), reduce('any', xs, (x) => bin('>', x, i(0)))),
      map(grouped, (r) => field(r, 'sym')),
      map(range(i(0), index(xs, i(0))), () => s('x')),
    ),
  );
}

describe('determinism', () => {
  test('equal IR prints equal text, whatever the spans', () => {
    const body = everything();
    const withSpans = (e: Expr, line: number): Expr => {
      const span = { start: { line, column: 1, offset: line }, end: { line, column: 9, offset: line + 8 } };
      return { ...mapChildren(e, (c) => withSpans(c, line + 1)), span } as Expr;
    };
    const a = programOf(body);
    const b2 = programOf(withSpans(structuredClone(body), 3));
    assert.equal(printProgram(a), printProgram(b2));
    assert.equal(printProgram(a), printProgram(a));
  });

  test('every node kind appears in the text', () => {
    const text = printExpr(everything());
    for (const kind of [
      'let', 'if', 'unary -', 'binary &&', 'call abs', 'cast f64', 'record', 'field sym', 'index', 'range', 'map',
      'map_indexed', 'filter', 'zip', 'reduce_op', 'scan', 'fold', 'sort desc', 'take', 'skip', 'reverse', 'group',
      'aggref 2', 'slot 3: min : f64', 'lit', 'var local', 'var arg',
    ]) {
      assert.ok(text.includes(kind), `missing ${kind}`);
    }
  });

  test('IR that differs in any detail prints differently', () => {
    const xs = arg('xs', arrayOf(F64));
    const variants: Program[] = [
      programOf(f(0)),
      programOf(f(-0)),
      programOf(i(0)),
      programOf(i(9007199254740993n)),
      programOf(i(9007199254740992n)),
      programOf(s('0')),
      programOf(b(false)),
      programOf(sort(xs)),
      programOf(sort(xs, undefined, true)),
      programOf(bin('-', f(1), f(2))),
      programOf(bin('-', f(2), f(1))),
      programOf(reduce('min', xs)),
      programOf(reduce('max', xs)),
      programOf(arg('ys', F64)),
      programOf(param('ys', F64), { params: [paramDecl('ys', F64, 0)] }),
      programOf(param('ys', F64), { params: [paramDecl('ys', F64, 1)] }),
      programOf(f(0), { name: 'other' }),
    ];
    const texts = new Set(variants.map(printProgram));
    assert.equal(texts.size, variants.length);
  });
});
