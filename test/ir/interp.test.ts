// The interpreter against every rule of docs/language.md, one test per rule or small family.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { interpret, RuntimeError } from '../../src/ir/interp.js';
import type { RuntimeErrorCode } from '../../src/ir/interp.js';
import type { Expr } from '../../src/ir/ir.js';
import type { Value } from '../../src/ir/values.js';
import {
  arg, arrayOf, b, bin, BOOL, call, cast, F64, f, field, filter, fold, group, I64, i, I64_MAX, I64_MIN, iff, index,
  let_, map, mapIndexed, paramDecl, param, programOf, range, record, recordDecl, recordType, reduce, reverse, run, s,
  scan, skip, sort, STR, take, un, zip,
} from './build.js';

const xsF = arg('xs', arrayOf(F64));
const xsI = arg('xs', arrayOf(I64));
const xsS = arg('xs', arrayOf(STR));

function fails(code: RuntimeErrorCode, e: Expr, args: Record<string, Value> = {}): void {
  assert.throws(
    () => run(e, args),
    (err: unknown) => err instanceof RuntimeError && err.code === code,
  );
}

const same = (actual: Value, expected: Value): void => assert.ok(Object.is(actual, expected), `${String(actual)} is not ${String(expected)}`);

describe('i64 arithmetic', () => {
  test('+, -, * and unary - wrap on overflow', () => {
    assert.equal(run(bin('+', i(I64_MAX), i(1))), I64_MIN);
    assert.equal(run(bin('-', i(I64_MIN), i(1))), I64_MAX);
    assert.equal(run(bin('*', i(I64_MAX), i(2))), -2n);
    assert.equal(run(bin('*', i(2n ** 32n), i(2n ** 32n))), 0n);
    assert.equal(run(un('-', i(I64_MIN))), I64_MIN);
  });

  test('sum, prod and abs wrap', () => {
    assert.equal(run(reduce('sum', xsI), { xs: [I64_MAX, 1n, 1n] }), I64_MIN + 1n);
    assert.equal(run(reduce('prod', xsI), { xs: [2n ** 62n, 4n] }), 0n);
    assert.equal(run(call('abs', i(I64_MIN))), I64_MIN);
    assert.equal(run(call('abs', i(-5))), 5n);
  });

  test('/ truncates toward zero and % takes the sign of the dividend', () => {
    const cases: [bigint, bigint, bigint, bigint][] = [
      [-7n, 2n, -3n, -1n],
      [7n, -2n, -3n, 1n],
      [-7n, -2n, 3n, -1n],
      [7n, 2n, 3n, 1n],
    ];
    for (const [a, d, q, r] of cases) {
      assert.equal(run(bin('/', i(a), i(d))), q, `${a} / ${d}`);
      assert.equal(run(bin('%', i(a), i(d))), r, `${a} % ${d}`);
    }
  });

  test('a == (a / b) * b + a % b', () => {
    const values = [I64_MIN, I64_MIN + 1n, -1000n, -7n, -1n, 1n, 3n, 7n, 1000n, I64_MAX];
    for (const a of values) {
      for (const d of values) {
        const e = bin('+', bin('*', bin('/', i(a), i(d)), i(d)), bin('%', i(a), i(d)));
        assert.equal(run(e), a, `${a}, ${d}`);
      }
    }
  });

  test('i64::MIN / -1 wraps to i64::MIN and i64::MIN % -1 is 0', () => {
    assert.equal(run(bin('/', i(I64_MIN), i(-1))), I64_MIN);
    assert.equal(run(bin('%', i(I64_MIN), i(-1))), 0n);
  });

  test('integer / and % by zero are CLR001', () => {
    fails('CLR001', bin('/', i(1), i(0)));
    fails('CLR001', bin('%', i(1), i(0)));
    fails('CLR001', bin('/', i(0), i(0)));
  });
});

