// The library API: one compile, many targets; failures stay where they belong.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compile } from '../src/compile.js';
import { DEFAULT_LIMITS } from '../src/lang/limits.js';
import { TARGET_NAMES } from '../src/targets/registry.js';

const SCORE = `param threshold: f64 = 0.5 in 0.0..1.0
param gain: f64 = 2.0 in 0.0..10.0 step 0.1

kernel score(xs: [f64]) -> f64 {
  xs.filter(x => x > threshold).map(x => x * gain).sum()
}
`;

test('one compile renders every requested target with its own timings', () => {
  const result = compile(SCORE, { targets: TARGET_NAMES });
  assert.deepEqual(result.diagnostics, []);
  assert.deepEqual(result.renders.map((r) => r.target), [...TARGET_NAMES]);
  for (const r of result.renders) {
    assert.ok(r.code.length > 0, `${r.target} rendered code`);
    assert.deepEqual(r.diagnostics, []);
    assert.ok(r.timings.emit >= 0 && r.timings.parse >= 0);
  }
  assert.ok(result.timings.parse >= 0 && result.timings.passes >= 0);
});

test('renders are deterministic', () => {
  const a = compile(SCORE, { targets: TARGET_NAMES, parallel: true });
  const b = compile(SCORE, { targets: TARGET_NAMES, parallel: true });
  assert.deepEqual(a.renders.map((r) => r.code), b.renders.map((r) => r.code));
});

test('baking folds the given param values into the code', () => {
  const runtime = compile(SCORE, { target: 'rust' }).renders[0]!.code;
  const baked = compile(SCORE, { target: 'rust', params: 'baked', paramValues: { gain: 3.5 } }).renders[0]!.code;
  assert.match(runtime, /gain: f64/);
  assert.doesNotMatch(baked, /gain/);
  assert.match(baked, /3\.5/);
  assert.match(baked, /0\.5/, 'threshold keeps its default');
});

test('front-end errors produce diagnostics and no code for any target', () => {
  const result = compile('kernel k(x: i64) -> i64 { x + y }\nkernel j() -> f64 { 1 + 2.0 }\n', { targets: TARGET_NAMES });
  assert.deepEqual(result.renders, []);
  assert.equal(result.program, null);
  assert.ok(result.diagnostics.length >= 2, 'both errors are reported');
  for (const d of result.diagnostics) {
    assert.match(d.code, /^CL\d{4}$/);
    assert.ok(d.span && d.span.start.line >= 1 && d.span.start.column >= 1);
  }
});

test('param values outside their range or of the wrong type are rejected', () => {
  const out = compile(SCORE, { target: 'go', params: 'baked', paramValues: { gain: 12.0 } });
  assert.deepEqual(out.diagnostics.map((d) => d.code), ['CL5003']);
  assert.deepEqual(out.renders, []);
  assert.deepEqual(compile(SCORE, { target: 'go', paramValues: { gain: Number.NaN } }).diagnostics.map((d) => d.code), ['CL5002']);
  assert.deepEqual(compile(SCORE, { target: 'go', paramValues: { gian: 1.0 } }).diagnostics.map((d) => d.code), ['CL5001']);
});

test('program mode needs an entry kernel that exists', () => {
  const out = compile(SCORE, { target: 'typescript', mode: 'program', entry: 'scroe' });
  assert.deepEqual(out.diagnostics.map((d) => d.code), ['CL5004']);
  assert.match(out.diagnostics[0]!.message, /`score`/, 'the message names the kernels there are');
});

test('a construct one target cannot express fails for that target alone', () => {
  // Arrays inside records have no SQL form; every other target renders them.
  const source = 'kernel k(xs: [i64]) -> { all: [i64], n: i64 } { { all: xs, n: xs.len() } }\n';
  const result = compile(source, { targets: TARGET_NAMES });
  const sql = result.renders.find((r) => r.target === 'sql')!;
  assert.equal(sql.code, '');
  assert.deepEqual(sql.diagnostics.map((d) => d.code), ['CL6101']);
  for (const r of result.renders.filter((x) => x.target !== 'sql')) assert.deepEqual(r.diagnostics, [], r.target);
});

test('a program nested to the default depth limit renders on every target', () => {
  const depth = DEFAULT_LIMITS.maxNestingDepth - 8;
  const lets = Array.from({ length: depth }, (_, i) => `let v${i + 1} = v${i} * 3 + ${i};`).join('\n  ');
  const result = compile(`kernel k(v0: i64) -> i64 {\n  ${lets}\n  v${depth}\n}\n`, { targets: TARGET_NAMES, parallel: true });
  assert.deepEqual(result.diagnostics, []);
  for (const r of result.renders) assert.deepEqual(r.diagnostics, [], r.target);
});
