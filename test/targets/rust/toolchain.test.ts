// The Rust emitter held to the real tools: every render of every example, feature snippet and a
// sample of generated programs (function and program mode, sequential and parallel) must be
// byte-identical under `rustfmt --edition 2021` and pass `clippy -D warnings`; program-mode
// renders must print what the reference interpreter computes (runtime params, baked params,
// parallel), and a runtime error must print `error: …` and exit with status 1.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyze } from '../../../src/lang/frontend.js';
import { foldConstants } from '../../../src/ir/fold.js';
import { rustTarget } from '../../../src/targets/rust/index.js';
import type { Flags } from '../../../src/targets/target.js';
import { buildAndRun, checkRustfmt, clippy, type ProgramSource } from '../../../src/toolchain/index.js';
import { requireToolchain } from '../../../src/toolchain/require-toolchain.js';
import { PARALLEL, runDifferential, SEQUENTIAL, type DifferentialCase } from '../../../src/verify/differential.js';
import { loadExamples } from '../../../src/verify/corpus.js';
import { describeCase, sampleCases } from '../../support/gen.js';
import { SNIPPETS } from './snippets.js';

const GENERATED = sampleCases(60, 20240611);
const BAKED = { parallel: false, params: 'baked' } as const;

interface Render extends ProgramSource {
  readonly describe: string;
}

const SOURCES = [
  ...loadExamples().map((e) => ({ name: `example-${e.name}`, source: e.source })),
  ...SNIPPETS.map((s) => ({ name: `snippet-${s.name}`, source: s.source })),
  ...GENERATED.map((c, i) => ({ name: `generated-${i}`, source: c.source })),
];

function renderAll(): Render[] {
  const out: Render[] = [];
  for (const { name, source } of SOURCES) {
    const { program, diagnostics } = analyze(source);
    if (!program) throw new Error(`${name}: ${diagnostics.map((d) => d.message).join('; ')}`);
    const folded = foldConstants(program);
    for (const parallel of [false, true]) {
      const flags: Flags = { parallel, params: 'runtime', mode: 'function' };
      const variants: [string, Flags][] = [
        ['function', flags],
        ...folded.kernels.map((k): [string, Flags] => [`program-${k.name}`, { ...flags, mode: 'program', entry: k.name }]),
      ];
      for (const [mode, f] of variants) {
        const result = rustTarget.emit(folded, f);
        assert.deepEqual(result.diagnostics, [], name);
        const id = `${name}-${mode}-${parallel ? 'par' : 'seq'}`;
        out.push({ id, code: result.code, parallel, describe: `${id}\n${source}` });
      }
    }
  }
  return out;
}

const RENDERS = renderAll();

function failures(report: ReadonlyMap<string, string | null>): string[] {
  return RENDERS.flatMap((r) => {
    const finding = report.get(r.id);
    return finding ? [`${r.describe}\n${finding}`] : [];
  });
}

test('every render is exactly what rustfmt would print', async (t) => {
  if (!(await requireToolchain(t, 'rustfmt'))) return;
  const bad = failures(await checkRustfmt(RENDERS));
  assert.equal(bad.length, 0, bad.slice(0, 3).join('\n\n'));
});

test('every render passes clippy with -D warnings', async (t) => {
  if (!(await requireToolchain(t, 'clippy')) || !(await requireToolchain(t, 'rayon'))) return;
  // Function-mode renders are libraries: in a test binary their pub items would be dead code.
  const programs = RENDERS.map((r) => (r.id.includes('-function-') ? { ...r, code: `#![allow(dead_code)]\n${r.code}\nfn main() {}\n` } : r));
  const bad = failures(await clippy(programs));
  assert.equal(bad.length, 0, bad.slice(0, 3).join('\n\n'));
});

function corpusCases(): DifferentialCase[] {
  const examples = loadExamples().flatMap((e) =>
    Object.entries(e.inputs).map(([kernel, input]) => ({
      id: `${e.name}/${kernel}`,
      source: e.source,
      kernel,
      input: JSON.stringify({ args: input.args, params: input.params }),
    })),
  );
  const snippets = SNIPPETS.flatMap((s) =>
    Object.entries(s.inputs).flatMap(([kernel, inputs]) =>
      inputs.map((input, i) => ({ id: `${s.name}/${kernel}/${i}`, source: s.source, kernel, input: JSON.stringify({ args: input.args, params: input.params ?? {} }) })),
    ),
  );
  return [...examples, ...snippets];
}

async function assertAgrees(cases: readonly DifferentialCase[], describe: (id: string) => string): Promise<void> {
  const results = await runDifferential(cases, { targets: ['rust'], variants: [SEQUENTIAL, PARALLEL, BAKED] });
  const bad = results.filter((r) => r.outcome !== 'pass' && r.outcome !== 'reassociated');
  const report = bad.slice(0, 3).map((r) => `${r.id} ${JSON.stringify(r.variant)} ${r.outcome}: ${r.detail ?? ''}\n${describe(r.id)}`);
  assert.equal(bad.length, 0, `${bad.length} of ${results.length} disagree\n${report.join('\n\n')}`);
}

test('program mode agrees with the interpreter on the examples and snippets', async (t) => {
  if (!(await requireToolchain(t, 'rust')) || !(await requireToolchain(t, 'rayon'))) return;
  await assertAgrees(corpusCases(), (id) => id);
});

test('program mode agrees with the interpreter on generated programs', async (t) => {
  if (!(await requireToolchain(t, 'rust')) || !(await requireToolchain(t, 'rayon'))) return;
  const cases = GENERATED.map((c, i) => ({ id: `generated-${i}`, source: c.source, kernel: c.kernel, input: JSON.stringify(c.input) }));
  await assertAgrees(cases, (id) => describeCase(GENERATED[Number(id.slice('generated-'.length))]!));
});

test('a runtime error prints `error: <message>` on stderr and exits with status 1', async (t) => {
  if (!(await requireToolchain(t, 'rust'))) return;
  const { program } = analyze('kernel div(a: i64, b: i64) -> i64 { a / b }');
  const code = rustTarget.emit(foldConstants(program!), { parallel: false, params: 'runtime', mode: 'program' }).code;
  const run = await buildAndRun('rust', code, '{"args": {"a": 1, "b": 0}, "params": {}}', { parallel: false });
  assert.equal(run.exitCode, 1);
  assert.equal(run.stdout, '');
  assert.match(run.stderr, /^error: attempt to divide by zero\n$/);
});

test('a line too long for any width (a 100 KB string literal) is left long, as rustfmt leaves it', async (t) => {
  const literal = 'x'.repeat(100_000);
  const { program } = analyze(`kernel only(xs: [str]) -> [str] {\n  xs.filter(x => x == "${literal}")\n}\n`);
  assert.ok(program);
  const result = rustTarget.emit(program, { parallel: false, params: 'runtime', mode: 'function' });
  assert.deepEqual(result.diagnostics, []);
  assert.ok(result.code.includes(`x == "${literal}"`));
  if (!(await requireToolchain(t, 'rustfmt'))) return;
  const report = await checkRustfmt([{ id: 'long-literal', code: result.code }]);
  assert.equal(report.get('long-literal') ?? null, null);
});
