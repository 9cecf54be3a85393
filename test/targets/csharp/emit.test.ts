// The C# emitter without a compiler: determinism, names, literals, the helpers it picks for the
// rules where C# differs from the language, and what it says about parallel forms.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadExamples } from '../../../src/verify/corpus.js';
import { doubleLiteral, stringLiteral } from '../../../src/targets/csharp/scalar.js';
import { renderCSharp } from './support.js';

const kernel = (source: string, flags: Parameters<typeof renderCSharp>[1] = {}): string => renderCSharp(source, flags).code;

test('every example renders byte-identically twice, in every mode', () => {
  for (const example of loadExamples()) {
    for (const parallel of [false, true]) {
      for (const mode of ['function', 'program'] as const) {
        const a = renderCSharp(example.source, { parallel, mode });
        const b = renderCSharp(example.source, { parallel, mode });
        assert.equal(a.code, b.code, `${example.name} parallel=${parallel} ${mode}`);
        assert.deepEqual(a.diagnostics, []);
      }
    }
  }
});

test('string literals escape quotes, backslashes and line terminators, and keep other Unicode', () => {
  assert.equal(stringLiteral('say "hi"\\n'), '"say \\"hi\\"\\\\n"');
  assert.equal(stringLiteral('a\nb\tc\rd'), '"a\\nb\\tc\\rd"');
  assert.equal(stringLiteral('é 😀 ｚ'), '"é 😀 ｚ"');
  assert.equal(stringLiteral('\u2028\u2029\u0085\u0000\u007f'), '"\\u2028\\u2029\\u0085\\u0000\\u007F"');
});

test('double literals keep their sign and always read as doubles', () => {
  assert.equal(doubleLiteral(-0), '-0.0');
  assert.equal(doubleLiteral(2), '2.0');
  assert.equal(doubleLiteral(1e21), '1e+21');
  assert.equal(doubleLiteral(0.1), '0.1');
  assert.equal(doubleLiteral(5e-324), '5e-324');
});

test('C# keywords become verbatim identifiers; names that would hide a type get a suffix', () => {
  const code = kernel(`
record type { fn: i64, match: str }
record Math { value: i64, Math: i64 }
kernel function(var: [type], string: i64, object: [Math]) -> i64 {
  var.filter(self => self.fn > string).map(let_ => let_.fn).sum() + object.map(from => from.Math).sum()
}
kernel min(xs: [f64]) -> f64 { xs.min() }`);
  assert.match(code, /public sealed class Type\b/);
  assert.match(code, /public sealed class Math_\b/);
  assert.match(code, /public long Math \{ get; \}/, 'a property may be called Math');
  assert.match(code, /public static long Function\(Type\[\] @var, long @string, Math_\[\] @object\)/);
  assert.match(code, /self => self\.Fn > @string/);
  assert.match(code, /@let => @let\.Fn/);
  assert.match(code, /@from => @from\.Math/);
  assert.match(code, /public static double Min_\(double\[\] xs\)/, 'the kernel `min` must not hide the Min helper');
});

test('a property named like its record gets a suffix (CS0542)', () => {
  assert.match(kernel('record point { point: i64 }\nkernel f(p: point) -> i64 { p.point }'), /public long Point_ \{ get; \}/);
});

