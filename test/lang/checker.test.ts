import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { showType } from '../../src/lang/types.js';
import { analyzeOk, bodyOf, codes, diagnosticsOf, kernel, located, show } from './helpers.js';

const typeOf = (args: string, ret: string, src: string): string => showType(bodyOf(analyzeOk(kernel(args, ret, src))).type);
const bodyShow = (args: string, ret: string, src: string): string => show(bodyOf(analyzeOk(kernel(args, ret, src))));
const only = (args: string, ret: string, src: string): string[] => codes(kernel(args, ret, src));

describe('checker: inference', () => {
  test('lambda parameters take the receiver element type', () => {
    assert.equal(bodyShow('xs: [f64]', '[f64]', 'xs.map(x => x * 2.0)'), 'xs.map((x: f64) => (x * 2.0))');
    assert.equal(
      bodyShow('xs: [f64]', '[f64]', 'xs.map_indexed((i, x) => x * f64(i))'),
      'xs.map_indexed((i: i64, x: f64) => (x * f64(i)))',
    );
    assert.equal(
      bodyShow('xs: [i64], ys: [str]', '[bool]', 'xs.zip(ys, (x, y) => y == "a" && x > 0)'),
      'xs.zip(ys, (x: i64, y: str) => ((y == "a") && (x > 0)))',
    );
  });

  test('reduce and scan take the accumulator type from init', () => {
    assert.equal(typeOf('xs: [i64]', 'f64', 'xs.reduce(0.0, (acc, x) => acc + f64(x))'), 'f64');
    assert.equal(typeOf('xs: [f64]', '[i64]', 'xs.scan(0, (n, x) => if x > 0.0 { n + 1 } else { n })'), '[i64]');
    assert.deepEqual(only('xs: [f64]', 'i64', 'xs.reduce(0, (acc, x) => x)'), ['CL3006']);
  });

  test('result types of every array method', () => {
    const cases: [string, string][] = [
      ['xs.filter(x => x > 0.0)', '[f64]'],
      ['xs.sum()', 'f64'],
      ['xs.prod()', 'f64'],
      ['xs.min()', 'f64'],
      ['xs.max(x => i64(x))', 'i64'],
      ['xs.mean()', 'f64'],
      ['is.mean()', 'f64'],
      ['is.sum(i => f64(i))', 'f64'],
      ['xs.count()', 'i64'],
      ['xs.count(x => x > 1.0)', 'i64'],
      ['xs.len()', 'i64'],
      ['xs.any(x => x > 1.0)', 'bool'],
      ['xs.all(x => x > 1.0)', 'bool'],
      ['xs.sort()', '[f64]'],
      ['xs.sort_by(x => -x)', '[f64]'],
      ['xs.sort_by(x => x, asc)', '[f64]'],
      ['xs.take(3).skip(1).reverse()', '[f64]'],
      ['range(0, 10)', '[i64]'],
      ['xs[0]', 'f64'],
      ['sqrt(abs(-2.0)) + pow(2.0, 3.0) + exp(0.0) + ln(1.0) + floor(1.5) + ceil(1.5) + round(1.5)', 'f64'],
      ['min(1, 2) + max(3, 4) + abs(-5) + i64(2.5)', 'i64'],
      ['f64(xs.len())', 'f64'],
      ['"b" < "a" || true != false', 'bool'],
    ];
    for (const [src, type] of cases) assert.equal(typeOf('xs: [f64], is: [i64]', type, src), type, src);
  });

  test('conversion of a value to its own type is the value itself', () => {
    assert.equal(bodyShow('x: f64', 'f64', 'f64(x)'), 'x');
  });

  test('record literals: anonymous structural type, or the declared type when expected', () => {
    const p = analyzeOk(
      'record P { x: f64, y: f64 }\n' +
        'kernel a(xs: [f64]) -> [P] { xs.map(v => { x: v, y: v * 2.0 }) }\n' +
        'kernel b(xs: [f64]) -> P { { let p: P = { x: 1.0, y: 2.0 }; p } }\n' +
        'kernel c(xs: [f64]) -> [{x: f64, y: f64}] { xs.map(v => { x: v, y: v }) }\n' +
        'kernel d(xs: [f64]) -> P { if xs.len() > 0 { { x: 1.0, y: 2.0 } } else { { x: 0.0, y: 0.0 } } }\n' +
        'kernel e(xs: [f64]) -> [P] { xs.map(v => { x: v, y: v }).filter(p => p.x > 0.0).take(2) }\n' +
        'kernel f(xs: [f64]) -> P { xs.reduce({ x: 0.0, y: 0.0 }, (acc, v) => { x: acc.x + v, y: acc.y }) }',
    );
    const types = p.kernels.map((k) => showType(k.body.type));
    assert.deepEqual(types, ['[P]', 'P', '[CRow]', 'P', '[P]', 'P']);
  });

  test('a written anonymous return type matches a declared record of the same shape', () => {
    const p = analyzeOk('record R { a: i64, b: [{ c: str }] }\nkernel k(rs: [R]) -> [{ a: i64, b: [{ c: str }] }] { rs.reverse() }');
    assert.equal(showType(p.kernels[0]?.ret ?? { kind: 'i64' }), '[R]');
    assert.deepEqual(codes('record R { a: i64 }\nkernel k(rs: [R]) -> [{ b: i64 }] { rs }'), ['CL3027']);
  });

  test('group aggregates are typed from the element and key', () => {
    assert.equal(
      typeOf(
        'ts: [{s: str, q: i64, p: f64}]',
        '[{k: str, n: i64, tot: i64, lo: f64, hi: f64, avg: f64}]',
        'ts.group_by(t => t.s).agg(g => { k: g.key, n: g.count(), tot: g.sum(t => t.q), lo: g.min(t => t.p), hi: g.max(t => t.p), avg: g.mean(t => t.q) })',
      ),
      '[KRow2]', // KRow is the argument's element type, met first
    );
    assert.equal(typeOf('xs: [i64]', '[bool]', 'xs.group_by(x => x % 2 == 0).agg(g => g.key)'), '[bool]');
  });

  test('a let may shadow an argument or a param', () => {
    analyzeOk('param p: i64 = 1\n' + kernel('x: i64', 'i64', '{ let x = x + p; let p = x; p }'));
  });
});

