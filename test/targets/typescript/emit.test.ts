// The TypeScript emitter's output shape: idiomatic, deterministic, escaped, honest about
// parallelism. (That the output compiles and computes the right thing is toolchain.test.ts.)

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyze } from '../../../src/lang/frontend.js';
import { bakeParams } from '../../../src/ir/bake.js';
import { foldConstants } from '../../../src/ir/fold.js';
import type { Program } from '../../../src/ir/ir.js';
import { DEFAULT_FLAGS, type Flags } from '../../../src/targets/target.js';
import { HELPER_NAMES, RESERVED } from '../../../src/targets/typescript/names.js';
import { typescriptTarget } from '../../../src/targets/typescript/index.js';
import { loadExamples } from '../../../src/verify/corpus.js';
import { SNIPPETS } from './snippets.js';
import { BRIEF_EXAMPLE } from '../../support/brief.js';

function lowered(source: string): Program {
  const { program, diagnostics } = analyze(source);
  if (program === null) throw new Error(diagnostics.map((d) => d.message).join('; '));
  return foldConstants(program);
}

function emit(source: string, flags: Partial<Flags> = {}): string {
  const out = typescriptTarget.emit(lowered(source), { ...DEFAULT_FLAGS, ...flags });
  assert.deepEqual(out.diagnostics, []);
  return out.code;
}

test("the brief's kernels render as fused loops, interfaces and array methods", () => {
  const code = emit(BRIEF_EXAMPLE);
  const kernels = code.slice(code.indexOf('export function score'), code.indexOf('/** Code point order'));
  assert.equal(
    kernels,
    `export function score(xs: readonly number[], threshold = 0.5, gain = 2): number {
  let sum = 0;
  for (const x of xs) {
    if (x > threshold) {
      sum += x * gain;
    }
  }
  return sum;
}

export function volumeBySymbol(trades: readonly Trade[]): VolumeBySymbolRow[] {
  const groups = new Map<string, Trade[]>();
  for (const t of trades) {
    if (t.qty > 0n) {
      const members = groups.get(t.symbol);
      if (members) {
        members.push(t);
      } else {
        groups.set(t.symbol, [t]);
      }
    }
  }
  const result: VolumeBySymbolRow[] = [];
  for (const [key, members] of [...groups].sort(([a], [b]) => compareCodePoints(a, b))) {
    let volume = 0;
    for (const t of members) {
      volume += t.price * Number(t.qty);
    }
    result.push({ symbol: key, volume, n: BigInt(members.length) });
  }
  return result.sort((a, b) => compareNumbers(b.volume, a.volume));
}

export function normalize(xs: readonly number[]): number[] {
  let m: number | undefined;
  for (const x of xs) {
    if (m === undefined || x > m) {
      m = x;
    }
  }
  if (m === undefined) {
    throw new RangeError('max of an empty array');
  }
  return xs.map((x) => x / m);
}

`,
  );
  assert.match(code, /^export interface Trade \{\n {2}readonly symbol: string;\n {2}readonly price: number;\n {2}readonly qty: bigint;\n\}/);
  assert.match(code, /export interface VolumeBySymbolRow \{\n {2}readonly symbol: string;\n {2}readonly volume: number;\n {2}readonly n: bigint;\n\}/);
});