describe('f64 arithmetic', () => {
  test('/ by zero gives ±Infinity or NaN', () => {
    same(run(bin('/', f(1), f(0))), Infinity);
    same(run(bin('/', f(-1), f(0))), -Infinity);
    same(run(bin('/', f(1), un('-', f(0)))), -Infinity);
    assert.ok(Number.isNaN(run(bin('/', f(0), f(0)))));
  });

  test('% is fmod: the sign of the dividend', () => {
    same(run(bin('%', f(-7.5), f(2))), -1.5);
    same(run(bin('%', f(7.5), f(-2))), 1.5);
    same(run(bin('%', f(-4), f(2))), -0);
    assert.ok(Number.isNaN(run(bin('%', f(1), f(0)))));
  });

  test('round rounds half away from zero', () => {
    const cases: [number, number][] = [
      [2.5, 3], [-2.5, -3], [0.5, 1], [-0.5, -1], [1.5, 2], [-1.5, -2], [2.4, 2], [-2.6, -3],
      [0.49999999999999994, 0], [-0.3, -0], [4503599627370497, 4503599627370497], [1e300, 1e300],
    ];
    for (const [x, r] of cases) same(run(call('round', f(x))), r);
  });

  test('floor, ceil, sqrt, exp, ln, pow are the IEEE/libm functions', () => {
    same(run(call('floor', f(-1.5))), -2);
    same(run(call('ceil', f(-1.5))), -1);
    same(run(call('ceil', f(-0.5))), -0);
    same(run(call('sqrt', f(2))), Math.SQRT2);
    assert.ok(Number.isNaN(run(call('sqrt', f(-1)))));
    same(run(call('exp', f(0))), 1);
    same(run(call('ln', f(1))), 0);
    same(run(call('ln', f(0))), -Infinity);
    same(run(call('pow', f(2), f(10))), 1024);
    same(run(call('pow', f(2), f(-1))), 0.5);
  });

  test('pow follows C where Math.pow does not', () => {
    const nan = bin('/', f(0), f(0));
    const inf = bin('/', f(1), f(0));
    same(run(call('pow', f(1), nan)), 1);
    same(run(call('pow', f(-1), inf)), 1);
    same(run(call('pow', f(-1), un('-', inf))), 1);
    same(run(call('pow', nan, f(0))), 1);
    assert.ok(Number.isNaN(run(call('pow', f(-8), f(1 / 3)))));
  });

  test('min(a, b) is `if b < a { b } else { a }`, max(a, b) `if b > a { b } else { a }`', () => {
    const nan = bin('/', f(0), f(0));
    assert.ok(Number.isNaN(run(call('min', nan, f(1)))));
    same(run(call('min', f(1), nan)), 1);
    assert.ok(Number.isNaN(run(call('max', nan, f(1)))));
    same(run(call('max', f(1), nan)), 1);
    same(run(call('min', f(0), un('-', f(0)))), 0);
    same(run(call('min', un('-', f(0)), f(0))), -0);
    same(run(call('max', f(0), un('-', f(0)))), 0);
    assert.equal(run(call('min', i(3), i(-4))), -4n);
    assert.equal(run(call('max', i(3), i(-4))), 3n);
  });

  test('abs works on f64', () => {
    same(run(call('abs', f(-2.5))), 2.5);
    same(run(call('abs', un('-', f(0)))), 0);
  });

  test('every comparison with NaN is false except !=', () => {
    const nan = bin('/', f(0), f(0));
    for (const op of ['==', '<', '<=', '>', '>='] as const) {
      assert.equal(run(bin(op, nan, f(1))), false, op);
      assert.equal(run(bin(op, nan, nan)), false, op);
    }
    assert.equal(run(bin('!=', nan, nan)), true);
    assert.equal(run(bin('==', f(0), un('-', f(0)))), true);
  });
});

