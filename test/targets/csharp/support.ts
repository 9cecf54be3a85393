// Shared by the C# tests: render a source to C#, compute what the interpreter says, and run
// many programs of one batch with a small concurrency (the machine has two cores).

import { analyze } from '../../../src/lang/frontend.js';
import { bakeParams } from '../../../src/ir/bake.js';
import { foldConstants } from '../../../src/ir/fold.js';
import { interpret, RuntimeError } from '../../../src/ir/interp.js';
import type { Program } from '../../../src/ir/ir.js';
import { compareValues, parseInput, valueToJson } from '../../../src/ir/values.js';
import { formatDiagnostic } from '../../../src/diagnostics.js';
import { csharpTarget } from '../../../src/targets/csharp/index.js';
import type { EmitResult, Flags } from '../../../src/targets/target.js';
import { runProgram, type BatchBinary } from '../../../src/toolchain/index.js';

/** What the compile driver does for one target (src/compile.ts), without the target registry. */
export function renderCSharp(source: string, flags: Partial<Flags> & { paramValues?: Record<string, unknown> } = {}): EmitResult {
  const front = analyze(source);
  if (!front.program) throw new Error(front.diagnostics.map((d) => formatDiagnostic(d)).join('\n'));
  const full: Flags = { parallel: flags.parallel ?? false, params: flags.params ?? 'runtime', mode: flags.mode ?? 'function', ...(flags.entry ? { entry: flags.entry } : {}) };
  const program = full.params === 'baked' ? bakeParams(front.program, bakedValues(front.program, flags.paramValues ?? {})) : foldConstants(front.program);
  return csharpTarget.emit(program, full);
}

/** Param values from program-mode JSON (`{"threshold": 0.75}`) as the IR's scalar values. */
function bakedValues(program: Program, json: Record<string, unknown>): Record<string, bigint | number | boolean> {
  const out: Record<string, bigint | number | boolean> = {};
  for (const p of program.params) {
    if (!Object.hasOwn(json, p.name)) continue;
    const v = json[p.name];
    out[p.name] = p.type.kind === 'i64' ? BigInt(v as number) : (v as number | boolean);
  }
  return out;
}

export type Expected = { readonly json: string; readonly program: Program } | { readonly error: string; readonly program: Program };

/** The interpreter's answer for `kernel` on the program-mode `input` document. */
export function expectedOutput(source: string, kernel: string, input: string): Expected {
  const front = analyze(source);
  if (!front.program) throw new Error(`front-end errors in\n${source}`);
  const program = front.program;
  const decl = program.kernels.find((k) => k.name === kernel);
  if (!decl) throw new Error(`no kernel ${kernel}`);
  const { args, params } = parseInput(input, kernel, program);
  try {
    return { json: valueToJson(interpret(program, kernel, args, params), decl.ret), program };
  } catch (error) {
    if (error instanceof RuntimeError) return { error: error.code, program };
    throw error;
  }
}

export interface RunCase {
  /** The program's id in the batch. */
  readonly program: string;
  /** Names this run in reports (a program may run on several inputs). */
  readonly label: string;
  readonly source: string;
  readonly kernel: string;
  readonly input: string;
}

export interface Disagreement {
  readonly label: string;
  readonly problem: string;
}

/** Runs every case of `batch` and returns each disagreement with the interpreter, by label. */
export async function disagreements(batch: BatchBinary, cases: readonly RunCase[], concurrency = 2): Promise<Disagreement[]> {
  const found: Disagreement[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < cases.length) {
      const c = cases[next++]!;
      const problem = await judge(batch, c);
      if (problem !== null) found.push({ label: c.label, problem });
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return found.sort((a, b) => (a.label < b.label ? -1 : a.label > b.label ? 1 : 0));
}

async function judge(batch: BatchBinary, c: RunCase): Promise<string | null> {
  const compileError = batch.compileErrors.get(c.program);
  if (compileError !== undefined) return `does not compile:\n${compileError}`;
  const want = expectedOutput(c.source, c.kernel, c.input);
  const run = await runProgram(batch, c.program, c.input);
  if ('error' in want) {
    if (run.exitCode === 1 && run.stderr.startsWith('error: ')) return null;
    return `expected ${want.error} (exit 1, "error: ..." on stderr), got exit ${run.exitCode}: ${run.stdout.trim()} ${run.stderr.trim()}`;
  }
  if (run.exitCode !== 0) return `exit ${run.exitCode}: ${run.stderr.trim().slice(0, 500)}`;
  const ret = want.program.kernels.find((k) => k.name === c.kernel)!.ret;
  return compareValues(want.json, run.stdout.trim(), ret, { relative: 1e-9 });
}