test('baked params become literals and leave the signature', () => {
  const baked = (values: Record<string, number>): string =>
    typescriptTarget.emit(bakeParams(analyze(BRIEF_EXAMPLE).program!, values), { ...DEFAULT_FLAGS, params: 'baked' }).code;
  const defaults = baked({});
  assert.match(defaults, /export function score\(xs: readonly number\[\]\): number \{/);
  assert.match(defaults, /if \(x > 0\.5\) \{\n {6}sum \+= x \* 2;/);
  assert.match(baked({ threshold: 0.25, gain: 1.5 }), /if \(x > 0\.25\) \{\n {6}sum \+= x \* 1\.5;/);
});

test('i64 arithmetic wraps once per chain, and division only where it can overflow', () => {
  const code = emit(`
kernel k(xs: [i64], b: i64) -> [i64] {
  xs.map(a => a * b + a - 1).map(x => x / b + x / 2 + x % b)
}`);
  assert.match(code, /const x = BigInt\.asIntN\(64, a \* b \+ a - 1n\);/);
  assert.match(code, /result\.push\(BigInt\.asIntN\(64, x \/ b \+ x \/ 2n \+ \(x % b\)\)\);/);
});

test('an if whose branches are expressions is a conditional; one with statements is an if', () => {
  const code = emit(`
kernel pick(xs: [f64], k: i64) -> f64 {
  let label = if k > 0 { 1.0 } else if k < 0 { -1.0 } else { 0.0 };
  if xs.len() > 0 { xs.max() * label } else { label }
}`);
  assert.match(code, /const label = k > 0n \? 1 : k < 0n \? -1 : 0;/);
  assert.match(code, /if \(BigInt\(xs\.length\) > 0n\) \{\n {4}let max: number \| undefined;/);
  assert.match(code, /return max \* label;\n {2}\}\n {2}return label;\n\}/, 'early return, no else after return');
});

test('a lazy right-hand side with statements is only evaluated when needed', () => {
  const code = emit(`
kernel safe(xs: [f64]) -> bool {
  xs.len() == 0 || xs.min() > 0.0
}`);
  assert.match(code, /if \(BigInt\(xs\.length\) === 0n\) \{\n {4}return true;\n {2}\}\n {2}let min/);
});

test('same program and flags give byte-identical code', () => {
  const sources = [...loadExamples().map((e) => e.source), ...SNIPPETS.map((s) => s.source)];
  for (const source of sources) {
    for (const mode of ['function', 'program'] as const) {
      assert.equal(emit(source, { mode }), emit(source, { mode }));
    }
  }
});

test('parallel renders the sequential code and says so, one reason per kernel', () => {
  const program = lowered(BRIEF_EXAMPLE);
  const sequential = typescriptTarget.emit(program, DEFAULT_FLAGS);
  const parallel = typescriptTarget.emit(program, { ...DEFAULT_FLAGS, parallel: true });
  assert.equal(sequential.degraded, false);
  assert.deepEqual(sequential.reasons, []);
  assert.equal(parallel.degraded, true);
  assert.deepEqual(
    parallel.reasons.map((r) => [r.code, r.kernel]),
    [
      ['no-shared-memory-parallelism', 'score'],
      ['no-shared-memory-parallelism', 'volume_by_symbol'],
      ['no-shared-memory-parallelism', 'normalize'],
    ],
  );
  assert.equal(parallel.code, `// Rendered sequentially: TypeScript has no shared-memory parallelism.\n\n${sequential.code}`);
});

test('program mode without a kernel to run is a diagnostic, not code', () => {
  const program = lowered(BRIEF_EXAMPLE);
  const unknown = typescriptTarget.emit(program, { ...DEFAULT_FLAGS, mode: 'program', entry: 'nope' });
  assert.equal(unknown.code, '');
  assert.deepEqual(unknown.diagnostics.map((d) => d.code), ['CL6001']);
  assert.match(unknown.diagnostics[0]!.message, /`nope`/);
  const none = typescriptTarget.emit({ records: [], params: [], kernels: [] }, { ...DEFAULT_FLAGS, mode: 'program' });
  assert.deepEqual(none.diagnostics.map((d) => d.code), ['CL6001']);
});

test('program mode runs the entry kernel, passing undefined for missing params', () => {
  const code = emit(BRIEF_EXAMPLE, { mode: 'program', entry: 'volume_by_symbol' });
  assert.match(code, /return toJson\(volumeBySymbol\(decodeArg\(input, 'trades', decodeArray\(decodeTrade\)\)\)\);/);
  assert.match(code, /function decodeTrade\(json: Json \| undefined, path: string\): Trade \{/);
  assert.match(code, /qty: decodeI64\(jsonMember\(json, 'qty'\), `\$\{path\}\.qty`\),/);
  const score = emit(BRIEF_EXAMPLE, { mode: 'program' });
  assert.match(score, /score\(\n\s+decodeArg\(input, 'xs', decodeArray\(decodeF64\)\),\n\s+decodeParam\(input, 'threshold', decodeF64\),\n\s+decodeParam\(input, 'gain', decodeF64\),/);
  assert.doesNotMatch(score, /decodeTrade/, 'decoders only for the entry kernel');
  assert.match(score, /^declare const process: \{/m, 'no dependency on @types/node');
});

test('reserved words, globals and helper names are escaped; record fields keep source names', () => {
  const keywords = SNIPPETS.find((s) => s.name === 'keywords')!;
  const code = emit(keywords.source, { mode: 'program', entry: 'function' });
  assert.match(code, /export function function_\(\n {2}var_: readonly Class\[\],\n {2}arguments_: bigint,\n {2}eval_: number,\n {2}static_ = 3n,\n {2}await_ = 0\.5,\n\): FunctionRow \{/);
  assert.match(code, /export function delete_\(typeof_: readonly bigint\[\]\): bigint \{/);
  assert.match(code, /readonly new: bigint;\n {2}readonly delete: number;\n {2}readonly typeof: string;/);
  assert.match(code, /const toI64_: string\[\] = \[\];/, 'a local may not shadow a helper');
  assert.match(code, /\['__proto__'\]: decodeI64/, '__proto__ must be an own property, not the prototype');
  assert.match(code, /decodeArg\(input, 'var', decodeArray\(decodeClass\)\)/, 'program mode reads source names');
  // No declared identifier is a reserved word.
  const declared = [...code.matchAll(/(?:(?<!declare )const|let|function) ([A-Za-z_$][\w$]*)|\(([A-Za-z_$][\w$]*)\) =>/g)].map((m) => m[1] ?? m[2]!);
  const helpers = new Set<string>(HELPER_NAMES);
  assert.deepEqual(declared.filter((name) => RESERVED.has(name) && !helpers.has(name)), []);
});

test('helpers appear only when used, sorted by name', () => {
  const plain = emit('kernel add(a: f64, b: f64) -> f64 { a + b }');
  assert.equal(plain, 'export function add(a: number, b: number): number {\n  return a + b;\n}\n');
  const code = emit(`
kernel k(xs: [str], x: f64, n: i64) -> { a: str, b: i64, c: f64, d: i64 } {
  { a: xs.sort()[n], b: i64(x), c: round(x), d: abs(n) }
}`);
  const helpers = [...code.matchAll(/^function (\w+)/gm)].map((m) => m[1]);
  assert.deepEqual(helpers, ['absI64', 'compareCodePoints', 'elementAt', 'roundHalfAwayFromZero', 'toI64']);
});

test('every line of every render fits in 100 columns', () => {
  const sources = [...loadExamples().map((e) => e.source), ...SNIPPETS.map((s) => s.source)];
  for (const source of sources) {
    for (const mode of ['function', 'program'] as const) {
      const long = emit(source, { mode }).split('\n').filter((l) => l.length > 100);
      assert.deepEqual(long, []);
    }
  }
});