describe('conversions', () => {
  test('f64(i) is the nearest f64, ties to even', () => {
    same(run(cast('f64', i(2n ** 53n + 1n))), 2 ** 53);
    same(run(cast('f64', i(2n ** 53n + 3n))), 2 ** 53 + 4);
    same(run(cast('f64', i(I64_MAX))), 2 ** 63);
    same(run(cast('f64', i(-3))), -3);
  });

  test('i64(x) truncates toward zero and saturates', () => {
    const inf = bin('/', f(1), f(0));
    const cases: [Expr, bigint][] = [
      [f(2.7), 2n], [f(-2.7), -2n], [f(-0.5), 0n], [bin('/', f(0), f(0)), 0n],
      [f(2 ** 63), I64_MAX], [f(1e19), I64_MAX], [inf, I64_MAX],
      [f(-(2 ** 63)), I64_MIN], [f(-1e19), I64_MIN], [un('-', inf), I64_MIN],
      [f(9007199254740993), 9007199254740992n], [f(-9223372036854774784), -9223372036854774784n],
    ];
    for (const [x, r] of cases) assert.equal(run(cast('i64', x)), r);
  });
});

describe('booleans and control flow', () => {
  const boom = bin('==', bin('/', i(1), i(0)), i(1));
  test('&& and || short-circuit', () => {
    assert.equal(run(bin('&&', b(false), boom)), false);
    assert.equal(run(bin('||', b(true), boom)), true);
    fails('CLR001', bin('&&', b(true), boom));
    fails('CLR001', bin('||', b(false), boom));
  });

  test('if evaluates only the taken branch', () => {
    assert.equal(run(iff(b(true), i(1), bin('/', i(1), i(0)))), 1n);
    assert.equal(run(iff(b(false), bin('/', i(1), i(0)), i(2))), 2n);
    fails('CLR001', iff(b(true), bin('/', i(1), i(0)), i(2)));
  });

  test('! negates and bool orders false < true', () => {
    assert.equal(run(un('!', b(true))), false);
    assert.equal(run(bin('<', b(false), b(true))), true);
    assert.equal(run(bin('<', b(true), b(false))), false);
    assert.equal(run(bin('>=', b(true), b(true))), true);
  });

  test('let binds a value for its body', () => {
    assert.equal(run(let_(i(20), (v) => bin('+', v, let_(i(22), (w) => w)))), 42n);
  });
});

describe('strings', () => {
  test('compare by code point, not UTF-16 code unit', () => {
    // U+FFFF is one code unit 0xFFFF; U+10000 is the pair D800 DC00, below 0xFFFF as code units.
    assert.equal(run(bin('<', s('\uffff'), s('\u{10000}'))), true);
    assert.equal(run(bin('>', s('\u{10000}'), s('\uffff'))), true);
    assert.equal(run(bin('<', s('a\u{1F600}'), s('a\uFF61'))), false);
    assert.equal(run(bin('<=', s('ab'), s('ab'))), true);
    assert.equal(run(bin('<', s('ab'), s('abc'))), true);
    assert.equal(run(bin('<', s('B'), s('a'))), true);
    assert.equal(run(bin('==', s('é'), s('é'))), true);
    assert.equal(run(bin('!=', s('e\u0301'), s('é'))), true, 'no normalisation');
  });
});

