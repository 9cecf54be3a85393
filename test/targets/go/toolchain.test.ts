// The Go renders held to Go's own tools: byte-identical under gofmt and clean under go vet, for
// every example and snippet (sequential and parallel, function and program mode); and program
// mode run on real inputs must agree with the reference interpreter, including on inputs large
// enough to split parallel loops into several chunks, and on generated programs.

import { test, type TestContext } from 'node:test';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import { analyze } from '../../../src/lang/frontend.js';
import { checkGofmt, goVet, type SourceFile } from '../../../src/toolchain/index.js';
import { requireToolchain } from '../../../src/toolchain/require-toolchain.js';
import { corpusCases, loadExamples } from '../../../src/verify/corpus.js';
import { sampleCases } from '../../support/gen.js';
import { renderGo, runAgainstInterpreter, type RunCase, type Verdict } from './harness.js';
import { SNIPPETS } from './snippets.js';

const GENERATED = Number(process.env.CODELIVE_GO_GENERATED ?? 100);

interface Unit {
  readonly name: string;
  readonly source: string;
}

const GOLDEN_DIR = fileURLToPath(new URL('../../golden/', import.meta.url));

const units: Unit[] = [
  ...loadExamples().map((e) => ({ name: e.name, source: e.source })),
  ...SNIPPETS.map((s) => ({ name: `snippet-${s.name}`, source: s.source })),
  // The golden-test sources (owned by the golden test) are more feature coverage for free.
  ...(existsSync(GOLDEN_DIR) ? readdirSync(GOLDEN_DIR).filter((f) => f.endsWith('.live')) : []).map((f) => ({
    name: `golden-${f.replace('.live', '')}`,
    source: readFileSync(`${GOLDEN_DIR}${f}`, 'utf8'),
  })),
];

/** Every render form of every unit: function mode, and program mode for each kernel. */
function allRenders(): SourceFile[] {
  const out: SourceFile[] = [];
  for (const u of units) {
    const kernels = analyze(u.source).program!.kernels.map((k) => k.name);
    for (const parallel of [false, true]) {
      const form = parallel ? 'par' : 'seq';
      out.push({ id: `${u.name}-${form}-function`, code: renderGo(u.source, { parallel }).code });
      for (const entry of kernels) {
        out.push({ id: `${u.name}-${form}-program-${entry}`, code: renderGo(u.source, { parallel, mode: 'program', entry }).code });
      }
    }
    out.push({ id: `${u.name}-baked`, code: renderGo(u.source, { params: 'baked' }).code });
  }
  return out;
}

function findings(report: ReadonlyMap<string, string | null>): string[] {
  return [...report].filter(([, f]) => f !== null).map(([id, f]) => `${id}:\n${f}`);
}

function failures(verdicts: readonly Verdict[]): string[] {
  return verdicts.filter((v) => !v.ok).map((v) => `${v.id}: ${v.detail}`);
}

test('every render is a gofmt fixed point and passes go vet', async (t) => {
  if (!(await requireToolchain(t, 'go'))) return;
  const renders = allRenders();
  assert.deepEqual(findings(await checkGofmt(renders)), []);
  assert.deepEqual(findings(await goVet(renders)), []);
});

test('examples agree with the interpreter (sequential, parallel, baked)', async (t) => {
  if (!(await requireToolchain(t, 'go'))) return;
  const cases: RunCase[] = corpusCases().map((c) => ({
    id: `${c.example}.${c.kernel}`,
    source: c.source,
    kernel: c.kernel,
    input: JSON.stringify({ args: c.input.args, params: c.input.params }),
  }));
  const verdicts = await runAgainstInterpreter(cases, [{ parallel: false }, { parallel: true }, { parallel: false, baked: true }]);
  t.diagnostic(`${verdicts.filter((v) => v.ok).length}/${verdicts.length} example runs agree`);
  assert.deepEqual(failures(verdicts), []);
});

test('feature snippets agree with the interpreter (sequential, parallel, baked)', async (t) => {
  if (!(await requireToolchain(t, 'go'))) return;
  const cases: RunCase[] = SNIPPETS.flatMap((s) =>
    Object.entries(s.inputs).flatMap(([kernel, inputs]) =>
      inputs.map((input, i) => ({
        id: `${s.name}.${kernel}.${i}`,
        source: s.source,
        kernel,
        input: JSON.stringify({ args: input.args, params: input.params ?? {} }),
      })),
    ),
  );
  const verdicts = await runAgainstInterpreter(cases, [{ parallel: false }, { parallel: true }, { parallel: false, baked: true }]);
  assert.deepEqual(failures(verdicts), []);
});