test('sibling lambdas share parameter names; nested ones and later locals do not (CS0136)', () => {
  const code = kernel(`
kernel f(xs: [i64]) -> i64 {
  let a = xs.map(x => x + 1).filter(x => x > 2).sum();
  let x = xs.map(y => xs.map(y => y * 2).sum() + y).sum();
  a + x
}`);
  assert.match(code, /\.Select\((\w+) => \1 \+ 1\)\.Where\(\1 => \1 > 2\)/);
  assert.doesNotMatch(code, /\(x => x \+ 1\)/, 'the local `x` declared later takes the name');
  assert.match(code, /Select\((\w+) => xs\.Select\((?!\1\b)\w+ =>/);
});

test('i64 literals carry L except next to a long operand', () => {
  const code = kernel('kernel f(xs: [i64], n: i64) -> i64 { xs.reduce(0, (acc, x) => acc * 2 + x) + n * 3 }');
  assert.match(code, /Aggregate\(0L, \(acc, x\) => acc \* 2 \+ x\)/);
  assert.match(code, /n \* 3\b/);
  assert.match(kernel('kernel f() -> i64 { -9223372036854775807 - 1 }'), /long\.MinValue/);
});

test('the rules where C# differs from the language go through helpers', () => {
  const code = kernel(`
kernel f(a: i64, b: i64, y: f64, s: str, t: str, xs: [i64], ys: [f64]) -> { q: i64, r: i64, h: i64, m: i64, k: f64, c: bool, i: i64, s: i64, lo: f64, mean: f64, d: i64 } {
  { q: a / b, r: a % b, h: a / 2, m: abs(a), k: round(y), c: s < t, i: i64(y), s: xs.sum(), lo: ys.min(), mean: xs.mean(), d: a / -1 }
}`);
  assert.match(code, /Quotient\(a, b\)/);
  assert.match(code, /Remainder\(a, b\)/);
  assert.match(code, /a \/ 2\b/, 'a literal divisor other than 0 and -1 needs no helper');
  assert.match(code, /Quotient\(a, -1\)/, 'long.MinValue / -1 throws in .NET');
  assert.match(code, /Abs\(a\)/);
  assert.match(code, /RoundHalfAwayFromZero\(y\)/);
  assert.doesNotMatch(code.replace(/\/\/.*$/gm, ''), /Math\.Round/, 'only comments mention Math.Round');
  assert.match(code, /CompareCodePoints\(s, t\) < 0/);
  assert.match(code, /ToInt64Saturating\(y\)/);
  assert.match(code, /xs\.Aggregate\(0L, \(sum, x\) => sum \+ x\)/, 'Enumerable.Sum over longs is checked');
  assert.match(code, /ys\.Aggregate\(Min\)/);
  assert.match(code, /xs\.Average\(x => \(double\)x\)/);
});

test('sorts and groups use code-point and NaN-last comparers; LINQ sorts are stable', () => {
  const code = kernel(`
kernel f(ws: [str], xs: [f64]) -> { a: [str], b: [f64], c: [{ w: str, n: i64 }] } {
  { a: ws.sort(), b: xs.sort_by(x => x, desc), c: ws.group_by(w => w).agg(g => { w: g.key, n: g.count() }) }
}`);
  assert.match(code, /ws\.OrderBy\(x => x, CodePointOrder\)/);
  assert.match(code, /xs\.OrderByDescending\(x => x, NaNLastOrder\)/);
  assert.match(code, /\.GroupBy\(w => w\)\s*\.OrderBy\(g => g\.Key, CodePointOrder\)\s*\.Select\(g => new FRow2\(g\.Key, g\.LongCount\(\)\)\)/);
});

test('only the helpers and usings a file needs are emitted', () => {
  const code = kernel('kernel f(xs: [f64]) -> f64 { xs.map(x => x * 2.0).sum() }');
  assert.equal(
    code,
    [
      'using System.Linq;',
      '',
      'public static class Kernels',
      '{',
      '    public static double F(double[] xs) => xs.Select(x => x * 2.0).Sum();',
      '}',
      '',
    ].join('\n'),
  );
});

test('parallel renders use PLINQ, ordered only where order matters', () => {
  const result = renderCSharp('kernel f(xs: [f64]) -> { s: f64, ys: [f64] } { { s: xs.map(x => x * 2.0).sum(), ys: xs.filter(x => x > 0.0) } }', { parallel: true });
  assert.match(result.code, /xs\.AsParallel\(\)\.Select\(x => x \* 2\.0\)\.Sum\(\)/);
  assert.match(result.code, /xs\.AsParallel\(\)\.AsOrdered\(\)\.Where\(x => x > 0\.0\)\.ToArray\(\)/);
  assert.equal(result.degraded, false);
  assert.deepEqual(result.reasons, []);
});

test('a parallel sort breaks ties by input position (PLINQ OrderBy is not stable)', () => {
  const code = kernel('kernel f(xs: [i64]) -> [i64] { xs.sort_by(x => x % 3) }', { parallel: true });
  assert.match(code, /\.Select\(\(x, index\) => new \{ Item = x, Index = index \}\)\s*\.OrderBy\(pair => pair\.Item % 3\)\s*\.ThenBy\(pair => pair\.Index\)\s*\.Select\(pair => pair\.Item\)/);
});

test('constructs without a parallel form are sequential and say so', () => {
  const scan = renderCSharp('kernel f(xs: [f64]) -> [f64] { xs.map(x => x * 2.0).scan(0.0, (a, x) => a + x) }', { parallel: true });
  assert.equal(scan.degraded, true);
  assert.deepEqual(scan.reasons.map((r) => [r.code, r.kernel]), [['sequential-scan', 'f']]);
  assert.match(scan.code, /\.AsParallel\(\)\s*\.AsOrdered\(\)\s*\.Select\(x => x \* 2\.0\)\s*\.AsSequential\(\)\s*\.Scan\(/);

  const fold = renderCSharp('kernel g(xs: [i64]) -> i64 { xs.reduce(1, (a, x) => a * 31 + x) }', { parallel: true });
  assert.deepEqual(fold.reasons.map((r) => r.code), ['sequential-reduce']);

  const any = renderCSharp('kernel h(xs: [i64]) -> bool { xs.any(x => 10 / x > 1) }', { parallel: true });
  assert.deepEqual(any.reasons.map((r) => r.code), ['sequential-short-circuit']);
  assert.equal(renderCSharp('kernel h(xs: [i64]) -> bool { xs.any(x => x > 1) }', { parallel: true }).degraded, false);

  assert.equal(renderCSharp('kernel f(xs: [f64]) -> [f64] { xs.scan(0.0, (a, x) => a + x) }').degraded, false, 'sequential renders are never degraded');
});

test('deferred lambdas that may fail run before an operator that may stop early', () => {
  assert.match(kernel('kernel f(xs: [i64]) -> [i64] { xs.map(x => 10 / x).take(1) }'), /xs\.Select\(x => Quotient\(10, x\)\)\.ToArray\(\)\.Take\(1\)/);
  assert.match(kernel('kernel f(xs: [i64]) -> [i64] { xs.map(x => x / 10).take(1) }'), /xs\.Select\(x => x \/ 10\)\.Take\(1\)\.ToArray\(\)/);
});

test('lets and ifs become statements; an unused binding that may fail is still evaluated', () => {
  const code = kernel(`
kernel f(xs: [i64], n: i64) -> i64 {
  let a = 1 + if n > 0 { let t = n * 2; t + 1 } else { 0 };
  let unused = 10 / n;
  let dead = n * 2;
  a
}`);
  assert.match(code, /long result;\s*if \(n > 0\)\s*\{\s*var t = n \* 2;\s*result = t \+ 1;\s*\}\s*else\s*\{\s*result = 0L;\s*\}\s*var a = 1 \+ result;/);
  assert.match(code, /_ = Quotient\(10, n\);/);
  assert.doesNotMatch(code, /dead/);
});

test('program mode reads params with their defaults and prints canonical JSON', () => {
  const code = kernel('param gain: f64 = 2.5\nkernel f(xs: [f64]) -> [f64] { xs.map(x => x * gain) }', { mode: 'program' });
  assert.match(code, /Kernels\.F\(\s*ReadArray\(Member\(arguments, "xs"\), ReadDouble\),\s*ReadParam\(input, "gain", ReadDouble, 2\.5\)\)/);
  assert.match(code, /Console\.WriteLine\(ToJsonArray\(result, item => ToJson\(item\)\)\);/);
  assert.match(code, /Console\.Error\.WriteLine\("error: " \+ cause\.Message\);\s*return 1;/);
  const baked = kernel('param gain: f64 = 2.5\nkernel f(xs: [f64]) -> [f64] { xs.map(x => x * gain) }', { mode: 'program', params: 'baked' });
  assert.doesNotMatch(baked, /ReadParam/);
  assert.match(baked, /x \* 2\.5/);
});