describe('arrays', () => {
  test('indexing starts at 0; outside [0, len) is CLR003', () => {
    assert.equal(run(index(xsI, i(0)), { xs: [5n, 6n] }), 5n);
    assert.equal(run(index(xsI, i(1)), { xs: [5n, 6n] }), 6n);
    fails('CLR003', index(xsI, i(2)), { xs: [5n, 6n] });
    fails('CLR003', index(xsI, i(-1)), { xs: [5n, 6n] });
    fails('CLR003', index(xsI, i(I64_MIN)), { xs: [5n, 6n] });
    fails('CLR003', index(xsI, i(0)), { xs: [] });
  });

  test('range(a, b) is half-open and empty when b <= a', () => {
    assert.deepEqual(run(range(i(-2), i(2))), [-2n, -1n, 0n, 1n]);
    assert.deepEqual(run(range(i(3), i(3))), []);
    assert.deepEqual(run(range(i(5), i(-5))), []);
    assert.deepEqual(run(range(i(I64_MAX - 1n), i(I64_MAX))), [I64_MAX - 1n]);
  });

  test('take and skip clamp past the end and treat a negative n as 0', () => {
    const xs = { xs: [1n, 2n, 3n] };
    assert.deepEqual(run(take(xsI, i(2)), xs), [1n, 2n]);
    assert.deepEqual(run(take(xsI, i(10)), xs), [1n, 2n, 3n]);
    assert.deepEqual(run(take(xsI, i(-1)), xs), []);
    assert.deepEqual(run(take(xsI, i(I64_MAX)), xs), [1n, 2n, 3n]);
    assert.deepEqual(run(skip(xsI, i(2)), xs), [3n]);
    assert.deepEqual(run(skip(xsI, i(10)), xs), []);
    assert.deepEqual(run(skip(xsI, i(-5)), xs), [1n, 2n, 3n]);
    assert.deepEqual(run(skip(xsI, i(I64_MIN)), xs), [1n, 2n, 3n]);
  });

  test('map, filter, reverse', () => {
    const xs = { xs: [1n, 2n, 3n, 4n] };
    assert.deepEqual(run(map(xsI, (x) => bin('*', x, x)), xs), [1n, 4n, 9n, 16n]);
    assert.deepEqual(run(filter(xsI, (x) => bin('==', bin('%', x, i(2)), i(0))), xs), [2n, 4n]);
    assert.deepEqual(run(reverse(xsI), xs), [4n, 3n, 2n, 1n]);
    assert.deepEqual(xs.xs, [1n, 2n, 3n, 4n], 'inputs are not mutated');
  });

  test('map_indexed passes the 0-based index', () => {
    const e = mapIndexed(xsS, (ix, _x) => ix);
    assert.deepEqual(run(e, { xs: ['a', 'b', 'c'] }), [0n, 1n, 2n]);
    const after = mapIndexed(filter(xsI, (x) => bin('>', x, i(1))), (ix, x) => bin('*', ix, x));
    assert.deepEqual(run(after, { xs: [5n, 0n, 7n] }), [0n, 7n], 'indexes the filtered sequence');
  });

  test('zip has the length of the shorter array', () => {
    const ys = arg('ys', arrayOf(I64));
    const e = zip(xsI, ys, (x, y) => bin('-', x, y));
    assert.deepEqual(run(e, { xs: [10n, 20n, 30n], ys: [1n, 2n] }), [9n, 18n]);
    assert.deepEqual(run(e, { xs: [10n], ys: [1n, 2n] }), [9n]);
    assert.deepEqual(run(e, { xs: [], ys: [1n, 2n] }), []);
  });

  test('scan returns the state after each element, without init', () => {
    const e = scan(xsI, i(100), (acc, x) => bin('-', acc, x));
    assert.deepEqual(run(e, { xs: [1n, 2n, 3n] }), [99n, 97n, 94n]);
    assert.deepEqual(run(e, { xs: [] }), []);
  });

  test('reduce is a left fold', () => {
    const e = fold(xsI, i(0), (acc, x) => bin('+', bin('*', acc, i(10)), x));
    assert.equal(run(e, { xs: [1n, 2n, 3n] }), 123n);
    assert.equal(run(e, { xs: [] }), 0n);
  });

  test('empty sum/prod/any/all, count() and count(p)', () => {
    const none = { xs: [] };
    assert.equal(run(reduce('sum', xsI), none), 0n);
    same(run(reduce('sum', xsF), none), 0);
    assert.equal(run(reduce('prod', xsI), none), 1n);
    same(run(reduce('prod', xsF), none), 1);
    assert.equal(run(reduce('any', xsI, (x) => bin('>', x, i(0))), none), false);
    assert.equal(run(reduce('all', xsI, (x) => bin('>', x, i(0))), none), true);
    const xs = { xs: [1n, -2n, 3n] };
    assert.equal(run(reduce('count', xsI), xs), 3n);
    assert.equal(run(reduce('len', xsI), xs), 3n);
    assert.equal(run(reduce('count', xsI, (x) => bin('>', x, i(0))), xs), 2n);
    assert.equal(run(reduce('any', xsI, (x) => bin('<', x, i(0))), xs), true);
    assert.equal(run(reduce('all', xsI, (x) => bin('<', x, i(0))), xs), false);
  });

  test('any and all stop at the first decisive element', () => {
    const p = (x: Expr): Expr => bin('==', bin('/', i(6), x), i(6));
    assert.equal(run(reduce('any', xsI, p), { xs: [1n, 0n] }), true);
    fails('CLR001', reduce('any', xsI, p), { xs: [2n, 0n] });
    assert.equal(run(reduce('all', xsI, p), { xs: [2n, 0n] }), false);
  });

  test('min, max and mean of an empty array are CLR002', () => {
    for (const op of ['min', 'max', 'mean'] as const) {
      fails('CLR002', reduce(op, xsF), { xs: [] });
      fails('CLR002', reduce(op, xsI), { xs: [] });
      fails('CLR002', reduce(op, xsI, (x) => cast('f64', x)), { xs: [] });
    }
  });

  test('min and max fold left with the two-argument min and max', () => {
    const nan = NaN;
    same(run(reduce('min', xsF), { xs: [3, 1, 2] }), 1);
    same(run(reduce('max', xsF), { xs: [3, 1, 2] }), 3);
    // min(min(NaN, 1), 0): NaN sticks when it comes first ...
    assert.ok(Number.isNaN(run(reduce('min', xsF), { xs: [nan, 1, 0] })));
    // ... and is skipped when it comes later.
    same(run(reduce('min', xsF), { xs: [1, nan, 0] }), 0);
    same(run(reduce('max', xsF), { xs: [0, -0] }), 0);
    same(run(reduce('min', xsF), { xs: [-0, 0] }), -0);
    assert.equal(run(reduce('min', xsI), { xs: [4n, -9n, 2n] }), -9n);
  });

  test('mean of [i64] converts each element to f64 first', () => {
    same(run(reduce('mean', xsI), { xs: [I64_MAX, I64_MAX] }), 2 ** 63);
    same(run(reduce('mean', xsI), { xs: [1n, 2n] }), 1.5);
    same(run(reduce('mean', xsF), { xs: [1, 2, 4] }), 7 / 3);
  });

  test('xs.sum(f), xs.min(f), xs.max(f), xs.mean(f), xs.prod(f) map each element first', () => {
    const xs = { xs: [1n, 2n, 3n] };
    const half = (x: Expr): Expr => bin('/', cast('f64', x), f(2));
    same(run(reduce('sum', xsI, half), xs), 3);
    same(run(reduce('min', xsI, half), xs), 0.5);
    same(run(reduce('max', xsI, (x) => un('-', x)), xs), -1n);
    same(run(reduce('mean', xsI, half), xs), 1);
    same(run(reduce('prod', xsI, half), xs), 0.75);
  });

  test('f64 sums run left to right, element by element', () => {
    same(run(reduce('sum', xsF), { xs: [1e16, 1, -1e16] }), 0);
    same(run(reduce('sum', xsF), { xs: [1e16, -1e16, 1] }), 1);
    same(run(reduce('sum', xsF), { xs: [0.1, 0.2, 0.3] }), 0.1 + 0.2 + 0.3);
  });
});