// Inputs past several chunks (chunkCount gives min(n/4096, GOMAXPROCS) chunks), with the
// interesting elements (NaN, the first match, a zero divisor) placed on chunk boundaries.
const PARALLEL_SOURCE = `
kernel collect(xs: [f64]) -> [f64] { xs.map(x => x * 2.0) }
kernel kept(xs: [f64]) -> [f64] { xs.filter(x => x > 0.0).map(x => x + 1.0) }
kernel indexed(xs: [i64]) -> [i64] { xs.map_indexed((i, x) => i * x) }
kernel totals(xs: [i64]) -> { sum: i64, prod: i64, n: i64, mean: f64 } {
  { sum: xs.sum(x => x * 7), prod: xs.prod(x => x % 5 + 2), n: xs.count(x => x % 3 == 0), mean: xs.filter(x => x > 0).mean() }
}
kernel extremes(xs: [f64]) -> { lo: f64, hi: f64, lo_pos: f64 } {
  { lo: xs.min(), hi: xs.max(x => -x), lo_pos: xs.filter(x => x > 0.0).min() }
}
kernel int_extremes(xs: [i64]) -> { lo: i64, hi: i64 } { { lo: xs.min(x => x * 3), hi: xs.max() } }
kernel flags(xs: [i64]) -> { some: bool, every: bool } { { some: xs.any(x => x == 15000), every: xs.all(x => x < 20000) } }
kernel groups(xs: [i64]) -> [{ k: i64, n: i64, s: i64, lo: i64, m: f64 }] {
  xs.group_by(x => x % 7).agg(g => { k: g.key, n: g.count(), s: g.sum(x => x), lo: g.min(x => x), m: g.mean(x => x) })
}
kernel ranged(n: i64) -> i64 { range(3, n).map(k => k * k).sum() }
kernel dot(xs: [f64], ys: [f64]) -> f64 { xs.zip(ys, (a, b) => a * b).sum() }
kernel failing(xs: [i64]) -> i64 { xs.map(x => 1000 / x).sum() }
`;

test('parallel loops split over several chunks agree with the interpreter', async (t) => {
  if (!(await requireToolchain(t, 'go'))) return;
  const n = 20000;
  const ints = Array.from({ length: n }, (_, i) => ((i * 7919) % 20011) - 5000);
  const floats = ints.map((x) => x / 8);
  const withNaN = (positions: number[]): unknown[] => floats.map((x, i) => (positions.includes(i) ? 'NaN' : x));
  const boundaries = [5000, 10000, 15000];
  const input = (args: unknown): string => JSON.stringify({ args, params: {} });
  const cases: RunCase[] = [
    { id: 'collect', kernel: 'collect', input: input({ xs: floats }) },
    { id: 'kept', kernel: 'kept', input: input({ xs: floats }) },
    { id: 'indexed', kernel: 'indexed', input: input({ xs: ints }) },
    { id: 'totals', kernel: 'totals', input: input({ xs: ints }) },
    { id: 'extremes', kernel: 'extremes', input: input({ xs: withNaN(boundaries) }) },
    { id: 'extremes-first-nan', kernel: 'extremes', input: input({ xs: withNaN([0, ...boundaries]) }) },
    { id: 'int-extremes', kernel: 'int_extremes', input: input({ xs: ints }) },
    { id: 'flags', kernel: 'flags', input: input({ xs: ints.map((x, i) => (i === 10000 ? 15000 : x)) }) },
    { id: 'groups', kernel: 'groups', input: input({ xs: ints }) },
    { id: 'ranged', kernel: 'ranged', input: input({ n }) },
    { id: 'dot', kernel: 'dot', input: input({ xs: floats, ys: floats.slice(1) }) },
    { id: 'failing', kernel: 'failing', input: input({ xs: ints.map((x, i) => (i === 15000 ? 0 : x === 0 ? 1 : x)) }) },
  ].map((c) => ({ ...c, source: PARALLEL_SOURCE }));
  const saved = process.env.GOMAXPROCS;
  process.env.GOMAXPROCS = '4';
  try {
    const verdicts = await runAgainstInterpreter(cases, [{ parallel: true }]);
    assert.deepEqual(failures(verdicts), []);
  } finally {
    if (saved === undefined) delete process.env.GOMAXPROCS;
    else process.env.GOMAXPROCS = saved;
  }
});

test(`${GENERATED} generated programs agree with the interpreter (sequential and parallel)`, async (t: TestContext) => {
  if (!(await requireToolchain(t, 'go'))) return;
  const cases: RunCase[] = sampleCases(GENERATED, 20261126).map((g, i) => ({
    id: `gen${i}`,
    source: g.source,
    kernel: g.kernel,
    input: JSON.stringify(g.input),
  }));
  const verdicts = await runAgainstInterpreter(cases);
  t.diagnostic(`${verdicts.filter((v) => v.ok).length}/${verdicts.length} generated runs agree`);
  assert.deepEqual(failures(verdicts), []);
});
