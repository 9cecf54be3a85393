// The Julia spelling of each semantic rule of docs/language.md that Base does not give for free.
// Without a Julia runtime on the test machines these pin the constructs; every render is also
// parsed.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Flags } from '../../../src/targets/target.js';
import { assertParses, renderJulia } from './support.js';

function julia(source: string, flags: Partial<Flags> = {}): string {
  const { code, diagnostics } = renderJulia(source, flags);
  assert.deepEqual(diagnostics, []);
  assertParses(code, source);
  return code;
}

/** `code` with broken lines joined, so an assertion does not depend on the line width. */
function flat(code: string): string {
  return code
    .replace(/([([])\n\s*/g, '$1')
    .replace(/,\n\s*([)\]])/g, '$1')
    .replace(/\n\s*([)\]])/g, '$1')
    .replace(/ *\n\s*/g, ' ');
}

test('integer division truncates and wraps typemin ÷ -1; remainder is rem', () => {
  const code = julia('kernel f(a: i64, b: i64) -> [i64] { range(0, 1).map(i => a / b + a / 7 + a / -1 + a % b) }');
  assert.match(code, /wrapping_div\(a, b\) \+ div\(a, 7\) \+ -a \+ a % b/);
  assert.match(code, /^wrapping_div\(a::Int64, b::Int64\) = b == -1 \? -a : div\(a, b\)$/m);
  assert.doesNotMatch(code, /a \/ b/, 'Julia `/` on integers is float division');
});

test('i64::MIN cannot be a negated literal in Julia', () => {
  assert.match(julia('kernel f() -> i64 { -9223372036854775808 }'), /return typemin\(Int64\)/);
});

test('round is half away from zero, i64(x) saturates, f64(i) converts', () => {
  const code = julia('kernel f(x: f64, n: i64) -> i64 { i64(round(x)) + i64(f64(n)) }');
  assert.match(code, /saturating_int64\(round\(x, RoundNearestTiesAway\)\) \+ saturating_int64\(Float64\(n\)\)/);
  assert.match(code, /x >= 2\.0\^63 && return typemax\(Int64\)/);
});

test('min and max keep the language definition for f64 and use Base for i64', () => {
  const code = julia('kernel f(x: f64, y: f64, a: i64, b: i64) -> f64 { min(x, y) + max(x, y) + f64(min(a, b) + max(a, b)) }');
  assert.match(code, /lesser\(x, y\) \+ greater\(x, y\) \+ Float64\(min\(a, b\) \+ max\(a, b\)\)/);
  assert.match(code, /^lesser\(a, b\) = b < a \? b : a$/m);
  assert.match(code, /^greater\(a, b\) = b > a \? b : a$/m);
});

test('sqrt, ln and pow give NaN where Base throws a DomainError; safe arguments use Base', () => {
  const code = julia('kernel f(x: f64, y: f64) -> f64 { sqrt(x) + sqrt(abs(x)) + ln(y) + ln(exp(y)) + pow(x, y) }');
  assert.match(code, /sqrt_or_nan\(x\) \+ sqrt\(abs\(x\)\) \+ log_or_nan\(y\) \+ log\(exp\(y\)\) \+ pow\(x, y\)/);
});

test('indexing is 0-based in the language and 1-based in Julia, bounds-checked', () => {
  const code = julia('kernel f(xs: [f64], i: i64) -> f64 { xs[i] + xs[0] + xs[i - 1] }');
  assert.match(code, /xs\[i \+ 1\] \+ xs\[1\] \+ xs\[i\]/);
  assert.doesNotMatch(code, /@inbounds/);
});

test('map_indexed passes the 0-based position, or the count of kept elements after a filter', () => {
  assert.match(julia('kernel f(xs: [f64]) -> [f64] { xs.map_indexed((i, x) => f64(i) * x) }'), /Float64\(i\) \* x for \(i, x\) in zip\(Iterators\.countfrom\(0\), xs\)/);
  const counted = julia('kernel f(xs: [f64]) -> [f64] { xs.filter(x => x > 0.0).map_indexed((i, x) => f64(i) * x) }');
  assert.match(counted, /i = 0\n[^]*x > 0\.0 \|\| continue\n\s+value = Float64\(i\) \* x\n\s+i \+= 1/);
});