describe('sorting', () => {
  test('sort() ascending on every key type', () => {
    assert.deepEqual(run(sort(xsI), { xs: [3n, -1n, 2n] }), [-1n, 2n, 3n]);
    assert.deepEqual(run(sort(xsS), { xs: ['b', '\u{10000}', '\uffff', 'a'] }), ['a', 'b', '\uffff', '\u{10000}']);
    assert.deepEqual(run(sort(arg('xs', arrayOf(BOOL))), { xs: [true, false, true] }), [false, true, true]);
  });

  test('f64 keys: -0.0 ties with 0.0, NaN after every number and NaNs tie', () => {
    const out = run(sort(xsF), { xs: [NaN, 0, -Infinity, -0, 1, Infinity, NaN, -1] }) as number[];
    assert.deepEqual(out.map(String), ['-Infinity', '-1', '0', '0', '1', 'Infinity', 'NaN', 'NaN']);
    assert.ok(Object.is(out[2], 0) && Object.is(out[3], -0), 'the tie keeps input order');
    const desc = run(sort(xsF, undefined, true), { xs: [-0, 1, NaN, 0] }) as number[];
    assert.ok(Number.isNaN(desc[0]) && desc[1] === 1 && Object.is(desc[2], -0) && Object.is(desc[3], 0));
  });

  test('sort_by is stable in both directions', () => {
    const P = recordType('P', [
      { name: 'k', type: I64 },
      { name: 'tag', type: STR },
    ]);
    const ps = arg('ps', arrayOf(P));
    const row = (k: bigint, tag: string): Value => Object.assign(Object.create(null), { k, tag });
    const input = [row(2n, 'a'), row(1n, 'b'), row(2n, 'c'), row(1n, 'd'), row(3n, 'e')];
    const tags = (e: Expr): string[] =>
      (run(e, { ps: input }) as Record<string, Value>[]).map((r) => r['tag'] as string);
    assert.deepEqual(tags(sort(ps, (p) => field(p, 'k'))), ['b', 'd', 'a', 'c', 'e']);
    assert.deepEqual(tags(sort(ps, (p) => field(p, 'k'), true)), ['e', 'a', 'c', 'b', 'd']);
  });
});

