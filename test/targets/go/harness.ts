// Shared by the Go target's tests: render a source with the Go emitter alone (no registry, so
// these tests run while other targets are being written), and judge program-mode runs against
// the reference interpreter.

import { analyze } from '../../../src/lang/frontend.js';
import { bakeParams } from '../../../src/ir/bake.js';
import { foldConstants } from '../../../src/ir/fold.js';
import { interpret, RuntimeError } from '../../../src/ir/interp.js';
import type { Program, ScalarValue } from '../../../src/ir/ir.js';
import { compareValues, parseInput, valueToJson } from '../../../src/ir/values.js';
import { formatDiagnostic } from '../../../src/diagnostics.js';
import { goTarget } from '../../../src/targets/go/index.js';
import type { EmitResult, Flags } from '../../../src/targets/target.js';
import { buildBatch, runProgram, type BatchBinary, type ProgramSource } from '../../../src/toolchain/index.js';

export function frontEnd(source: string): Program {
  const front = analyze(source);
  if (!front.program) throw new Error(front.diagnostics.map((d) => formatDiagnostic(d)).join('\n'));
  return front.program;
}

export interface RenderOptions extends Partial<Flags> {
  readonly paramValues?: Readonly<Record<string, ScalarValue>>;
}

/** The Go render of `source`, after the same passes `compile` runs. */
export function renderGo(source: string, options: RenderOptions = {}): EmitResult {
  const flags: Flags = {
    parallel: options.parallel ?? false,
    params: options.params ?? 'runtime',
    mode: options.mode ?? 'function',
    ...(options.entry === undefined ? {} : { entry: options.entry }),
  };
  const program = frontEnd(source);
  const passed = flags.params === 'baked' ? bakeParams(program, options.paramValues ?? {}) : foldConstants(program);
  return goTarget.emit(passed, flags);
}

export interface RunCase {
  readonly id: string;
  readonly source: string;
  readonly kernel: string;
  /** Program-mode stdin: `{"args": {...}, "params": {...}}`. */
  readonly input: string;
}

export interface Verdict {
  readonly id: string;
  readonly ok: boolean;
  readonly detail: string;
}

type Expected = { json: string; program: Program } | { error: string; program: Program };

function expected(c: RunCase): Expected {
  const program = frontEnd(c.source);
  const input = parseInput(c.input, c.kernel, program);
  try {
    const kernel = program.kernels.find((k) => k.name === c.kernel)!;
    return { json: valueToJson(interpret(program, c.kernel, input.args, input.params), kernel.ret), program };
  } catch (error) {
    if (error instanceof RuntimeError) return { error: error.code, program };
    throw error;
  }
}

/**
 * Renders every case in program mode (sequential and parallel, or the given variants), builds
 * them as one Go batch, runs each and compares with the interpreter (f64 tolerance 1e-9).
 */
async function judge(batch: BatchBinary, job: { id: string; c: RunCase; want: Expected }): Promise<Verdict> {
  const compileError = batch.compileErrors.get(job.id);
  if (compileError !== undefined) return { id: job.id, ok: false, detail: `does not compile: ${compileError}` };
  const run = await runProgram(batch, job.id, job.c.input);
  const failed = run.exitCode !== 0;
  if ('error' in job.want) {
    const ok = failed && run.stderr.startsWith('error: ');
    return { id: job.id, ok, detail: ok ? '' : `expected ${job.want.error}, got exit ${run.exitCode}: ${run.stdout}${run.stderr}` };
  }
  if (failed) return { id: job.id, ok: false, detail: `exit ${run.exitCode}: ${run.stderr.slice(0, 1000)}` };
  const kernel = job.want.program.kernels.find((k) => k.name === job.c.kernel)!;
  const diff = compareValues(job.want.json, run.stdout.trim(), kernel.ret, { relative: 1e-9 });
  return { id: job.id, ok: diff === null, detail: diff ?? '' };
}

export async function runAgainstInterpreter(
  cases: readonly RunCase[],
  variants: readonly { parallel: boolean; baked?: boolean }[] = [{ parallel: false }, { parallel: true }],
): Promise<Verdict[]> {
  const programs: ProgramSource[] = [];
  const jobs: { id: string; c: RunCase; want: Expected }[] = [];
  const verdicts: Verdict[] = [];
  for (const c of cases) {
    const want = expected(c);
    for (const v of variants) {
      const id = `${c.id}-${v.parallel ? 'par' : 'seq'}${v.baked ? '-baked' : ''}`;
      const paramValues = v.baked ? parseInput(c.input, c.kernel, want.program).params : undefined;
      const render = renderGo(c.source, {
        mode: 'program',
        entry: c.kernel,
        parallel: v.parallel,
        params: v.baked ? 'baked' : 'runtime',
        ...(paramValues ? { paramValues } : {}),
      });
      programs.push({ id, code: render.code, parallel: v.parallel });
      jobs.push({ id, c, want });
    }
  }
  const batch = await buildBatch('go', programs);
  try {
    // A few runs at a time: each is a short process.
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < jobs.length) {
        const job = jobs[next++]!;
        verdicts.push(await judge(batch, job));
      }
    };
    await Promise.all([worker(), worker(), worker(), worker()]);
  } finally {
    await batch.dispose();
  }
  return verdicts;
}