test('f64 sums add left to right from +0.0 (Base.sum of floats is pairwise); i64 sums use sum', () => {
  const code = flat(julia('kernel f(xs: [f64], ns: [i64]) -> f64 { xs.sum() + f64(ns.sum()) + xs.map(x => x * 2.0).sum() }'));
  assert.match(code, /foldl\(\+, xs; init = 0\.0\) \+ Float64\(sum\(ns\)\) \+ mapfoldl\(x -> x \* 2\.0, \+, xs; init = 0\.0\)/);
});

test('min, max and mean of an empty array are runtime errors', () => {
  const code = julia('kernel f(xs: [f64]) -> f64 { xs.min() + xs.filter(x => x > 0.0).max() + xs.mean() }');
  assert.match(code, /foldl\(lesser, xs\)/, 'foldl without init throws on an empty collection');
  assert.match(code, /isempty\(xs\) && throw\(ArgumentError\("mean of an empty array"\)\)/);
});

test('take and skip clamp their count, including negative counts', () => {
  const code = julia('kernel f(xs: [f64], n: i64) -> [f64] { xs.take(n).skip(n).take(-2).skip(-1).skip(3) }');
  assert.match(code, /first\(xs, max\(n, 0\)\)/);
  assert.match(code, /\[\(clamp\(n, 0, end\) \+ 1\):end\]/);
  assert.match(code, /first\(\w+, 0\)\[4:end\]/, 'take(-2) is first(_, 0); skip(-1) is nothing; skip(3) an empty-safe range');
});

test('sorts are stable; f64 keys tie -0.0 with 0.0 and put NaN last; desc keeps ties in order', () => {
  const code = flat(julia('kernel f(xs: [f64], ns: [i64]) -> [f64] { xs.sort().sort_by(x => -x, desc).zip(ns.sort(), (x, n) => x) }'));
  assert.match(code, /sort\(xs; lt = float_key_less, alg = MergeSort\)/);
  assert.match(code, /sort\(sort\(xs; [^)]*\); by = x -> -x, lt = float_key_less, rev = true, alg = MergeSort\)/);
  assert.match(code, /sort\(ns\)/, 'equal integers are indistinguishable: no stable algorithm needed');
  assert.match(code, /float_key_less\(a::Float64, b::Float64\) = a < b \|\| \(isnan\(b\) && !isnan\(a\)\)/);
});

test('a sort key that may fail is computed once per element, like the interpreter', () => {
  const code = julia('kernel f(ns: [i64], d: i64) -> [i64] { ns.sort_by(n => n / d) }');
  assert.match(code, /sort_keys = Int64\[wrapping_div\(n, d\) for n in ns\]\n\s+return ns\[sortperm\(sort_keys; alg = MergeSort\)\]/);
});

test('groups come out in ascending key order with members in input order', () => {
  const code = julia('kernel f(xs: [i64]) -> [{ k: i64, n: i64, s: i64 }] { xs.group_by(x => x % 3).agg(g => { k: g.key, n: g.count(), s: g.sum(x => x) }) }');
  assert.match(code, /groups = Dict\{Int64, Vector\{Int64\}\}\(\)/);
  assert.match(code, /push!\(get!\(Vector\{Int64\}, groups, x % 3\), x\)/);
  assert.match(code, /for key in sort!\(collect\(keys\(groups\)\)\)/);
  assert.match(code, /\(k = key, n = length\(members\), s = s\)/);
});

test('&&, || and if never evaluate the untaken side, even when it needs statements', () => {
  const code = julia('kernel f(xs: [f64], i: i64) -> bool { i < xs.len() && { let x = xs[i]; x > xs.mean() } }');
  assert.match(code, /if i < length\(xs\)\n\s+x = xs\[i \+ 1\]\n[^]*\n\s+else\n\s+return false/);
});

test('runtime params are keyword arguments with their defaults; baked params are constants', () => {
  const source = 'param gain: f64 = 2.0 in 0.0..10.0\nparam n: i64 = 3 in 0..10\nkernel f(xs: [f64]) -> f64 { xs.take(n).sum() * gain }';
  assert.match(julia(source), /^function f\(xs::Vector\{Float64\}; gain::Float64 = 2\.0, n::Int64 = 3\)::Float64$/m);
  const baked = julia(source, { params: 'baked' });
  assert.match(baked, /^function f\(xs::Vector\{Float64\}\)::Float64$/m);
  assert.match(baked, /first\(xs, 3\)/);
  assert.match(baked, /\* 2\.0/);
});