describe('grouping', () => {
  const T = recordType('T', [
    { name: 'sym', type: STR },
    { name: 'px', type: F64 },
    { name: 'qty', type: I64 },
  ]);
  const Row = recordType('Row', [
    { name: 'sym', type: STR },
    { name: 'n', type: I64 },
    { name: 'vol', type: F64 },
    { name: 'lo', type: F64 },
    { name: 'hi', type: I64 },
    { name: 'avg', type: F64 },
  ]);
  const trade = (sym: string, px: number, qty: bigint): Value => Object.assign(Object.create(null), { sym, px, qty });
  const ts = arg('ts', arrayOf(T));
  const byKey = group(
    ts,
    (t) => field(t, 'sym'),
    [
      { op: 'key' },
      { op: 'count' },
      { op: 'sum', fn: (t) => bin('*', field(t, 'px'), cast('f64', field(t, 'qty'))) },
      { op: 'min', fn: (t) => field(t, 'px') },
      { op: 'max', fn: (t) => field(t, 'qty') },
      { op: 'mean', fn: (t) => field(t, 'qty') },
    ],
    ([key, n, vol, lo, hi, avg]) =>
      record(Row, [['sym', key!], ['n', n!], ['vol', vol!], ['lo', lo!], ['hi', hi!], ['avg', avg!]]),
  );

  test('one row per distinct key, sorted by key in code-point order, aggregates per group', () => {
    const input = [
      trade('\u{10000}', 1, 1n),
      trade('b', 2, 3n),
      trade('\uffff', 1, 1n),
      trade('a', 0.5, 2n),
      trade('b', 1, 1n),
    ];
    const rows = run(byKey, { ts: input }) as Record<string, Value>[];
    assert.deepEqual(rows.map((r) => r['sym']), ['a', 'b', '\uffff', '\u{10000}']);
    assert.deepEqual({ ...rows[1] }, { sym: 'b', n: 2n, vol: 7, lo: 1, hi: 3n, avg: 2 });
    assert.deepEqual(Object.keys(rows[0]!), ['sym', 'n', 'vol', 'lo', 'hi', 'avg'], 'fields in declaration order');
  });

  test('g.sum adds in input order', () => {
    const input = [trade('x', 1e16, 1n), trade('x', 1, 1n), trade('x', -1e16, 1n)];
    const rows = run(byKey, { ts: input }) as Record<string, Value>[];
    same(rows[0]!['vol']!, 0);
  });

  test('i64 and bool keys sort ascending', () => {
    const ints = group(xsI, (x) => bin('%', x, i(3)), [{ op: 'key' }], ([k]) => k!);
    assert.deepEqual(run(ints, { xs: [5n, -4n, 3n, -1n, 7n] }), [-1n, 0n, 1n, 2n]);
    const bools = group(xsI, (x) => bin('>', x, i(0)), [{ op: 'key' }, { op: 'count' }], ([, n]) => n!);
    assert.deepEqual(run(bools, { xs: [1n, 2n, -3n] }), [1n, 2n]);
    assert.deepEqual(run(ints, { xs: [] }), []);
  });
});