describe('checker: errors', () => {
  test('unknown variable suggests the closest name in scope', () => {
    const [d] = diagnosticsOf(kernel('total: i64', 'i64', '{ let count = 1; totl + count }'));
    assert.equal(d?.code, 'CL3001');
    assert.equal(d?.hint, 'Did you mean `total`?');
    const [far] = diagnosticsOf(kernel('total: i64', 'i64', 'zzz'));
    assert.equal(far?.hint, undefined);
  });

  test('NaN, Infinity and inf are not literals', () => {
    for (const name of ['NaN', 'Infinity', 'inf']) {
      const [d] = diagnosticsOf(kernel('', 'f64', name));
      assert.equal(d?.code, 'CL3011');
      assert.match(d?.message ?? '', /no NaN\/Infinity literals/);
    }
    assert.deepEqual(codes('param p: f64 = NaN'), ['CL3011']);
    assert.deepEqual(located(kernel('inf: f64', 'f64', '{ let NaN = 1.0; inf + NaN }')), ['CL3011@1:10', 'CL3011@2:9']);
  });

  test('unknown type, method, function, field', () => {
    assert.deepEqual(located('kernel k(x: f46) -> i64 { 1 }'), ['CL3002@1:13']);
    assert.equal(diagnosticsOf('kernel k(x: f46) -> i64 { 1 }')[0]?.hint, 'Did you mean `f64`?');
    assert.deepEqual(only('xs: [f64]', 'f64', 'xs.summ()'), ['CL3003']);
    assert.deepEqual(only('x: f64', 'f64', 'sqr(x)'), ['CL3004']);
    assert.match(diagnosticsOf(kernel('xs: [f64]', 'f64', 'sum(xs)'))[0]?.hint ?? '', /xs\.sum/);
    assert.match(diagnosticsOf('kernel j() -> i64 { 1 }\n' + kernel('', 'i64', 'j()'))[0]?.hint ?? '', /cannot call/);
    assert.deepEqual(only('r: {a: i64}', 'i64', 'r.b'), ['CL3018']);
    assert.deepEqual(only('x: i64', 'i64', 'x.a'), ['CL3019']);
    assert.match(diagnosticsOf(kernel('xs: [i64]', 'i64', 'xs.len'))[0]?.hint ?? '', /xs|\.len\(\)/);
  });

  test('wrong arity of functions, methods and lambdas', () => {
    assert.deepEqual(only('x: f64', 'f64', 'pow(x)'), ['CL3005']);
    assert.deepEqual(only('xs: [f64]', 'i64', 'xs.len(1)'), ['CL3005']);
    assert.deepEqual(only('xs: [f64]', '[f64]', 'xs.zip(xs)'), ['CL3005']);
    assert.deepEqual(only('xs: [f64]', '[f64]', 'xs.map((a, b) => a)'), ['CL3025']);
    assert.deepEqual(only('xs: [f64]', 'f64', 'xs.reduce(0.0, x => x)'), ['CL3025']);
    assert.deepEqual(only('xs: [f64]', '[f64]', 'xs.map(2.0)'), ['CL3024']);
    assert.deepEqual(only('x: f64', 'f64', '{ let f = y => y; x }'), ['CL3030']);
  });

  test('no implicit i64/f64 mixing', () => {
    const [d] = diagnosticsOf(kernel('x: f64', 'f64', 'x * 2'));
    assert.equal(d?.code, 'CL3007');
    assert.match(d?.hint ?? '', /f64\(i\)/);
    assert.deepEqual(only('x: f64, i: i64', 'f64', 'min(x, i)'), ['CL3007']);
    assert.deepEqual(only('x: i64', 'f64', 'sqrt(x)'), ['CL3006']);
    assert.deepEqual(only('x: f64', 'bool', 'x < 1'), ['CL3007']);
  });

  test('operators need operands of the right kind', () => {
    assert.deepEqual(only('s: str', 'str', 's + s'), ['CL3008']);
    assert.deepEqual(only('x: i64', 'bool', '!x'), ['CL3008']);
    assert.deepEqual(only('b: bool', 'bool', '-b'), ['CL3008']);
    assert.deepEqual(only('x: i64', 'bool', 'x && true'), ['CL3008']);
    assert.deepEqual(only('xs: [i64]', 'bool', 'xs < xs'), ['CL3008']);
    assert.deepEqual(only('s: str, x: i64', 'bool', 's == x'), ['CL3006']);
  });

  test('== and != compare scalars only', () => {
    assert.deepEqual(only('xs: [i64]', 'bool', 'xs == xs'), ['CL3009']);
    assert.deepEqual(only('r: {a: i64}', 'bool', 'r != r'), ['CL3009']);
  });

  test('type mismatches: let annotation, index, take count, condition, branches, return', () => {
    assert.deepEqual(only('x: i64', 'i64', '{ let y: f64 = x; 1 }'), ['CL3006']);
    assert.deepEqual(only('xs: [i64]', 'i64', 'xs[1.0]'), ['CL3006']);
    assert.deepEqual(only('xs: [i64]', '[i64]', 'xs.take(1.0)'), ['CL3006']);
    assert.deepEqual(only('xs: [i64]', '[i64]', 'xs.filter(x => x)'), ['CL3006']);
    assert.deepEqual(located(kernel('xs: [i64]', '[i64]', 'xs.filter(x => { let y = x; y + 1 })')), ['CL3006@2:31']);
    assert.deepEqual(only('xs: [str]', 'i64', 'xs.sum()'), ['CL3006']);
    assert.deepEqual(only('x: i64', 'i64', 'if x { 1 } else { 2 }'), ['CL3031']);
    assert.deepEqual(located(kernel('x: bool', 'i64', 'if x { 1 } else { 2.0 }')), ['CL3026@2:21']);
    assert.deepEqual(located(kernel('x: i64', 'f64', '{ let y = x; y }')), ['CL3027@2:16']);
    assert.deepEqual(only('x: i64', 'i64', 'x[0]'), ['CL3020']);
    assert.deepEqual(only('x: i64', 'i64', 'x.len()'), ['CL3020']);
    assert.deepEqual(only('x: i64', '[i64]', 'range(0, 1.0)'), ['CL3006']);
  });

  test('a declared record is only adopted where it is expected', () => {
    const [d] = diagnosticsOf('record P { x: f64 }\nkernel k() -> P { { let p = { x: 1.0 }; p } }');
    assert.equal(d?.code, 'CL3027');
    assert.match(d?.hint ?? '', /let r: P/);
    assert.deepEqual(codes('record P { x: f64 }\nkernel k() -> P { { y: 1.0 } }'), ['CL3027']);
  });

  test('lambda annotations must agree with inference', () => {
    assert.deepEqual(only('xs: [f64]', '[f64]', 'xs.map((x: i64) => 1.0)'), ['CL3006']);
  });

  test('duplicate names', () => {
    assert.deepEqual(codes('record R { a: i64, a: f64 }'), ['CL3010']);
    assert.deepEqual(codes('record R { a: i64 }\nrecord R { b: i64 }'), ['CL3010']);
    assert.deepEqual(codes('param p: i64 = 1\nparam p: i64 = 2'), ['CL3010']);
    assert.deepEqual(codes('kernel k() -> i64 { 1 }\nkernel k() -> i64 { 2 }'), ['CL3010']);
    assert.deepEqual(codes('kernel k(a: i64, a: i64) -> i64 { a }'), ['CL3010']);
    assert.deepEqual(only('', '{a: i64}', '{ a: 1, a: 2 }'), ['CL3010']);
    assert.deepEqual(only('xs: [i64]', 'i64', 'xs.reduce(0, (x, x) => x)'), ['CL3010']);
  });

  test('recursive records', () => {
    assert.deepEqual(codes('record A { b: [B] }\nrecord B { a: A }'), ['CL3028']);
  });

  test('param declarations', () => {
    assert.deepEqual(located('param p: f64 = 2.0 in 0.0..1.0'), ['CL3012@1:16']);
    assert.deepEqual(located('param p: f64 = 0.5 in 0.0..1.0 step 0.0'), ['CL3013@1:37']);
    assert.deepEqual(codes('param p: i64 = 5 in 0..10 step -1'), ['CL3013']);
    assert.deepEqual(located('param b: bool = true in 0..1'), ['CL3014@1:25']);
    assert.deepEqual(codes('param s: str = 1'), ['CL3015']);
    assert.deepEqual(codes('param p: i64 = 1 + 1'), ['CL3016']);
    assert.deepEqual(codes('param p: i64 = 1 in 5..0'), ['CL3017']);
    assert.deepEqual(codes('param p: f64 = 1 in 0.0..2.0'), ['CL3006']);
    const p = analyzeOk('param n: i64 = -3 in -10..10 step 2\nparam on: bool = false\nparam x: f64 = 0.5');
    assert.deepEqual(
      p.params.map((d) => [d.name, d.default, d.min, d.max, d.step]),
      [['n', -3n, -10n, 10n, 2n], ['on', false, null, null, null], ['x', 0.5, null, null, null]],
    );
  });

  test('sort keys and group keys', () => {
    assert.deepEqual(only('rs: [{a: i64}]', '[{a: i64}]', 'rs.sort()'), ['CL3021']);
    assert.deepEqual(only('xs: [[i64]]', '[[i64]]', 'xs.sort_by(x => x)'), ['CL3021']);
    assert.deepEqual(only('xs: [f64]', '[f64]', 'xs.sort_by(x => x, down)'), ['CL3029']);
    assert.deepEqual(only('xs: [f64]', '[f64]', 'xs.group_by(x => x).agg(g => g.key)'), ['CL3022']);
  });

  test('the group variable may only be aggregated', () => {
    const src = (agg: string): string[] => only('ts: [{s: str, q: i64}]', '[i64]', `ts.group_by(t => t.s).agg(g => ${agg})`);
    assert.deepEqual(src('g'), ['CL3023']);
    assert.deepEqual(src('g.len()'), ['CL3023']);
    assert.deepEqual(src('g.key()'), ['CL3023']);
    assert.deepEqual(src('g.q'), ['CL3023']);
    assert.deepEqual(src('{ let k = 2; g.sum(t => t.q * k) }'), ['CL3023']);
    assert.deepEqual(src('g.sum(t => g.count())'), ['CL3023']);
    assert.deepEqual(src('g.sum(t => t.s)'), ['CL3006']);
    assert.deepEqual(only('xs: [i64]', '[i64]', 'xs.group_by(x => x)'), ['CL3023']);
    assert.deepEqual(only('xs: [i64]', '[i64]', 'xs.agg(g => 1)'), ['CL3023']);
    assert.deepEqual(
      only('xs: [i64]', '[[i64]]', 'xs.group_by(x => x).agg(g => xs.group_by(y => y).agg(h => g.count()))'),
      ['CL3023'],
    );
  });

  test('outer variables are visible to aggregates', () => {
    analyzeOk(kernel('ts: [{s: str, q: i64}], k: i64', '[i64]', '{ let m = 2; ts.group_by(t => t.s).agg(g => g.sum(t => t.q * k * m) + g.count()) }'));
  });

  test('errors do not cascade', () => {
    assert.deepEqual(only('xs: [f64]', 'f64', '{ let y = nope * 2.0; let z = y.foo(1).bar; z + xs.sum() }'), ['CL3001']);
    assert.deepEqual(only('xs: [f64]', '[f64]', 'xs.map(x => x + missing).filter(y => y > 0.0)'), ['CL3001']);
    assert.deepEqual(codes('kernel k(x: Nope) -> i64 { x.a + x.b }'), ['CL3002']);
  });
});
