// Tests of the random program generator (test/support/gen.ts): it must produce well-typed,
// mostly runnable programs with inputs that fit their signatures, deterministically per seed,
// and cover every language feature.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { analyze } from '../src/lang/frontend.js';
import { formatDiagnostic } from '../src/diagnostics.js';
import type { Expr, Program } from '../src/ir/ir.js';
import { forEachExpr } from '../src/ir/walk.js';
import { interpret, RuntimeError } from '../src/ir/interp.js';
import { parseInput, valueToJson } from '../src/ir/values.js';
import { describeCase, programArbitrary, sampleCases, type GeneratedCase } from './support/gen.js';

const SEED = 20240611;
const cases500 = sampleCases(500, SEED);

function analyzeCase(c: GeneratedCase): Program {
  const { program, diagnostics } = analyze(c.source);
  assert.ok(
    program && diagnostics.length === 0,
    `generated program does not analyse cleanly:\n${describeCase(c)}\n${diagnostics.map((d) => formatDiagnostic(d)).join('\n')}`,
  );
  return program;
}

test('200 generated programs analyse with zero diagnostics and their inputs fit their signatures', () => {
  for (const c of cases500.slice(0, 200)) {
    const program = analyzeCase(c);
    assert.doesNotThrow(() => parseInput(JSON.stringify(c.input), c.kernel, program), describeCase(c));
  }
});

test('inputs stay in the documented ranges', () => {
  const check = (v: unknown, where: string): void => {
    if (typeof v === 'number') {
      assert.ok(Number.isFinite(v) && Math.abs(v) <= 1e9, `${where}: ${v}`);
      // A handful of decimals, so every target parses the same double.
      assert.ok(Math.abs(v * 100 - Math.round(v * 100)) < 1e-6, `${where}: ${v} has too many decimals`);
    } else if (Array.isArray(v)) {
      assert.ok(v.length <= 12, `${where}: array of ${v.length}`);
      v.forEach((x, i) => check(x, `${where}[${i}]`));
    } else if (typeof v === 'object' && v !== null) {
      for (const [k, x] of Object.entries(v)) check(x, `${where}.${k}`);
    }
  };
  for (const c of cases500) check(c.input, 'input');
});

test('the same seed gives the same cases, another seed other cases', () => {
  assert.deepEqual(sampleCases(30, 7), sampleCases(30, 7));
  assert.notDeepEqual(
    sampleCases(30, 7).map((c) => c.source),
    sampleCases(30, 8).map((c) => c.source),
  );
});

test('fast-check reports a case as its readable source', () => {
  const [c] = sampleCases(1, 3);
  assert.ok(c);
  assert.equal(fc.stringify(c), describeCase(c));
  assert.match(describeCase(c), /^(record|param|kernel) /m);
});

test('shrinking keeps programs well-typed and makes them small', () => {
  // A property that fails for any program with a `group_by`: the shrunk counterexample must still
  // analyse cleanly (shrinking replays choices, it never edits source) and be short.
  const details = fc.check(
    fc.property(programArbitrary(), (c) => !c.source.includes('.group_by(')),
    { seed: SEED, numRuns: 300 },
  );
  assert.equal(details.failed, true, 'expected some program with a group_by within 300 runs');
  const shrunk = details.counterexample![0];
  analyzeCase(shrunk);
  assert.ok(shrunk.source.includes('.group_by('));
  assert.ok(shrunk.source.split('\n').length <= 12, `not shrunk:\n${shrunk.source}`);
});