describe('records', () => {
  test('record values list fields in declaration order, whatever the written order', () => {
    const P = recordType('P', [
      { name: 'x', type: I64 },
      { name: 'y', type: STR },
    ]);
    const e = record(P, [['y', s('a')], ['x', i(1)]]);
    const v = run(e) as Record<string, Value>;
    assert.deepEqual(Object.keys(v), ['x', 'y']);
    assert.equal(Object.getPrototypeOf(v), null);
    assert.equal(run(field(e, 'y')), 'a');
  });
});

describe('params, kernels and errors', () => {
  test('params take the given value, else their default', () => {
    const gain = paramDecl('gain', F64, 2);
    const e = bin('*', f(3), param('gain', F64));
    same(run(e, {}, {}, { params: [gain] }), 6);
    same(run(e, {}, { gain: 0.5 }, { params: [gain] }), 1.5);
  });

  test('unknown kernels and missing arguments are caller errors, not runtime errors', () => {
    const p = programOf(reduce('sum', xsI));
    assert.throws(() => interpret(p, 'nope', {}, {}), /unknown kernel/);
    assert.throws(() => interpret(p, 'main', {}, {}), /missing argument `xs`/);
  });

  test('runtime errors carry their code and a message', () => {
    try {
      run(index(xsI, i(3)), { xs: [1n] });
      assert.fail('no error');
    } catch (err) {
      assert.ok(err instanceof RuntimeError);
      assert.equal(err.code, 'CLR003');
      assert.match(err.message, /index out of bounds/);
    }
  });
});

describe('step budget', () => {
  test('range(0, 1000000000).sum() stops with CLR004 at once', () => {
    const started = performance.now();
    fails('CLR004', reduce('sum', range(i(0), i(1_000_000_000))));
    assert.ok(performance.now() - started < 100);
  });

  test('a huge range never allocates', () => {
    fails('CLR004', reduce('len', range(i(I64_MIN), i(I64_MAX))));
  });

  test('nested loops within each budget run; beyond it stop', () => {
    const square = (n: number): Expr =>
      reduce('sum', map(range(i(0), i(n)), (x) => reduce('sum', range(i(0), i(n)), (y) => bin('*', x, y))));
    assert.equal(run(square(30), {}, {}, { stepBudget: 100_000 }), 435n * 435n);
    assert.throws(
      () => run(square(300), {}, {}, { stepBudget: 100_000 }),
      (err: unknown) => err instanceof RuntimeError && err.code === 'CLR004',
    );
  });

  test('the default budget stops a long computation in bounded time', () => {
    const started = performance.now();
    const e = reduce('sum', map(range(i(0), i(100_000)), (x) => reduce('sum', range(i(0), x))));
    fails('CLR004', e);
    assert.ok(performance.now() - started < 10_000);
  });

  test('every evaluated node is a step', () => {
    // let, its value, if, its condition and the taken branch: 5 nodes; the else branch is not evaluated.
    const e = let_(i(1), (v) => iff(b(true), v, i(0)));
    assert.equal(run(e, {}, {}, { stepBudget: 5 }), 1n);
    assert.throws(() => run(e, {}, {}, { stepBudget: 4 }), RuntimeError);
  });
});

test('records in programs keep their RecordDecl', () => {
  const P = recordType('P', [{ name: 'x', type: I64 }]);
  const e = map(range(i(0), i(2)), (x) => record(P, [['x', x]]));
  const p = programOf(e, { records: [recordDecl(P)] });
  const out = interpret(p, 'main', {}, {}) as Record<string, Value>[];
  assert.deepEqual(out.map((r) => r['x']), [0n, 1n]);
});