test('helpers are emitted only when used, once, in name order', () => {
  const code = julia('kernel f(x: f64, y: f64, a: i64, b: i64) -> f64 { pow(max(x, y), sqrt(min(x, y))) + f64(a / b) }');
  const helpers = [...code.matchAll(/^(?:function )?([a-z_0-9]+)\(/gm)].map((m) => m[1]).filter((n) => n !== 'f');
  assert.deepEqual(helpers, ['greater', 'lesser', 'pow', 'sqrt_or_nan', 'wrapping_div']);
  assert.doesNotMatch(julia('kernel f(x: i64) -> i64 { x + 1 }'), /^(lesser|greater|pow)\(/m);
});

test('records: declared ones are structs, anonymous ones NamedTuple aliases built by field name', () => {
  const code = julia('record P { x: f64, y: f64 }\nkernel f(ps: [P]) -> [{ sum: f64, p: P }] { ps.map(q => { sum: q.x + q.y, p: { x: q.y, y: q.x } }) }');
  assert.match(code, /^struct P\n {4}x::Float64\n {4}y::Float64\nend$/m);
  assert.match(code, /^const FRow = @NamedTuple\{sum::Float64, p::P\}$/m);
  assert.match(code, /\(sum = q\.x \+ q\.y, p = P\(q\.y, q\.x\)\)/, 'keyword fields for NamedTuples, positional for structs');
});

test('the same program always renders the same bytes', () => {
  const source = 'kernel f(xs: [f64]) -> [f64] { xs.filter(x => x > 0.0).map(x => x * 2.0).sort() }';
  for (const parallel of [false, true]) assert.equal(julia(source, { parallel }), julia(source, { parallel }));
});

test('program mode reads args and params and prints canonical JSON, errors as `error: ...` with status 1', () => {
  const code = flat(julia('param k: i64 = 2 in 0..9\nkernel first_k(xs: [f64]) -> [f64] { xs.take(k) }\nkernel other(n: i64) -> i64 { n }', { mode: 'program', entry: 'first_k' }));
  assert.match(code, /result = first_k\(from_json\(Vector\{Float64\}, args\["xs"\]\); k = param_value\(params, "k", 2\)\)/);
  assert.match(code, /print\(io, "\\"NaN\\""\)/);
  assert.match(code, /println\(stderr, "error: ", sprint\(showerror, err\)\) exit\(1\)/);
  assert.doesNotMatch(code, /from_json\(::Type\{Bool\}/, 'only the readers the entry kernel needs');
  const other = julia('kernel a(n: i64) -> i64 { n }\nkernel b(s: str) -> str { s }', { mode: 'program', entry: 'b' });
  assert.match(other, /result = b\(from_json\(String, args\["s"\]\)\)/);
});

test('parallel renders say which constructs stay sequential, and only those', () => {
  const source = `kernel maps(xs: [f64]) -> [f64] { xs.filter(x => x > 0.0).map(x => x * 2.0) }
kernel sums(xs: [f64]) -> f64 { xs.sum() + xs.max() + xs.mean() }
kernel groups(ns: [i64]) -> [{ k: i64, n: i64 }] { ns.group_by(n => n % 3).agg(g => { k: g.key, n: g.count() }) }
kernel folds(ns: [i64]) -> i64 { ns.reduce(0, (acc, n) => acc * 31 + n) }
kernel scans(xs: [f64]) -> [f64] { xs.scan(0.0, (acc, x) => acc + x) }
kernel sorts(xs: [f64]) -> [f64] { xs.sort() }`;
  const parallel = renderJulia(source, { parallel: true });
  assert.ok(parallel.degraded);
  assert.deepEqual(
    parallel.reasons.map((r) => `${r.code} ${r.kernel}`),
    ['sequential-reduce folds', 'sequential-scan scans', 'sequential-sort sorts'],
  );
  assert.match(parallel.code, /Threads\.@spawn begin/);
  assert.match(parallel.code, /Threads\.@threads for j in eachindex\(/);
  assert.match(parallel.code, /for part in fetch\.\(tasks\)/, 'group_by fills one dictionary per chunk');
  const sequential = renderJulia(source);
  assert.equal(sequential.degraded, false);
  assert.deepEqual(sequential.reasons, []);
  assert.doesNotMatch(sequential.code, /Threads/);
});