/** Features visible in the source text. */
const SYNTAX_FEATURES: Record<string, RegExp> = {
  'param f64 with range': /^param \w+: f64 = \S+ in \S+\.\.\S+/m,
  'param f64 with step': /^param \w+: f64 = .* step /m,
  'param i64 with range': /^param \w+: i64 = \S+ in -?\d+\.\.\d+/m,
  'param i64 with step': /^param \w+: i64 = .* step /m,
  'param bool': /^param \w+: bool = (true|false)$/m,
  'record declaration': /^record \w+ \{/m,
  'record arg': /^kernel \w+\([^)]*: \[[A-Z]\w*\]/m,
  'anonymous record type': /-> \[?\{\w+: /,
  'record literal': /\{\s*\w+: (?!(?:i64|f64|bool|str)\b)/,
  'let': /\blet \w+ = /,
  'if/else': /\bif .* \{[\s\S]*?\} else \{/,
  'else if': /\} else if /,
  'lambda with 1 param': /[(,]\s*\w+ => /,
  'lambda with 2 params': /\(\w+, \w+\) => /,
  'index': /\w\[(?!\])/,
  'string literal é': /"é"|"aé"/,
  'string literal 😀': /"😀"|"B😀"/,
  'wrapping i64 constant': /4611686018427387904|9223372036854775807|3037000500|1099511628211/,
  'negation': /-\(|-\w/,
  'logical not': /!\w|!\(/,
  'sort_by desc': /\.sort_by\([\s\S]*?, desc\)/,
};
for (const f of ['abs', 'sqrt', 'exp', 'ln', 'pow', 'floor', 'ceil', 'round', 'min', 'max', 'f64', 'i64', 'range']) {
  SYNTAX_FEATURES[`built-in ${f}`] = new RegExp(`(?<![.\\w])${f}\\(`);
}
for (const m of [
  'map', 'filter', 'sum', 'prod', 'min', 'max', 'count', 'mean', 'any', 'all', 'len', 'zip', 'scan',
  'reduce', 'sort', 'sort_by', 'take', 'skip', 'reverse', 'map_indexed', 'group_by', 'agg',
]) {
  SYNTAX_FEATURES[`.${m}()`] = new RegExp(`\\.${m}\\(`);
}
for (const a of ['count()', 'sum(', 'min(', 'max(', 'mean(']) {
  SYNTAX_FEATURES[`g.${a}`] = new RegExp(`\\bg\\d+\\.${a.replace(/[()]/g, '\\$&')}`);
}
SYNTAX_FEATURES['g.key'] = /\bg\d+\.key\b/;

/** Features that need types: counted on the lowered IR. */
function typedFeatures(program: Program): string[] {
  const tags: string[] = [];
  const visit = (e: Expr): void => {
    switch (e.k) {
      case 'binary':
        tags.push(`${e.left.type.kind} ${e.op}`);
        break;
      case 'group':
        tags.push(`group key ${e.key.body.type.kind}`);
        break;
      case 'sort':
        tags.push(e.key === null ? 'sort' : e.desc ? 'sort_by desc' : 'sort_by asc');
        break;
      case 'reduce_op':
        tags.push(`${e.op} of [${e.source.type.kind === 'array' ? e.source.type.elem.kind : '?'}]`);
        break;
      case 'record':
        tags.push('anonymous record value');
        break;
    }
  };
  for (const k of program.kernels) {
    forEachExpr(k.body, visit);
    for (const a of k.args) if (a.type.kind === 'array') tags.push(`arg [${a.type.elem.kind}]`);
    tags.push(`returns ${k.ret.kind === 'array' ? `[${k.ret.elem.kind}]` : k.ret.kind}`);
  }
  return tags;
}

const REQUIRED_TYPED = [
  ...['+', '-', '*', '/', '%', '<', '==', '!='].flatMap((op) => [`i64 ${op}`, `f64 ${op}`]),
  'str <', 'str >=', 'str ==', 'str !=', 'bool ==', 'bool &&', 'bool ||',
  'group key i64', 'group key str', 'group key bool',
  'sort', 'sort_by asc', 'sort_by desc',
  'mean of [i64]', 'mean of [f64]', 'sum of [i64]', 'sum of [f64]', 'prod of [i64]', 'prod of [f64]',
  'arg [f64]', 'arg [i64]', 'arg [str]', 'arg [bool]', 'arg [record]',
  'returns i64', 'returns f64', 'returns bool', 'returns str', 'returns [f64]', 'returns [record]', 'returns record',
  'anonymous record value',
];

test('over 500 samples every language feature appears', (t) => {
  const syntax = new Map(Object.keys(SYNTAX_FEATURES).map((f) => [f, 0]));
  const typed = new Map<string, number>();
  for (const c of cases500) {
    for (const [name, re] of Object.entries(SYNTAX_FEATURES)) if (re.test(c.source)) syntax.set(name, syntax.get(name)! + 1);
    for (const tag of new Set(typedFeatures(analyzeCase(c)))) typed.set(tag, (typed.get(tag) ?? 0) + 1);
  }
  // Cases (out of 500) in which each feature occurs, shown with --test-reporter=spec.
  t.diagnostic(`syntax: ${[...syntax].map(([f, n]) => `${f}: ${n}`).join(', ')}`);
  t.diagnostic(`typed: ${REQUIRED_TYPED.map((f) => `${f}: ${typed.get(f) ?? 0}`).join(', ')}`);
  assert.deepEqual([...syntax].filter(([, n]) => n === 0).map(([f]) => f), [], 'syntax features never generated');
  assert.deepEqual(REQUIRED_TYPED.filter((f) => !typed.has(f)), [], 'typed features never generated');
});

test('most generated programs run without a runtime error and none produce NaN or Infinity', (t) => {
  const errors = new Map<string, number>();
  let nonFinite = 0;
  for (const c of cases500) {
    const program = analyzeCase(c);
    const input = parseInput(JSON.stringify(c.input), c.kernel, program);
    const ret = program.kernels.find((k) => k.name === c.kernel)!.ret;
    try {
      const out = valueToJson(interpret(program, c.kernel, input.args, input.params), ret);
      if (/NaN|Infinity/.test(out)) nonFinite++;
    } catch (e) {
      if (!(e instanceof RuntimeError) || e.code === 'CLR004') throw new Error(`${String(e)}\n${describeCase(c)}`);
      errors.set(e.code, (errors.get(e.code) ?? 0) + 1);
    }
  }
  const failed = [...errors.values()].reduce((a, b) => a + b, 0);
  t.diagnostic(`runtime errors: ${failed}/500 ${JSON.stringify(Object.fromEntries(errors))}; non-finite results: ${nonFinite}`);
  // A few deliberate errors keep the targets' error paths under test; many would crowd out the rest.
  assert.ok(failed > 0 && failed <= 25, `runtime errors in ${failed} of 500 cases`);
  assert.ok(nonFinite <= 5, `non-finite results in ${nonFinite} of 500 cases`);
});
