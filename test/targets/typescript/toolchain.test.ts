// The TypeScript emitter held to the real tools: every render of every example and feature
// snippet must pass `tsc --strict` (one run), and program-mode renders must print exactly what
// the reference interpreter computes, on the example inputs, the snippet inputs and generated
// programs. Runtime errors must exit 1 with `error: ...` on stderr.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyze } from '../../../src/lang/frontend.js';
import { bakeParams } from '../../../src/ir/bake.js';
import { foldConstants } from '../../../src/ir/fold.js';
import { interpret, RuntimeError } from '../../../src/ir/interp.js';
import type { Program } from '../../../src/ir/ir.js';
import { parseInput, valueToJson } from '../../../src/ir/values.js';
import type { Flags } from '../../../src/targets/target.js';
import { typescriptTarget } from '../../../src/targets/typescript/index.js';
import { buildBatch, runProgram, tscStrict, type ProgramSource } from '../../../src/toolchain/index.js';
import { requireToolchain } from '../../../src/toolchain/require-toolchain.js';
import { loadExamples } from '../../../src/verify/corpus.js';
import { describeCase, sampleCases } from '../../support/gen.js';
import { SNIPPETS } from './snippets.js';

interface Source {
  readonly name: string;
  readonly source: string;
}

interface RunCase {
  readonly id: string;
  readonly source: string;
  readonly kernel: string;
  /** Program-mode stdin. */
  readonly input: string;
  readonly params: Flags['params'];
  /** Shown when the case fails. */
  readonly describe: string;
}

const GENERATED = sampleCases(100, 20240611);

const SOURCES: readonly Source[] = [
  ...loadExamples().map((e) => ({ name: `example ${e.name}`, source: e.source })),
  ...SNIPPETS.map((s) => ({ name: `snippet ${s.name}`, source: s.source })),
];

function lowered(source: string): Program {
  const { program, diagnostics } = analyze(source);
  if (program === null) throw new Error(`front-end errors: ${diagnostics.map((d) => d.message).join('; ')}`);
  return program;
}

function render(program: Program, flags: Flags): string {
  const out = typescriptTarget.emit(program, flags);
  assert.deepEqual(out.diagnostics, []);
  return out.code;
}

/** What the interpreter prints for `input`, or the error it raises. */
function expected(program: Program, kernel: string, input: string): { json: string } | { error: string } {
  const { args, params } = parseInput(input, kernel, program);
  try {
    const ret = program.kernels.find((k) => k.name === kernel)!.ret;
    return { json: valueToJson(interpret(program, kernel, args, params), ret) };
  } catch (error) {
    if (error instanceof RuntimeError) return { error: error.code };
    throw error;
  }
}

/** Builds every case in one batch, runs them two at a time, and returns the failures. */
async function runAll(cases: readonly RunCase[]): Promise<string[]> {
  const programs: ProgramSource[] = cases.map((c) => {
    const folded = foldConstants(lowered(c.source));
    const program = c.params === 'baked' ? bakeParams(folded, parseInput(c.input, c.kernel, folded).params) : folded;
    return { id: c.id, code: render(program, { parallel: false, params: c.params, mode: 'program', entry: c.kernel }), parallel: false };
  });
  const batch = await buildBatch('typescript', programs);
  const failures: string[] = [];
  try {
    assert.deepEqual([...batch.compileErrors], []);
    let next = 0;
    const worker = async (): Promise<void> => {
      for (let i = next++; i < cases.length; i = next++) {
        const c = cases[i]!;
        const want = expected(foldConstants(lowered(c.source)), c.kernel, c.input);
        const got = await runProgram(batch, c.id, c.input);
        const ok =
          'json' in want
            ? got.exitCode === 0 && got.stdout === `${want.json}\n`
            : got.exitCode === 1 && got.stdout === '' && /^error: \S/.test(got.stderr);
        if (!ok) {
          failures.push(`${c.id} (${c.params} params): expected ${JSON.stringify(want)}, got exit ${got.exitCode} ${JSON.stringify(got.stdout)} ${JSON.stringify(got.stderr)}\n${c.describe}`);
        }
      }
    };
    await Promise.all([worker(), worker()]);
  } finally {
    await batch.dispose();
  }
  return failures;
}

test('every render of every example, snippet and generated program passes tsc --strict (one run)', async (t) => {
  if (!(await requireToolchain(t, 'typescript'))) return;
  const files: { id: string; code: string }[] = [];
  for (const { name, source } of SOURCES) {
    const folded = foldConstants(lowered(source));
    const baked = bakeParams(lowered(source), {});
    for (const [params, program] of [['runtime', folded], ['baked', baked]] as const) {
      for (const parallel of [false, true]) {
        files.push({ id: `${name} ${params} parallel=${parallel}`, code: render(program, { parallel, params, mode: 'function' }) });
      }
      for (const kernel of program.kernels) {
        files.push({ id: `${name} ${params} program ${kernel.name}`, code: render(program, { parallel: false, params, mode: 'program', entry: kernel.name }) });
      }
    }
  }
  GENERATED.forEach((c, i) => {
    const program = foldConstants(lowered(c.source));
    files.push({ id: `generated ${i}`, code: render(program, { parallel: false, params: 'runtime', mode: 'program', entry: c.kernel }) });
  });
  const report = await tscStrict(files);
  const errors = [...report].filter(([, findings]) => findings !== null);
  assert.deepEqual(errors, [], `${errors.length} of ${files.length} files fail tsc --strict`);
});

test('program mode prints what the interpreter computes on every example input', async (t) => {
  if (!(await requireToolchain(t, 'typescript'))) return;
  const cases: RunCase[] = loadExamples().flatMap((ex) =>
    Object.entries(ex.inputs).flatMap(([kernel, input]) =>
      (['runtime', 'baked'] as const).map((params) => ({
        id: `${ex.name}.${kernel}.${params}`,
        source: ex.source,
        kernel,
        input: JSON.stringify({ args: input.args, params: input.params }),
        params,
        describe: `examples/${ex.name}.live`,
      })),
    ),
  );
  assert.deepEqual(await runAll(cases), []);
});

test('program mode prints what the interpreter computes on every feature snippet', async (t) => {
  if (!(await requireToolchain(t, 'typescript'))) return;
  const cases: RunCase[] = SNIPPETS.flatMap((s) =>
    s.runs.flatMap((r, i) =>
      (['runtime', 'baked'] as const).map((params) => ({
        id: `${s.name}.${r.kernel}.${i}.${params}`,
        source: s.source,
        kernel: r.kernel,
        input: r.input,
        params,
        describe: `snippet ${s.name}, input ${r.input}`,
      })),
    ),
  );
  assert.deepEqual(await runAll(cases), []);
});

test('program mode agrees with the interpreter on generated programs', async (t) => {
  if (!(await requireToolchain(t, 'typescript'))) return;
  const cases: RunCase[] = GENERATED.map((c, i) => ({
    id: `generated.${i}`,
    source: c.source,
    kernel: c.kernel,
    input: JSON.stringify(c.input),
    params: 'runtime',
    describe: describeCase(c),
  }));
  assert.deepEqual(await runAll(cases), []);
});
