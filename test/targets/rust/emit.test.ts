// What the Rust emitter writes, checked without a compiler: the semantics-bearing spellings
// (wrapping i64, f64 sums from +0.0, helpers for min/max/sort keys), names, parallel forms and
// degradation reasons, program mode, and determinism.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyze } from '../../../src/lang/frontend.js';
import { bakeParams } from '../../../src/ir/bake.js';
import { foldConstants } from '../../../src/ir/fold.js';
import { rustTarget } from '../../../src/targets/rust/index.js';
import { RESERVED } from '../../../src/targets/rust/names.js';
import type { EmitResult, Flags } from '../../../src/targets/target.js';
import { loadExamples } from '../../../src/verify/corpus.js';
import { SNIPPETS } from './snippets.js';

function render(source: string, flags: Partial<Flags> = {}): EmitResult {
  const { program, diagnostics } = analyze(source);
  if (!program) throw new Error(diagnostics.map((d) => d.message).join('\n'));
  const full: Flags = { parallel: false, params: 'runtime', mode: 'function', ...flags };
  return rustTarget.emit(full.params === 'baked' ? bakeParams(program, {}) : foldConstants(program), full);
}

const snippet = (name: string): string => SNIPPETS.find((s) => s.name === name)!.source;

test('i64 arithmetic wraps explicitly; division by a safe literal stays an operator', () => {
  const code = render(snippet('integers')).code;
  for (const op of ['wrapping_add', 'wrapping_mul', 'wrapping_sub', 'wrapping_div', 'wrapping_rem', 'wrapping_neg']) {
    assert.match(code, new RegExp(`\\.${op}\\(`), op);
  }
  assert.match(code, /a \/ 7/);
  assert.match(code, /a\.wrapping_rem\(-1\)/, 'MIN % -1 must not overflow');
  assert.match(code, /\.clamp\(2, 4\)/, 'min(max(x, 2), 4) is a clamp to clippy');
});

test('f64 sums start from +0.0, min/max/sort keys follow the language, not std', () => {
  const code = render(snippet('floats')).code;
  assert.match(code, /\.fold\(0\.0, \|acc, &x\| acc \+ x\)/);
  assert.doesNotMatch(code, /\.sum::<f64>\(\)|\.sum\(\)/);
  assert.match(code, /fn min_f64\(a: f64, b: f64\) -> f64/);
  const negated = render('kernel f(a: f64, b: f64, i: i64, j: i64) -> bool { !(a < b) && !(i < j) }').code;
  assert.match(negated, /#\[allow\(clippy::neg_cmp_op_on_partial_ord\)\]/, '!(a < b) on f64 is not a >= b');
  assert.match(negated, /!\(a < b\) && i >= j/);
  const sorted = render(snippet('pipelines')).code;
  assert.match(sorted, /sort_by\(\|a, b\| cmp_f64\(&b\.key, &a\.key\)\)/);
  assert.match(sorted, /fn cmp_f64\(a: &f64, b: &f64\) -> Ordering/);
});

test('helpers and imports appear only when used, sorted', () => {
  const plain = render('kernel f(xs: [i64]) -> i64 { xs.sum() }').code;
  assert.doesNotMatch(plain, /^use |fn \w+_f64/m);
  const code = render(snippet('grouping')).code;
  const uses = code.split('\n').filter((l) => l.startsWith('use '));
  assert.deepEqual(uses, [...uses].sort());
  assert.ok(uses.includes('use std::collections::BTreeMap;'));
});

test('reserved words and generated names are escaped with a trailing underscore', () => {
  const code = render(snippet('reserved_words')).code;
  assert.match(code, /pub struct Vec_ \{\n {4}pub type_: String,\n {4}pub fn_: i64,\n {4}pub match_: bool,/);
  assert.match(code, /pub fn main_\(self_: &\[Vec_\], move_: i64, loop_: i64\)/);
  assert.match(code, /let min_f64_ = /);
  assert.match(code, /pub fn crate_\(super_: &str, async_: &\[i64\]\)/);
  for (const word of ['type', 'self', 'Self', 'super', 'crate', 'gen', 'main', 'min_f64', 'Vec', 'Ordering']) assert.ok(RESERVED.has(word), word);
});

test('program mode keeps JSON field names of the source and runs only the entry kernel', () => {
  const code = render(snippet('reserved_words'), { mode: 'program', entry: 'main' }).code;
  assert.match(code, /^fn main\(\) \{$/m);
  assert.match(code, /out\.push_str\("\{\\"ref\\":"\);/);
  assert.match(code, /type_: json\.field\("type"\)\.decode\(\)/);
  assert.doesNotMatch(code, /pub fn crate_/);
  assert.match(code, /let loop_ = param\(params, "loop", 3\);/);
});

test('parallel renders use rayon for the outer loops and say what stays sequential', () => {
  const par = render(snippet('pipelines'), { parallel: true });
  assert.match(par.code, /^use rayon::prelude::\*;$/m);
  assert.match(par.code, /\.par_iter\(\)/);
  assert.match(par.code, /par_sort_by/);
  const codes = par.reasons.map((r) => `${r.kernel}:${r.code}`).sort();
  assert.deepEqual(codes, ['stages:sequential-reduce', 'stages:sequential-scan']);
  assert.equal(par.degraded, true);
  const seq = render(snippet('pipelines'));
  assert.equal(seq.degraded, false);
  assert.doesNotMatch(seq.code, /rayon|par_/);
});

test('a lazy chain is collected before a take when its closure may fail', () => {
  const code = render(snippet('pipelines')).code;
  assert.match(code, /\.collect::<Vec<_>>\(\)\s*\.into_iter\(\)\s*\.take\(1\)/);
});

test('baked params become literals and leave no parameters', () => {
  const code = render(snippet('pipelines'), { params: 'baked' }).code;
  assert.match(code, /pub fn stages\(xs: &\[i64\]\) ->/);
  assert.doesNotMatch(code, /\bk: i64\b/);
});

test('renders are deterministic', () => {
  for (const ex of loadExamples()) {
    for (const flags of [{}, { parallel: true }, { mode: 'program' as const }]) {
      assert.equal(render(ex.source, flags).code, render(ex.source, flags).code, ex.name);
    }
  }
});
