// Differential checking: run kernels on real toolchains and compare with the reference
// interpreter. Used by `codelive check` and by the differential test-suite.

import { compile } from '../compile.js';
import { analyze } from '../lang/frontend.js';
import { formatDiagnostic } from '../diagnostics.js';
import { interpret, RuntimeError } from '../ir/interp.js';
import type { Program, ScalarValue } from '../ir/ir.js';
import { isReassociationSensitive } from './reassociation.js';
import { compareValues, parseInput, valueToJson } from '../ir/values.js';
import { buildBatch, runProgram, type BatchBinary, type BuildTarget, type ProgramSource } from '../toolchain/index.js';

export interface DifferentialCase {
  /** Unique within one run; shows up in reports. */
  readonly id: string;
  readonly source: string;
  readonly kernel: string;
  /** The program-mode stdin document: `{"args": {...}, "params": {...}}`. */
  readonly input: string;
}

export type Outcome =
  /** Same value as the interpreter, or both failed at run time. */
  | 'pass'
  /** A different value, or only one of the two failed. */
  | 'mismatch'
  /**
   * A parallel render differs where the semantics allow it: a reassociated f64 sum feeds a
   * discontinuous operation (src/verify/reassociation.ts). Not a failure; counted apart.
   */
  | 'reassociated'
  /** The target rendered a diagnostic, or the rendered code did not compile. */
  | 'build-error'
  /** The interpreter itself could not run the case (bad input, front-end error). */
  | 'invalid';

export interface CaseResult {
  readonly id: string;
  readonly target: BuildTarget;
  readonly variant: Variant;
  readonly outcome: Outcome;
  readonly detail?: string;
}

export interface Variant {
  readonly parallel: boolean;
  /** 'baked' folds the case's param values into the code. */
  readonly params: 'runtime' | 'baked';
}

export const SEQUENTIAL: Variant = { parallel: false, params: 'runtime' };
export const PARALLEL: Variant = { parallel: true, params: 'runtime' };

export function variantName(v: Variant): string {
  return `${v.parallel ? 'parallel' : 'sequential'}${v.params === 'baked' ? '+baked' : ''}`;
}

/** The targets this module can build and run, with the tool each one needs. */
export const RUNNABLE_TARGETS: readonly BuildTarget[] = ['typescript', 'rust', 'go', 'csharp'];

export interface DifferentialOptions {
  readonly targets: readonly BuildTarget[];
  /** Which forms to render; default sequential and parallel with runtime params. */
  readonly variants?: readonly Variant[];
  /** Relative f64 tolerance (docs/language.md, "Summation order"). */
  readonly tolerance?: number;
  /** Processes run at once per batch. */
  readonly concurrency?: number;
  /** Programs per compiler run (default DEFAULT_BATCH_SIZE). */
  readonly batchSize?: number;
}

type Expected =
  | {
      readonly ok: true;
      readonly json: string;
      readonly program: Program;
      readonly kernel: string;
      /** The case's param values (defaults filled in), for baking. */
      readonly params: Readonly<Record<string, ScalarValue>>;
      readonly runtimeError?: string;
    }
  | { readonly ok: false; readonly error: string };

function renderCase(
  c: DifferentialCase,
  target: BuildTarget,
  variant: Variant,
  params: Readonly<Record<string, ScalarValue>>,
): { code: string; diagnostics: string[] } {
  const result = compile(c.source, {
    target,
    mode: 'program',
    entry: c.kernel,
    parallel: variant.parallel,
    params: variant.params,
    ...(variant.params === 'baked' ? { paramValues: params } : {}),
  });
  const render = result.renders[0];
  const diagnostics = [...result.diagnostics, ...(render?.diagnostics ?? [])].map((d) => formatDiagnostic(d));
  return { code: render?.code ?? '', diagnostics: render ? diagnostics : diagnostics.concat('no render') };
}

export const DEFAULT_TOLERANCE = 1e-9;

/** The interpreter's answer: canonical JSON, or the runtime error every target must also raise. */
export function expectedOutcome(c: DifferentialCase): Expected {
  // The oracle runs on the IR as lowered, before any pass, so a pass that changes meaning shows up.
  const front = analyze(c.source);
  if (!front.program) return { ok: false, error: front.diagnostics.map((d) => formatDiagnostic(d)).join('\n') };
  const program = front.program;
  const kernel = program.kernels.find((k) => k.name === c.kernel);
  if (!kernel) return { ok: false, error: `no kernel \`${c.kernel}\`` };
  try {
    const input = parseInput(c.input, c.kernel, program);
    const base = { ok: true as const, program, kernel: c.kernel, params: input.params };
    try {
      return { ...base, json: valueToJson(interpret(program, c.kernel, input.args, input.params), kernel.ret) };
    } catch (error) {
      if (error instanceof RuntimeError) return { ...base, json: '', runtimeError: error.code };
      throw error;
    }
  } catch (error) {
    return { ok: false, error: (error as Error).message };
  }
}

/** Outcomes that are not failures. */
export function isAgreement(outcome: Outcome): boolean {
  return outcome === 'pass' || outcome === 'reassociated';
}

export async function runDifferential(cases: readonly DifferentialCase[], options: DifferentialOptions): Promise<CaseResult[]> {
  const variants = options.variants ?? [SEQUENTIAL, PARALLEL];
  const tolerance = { relative: options.tolerance ?? DEFAULT_TOLERANCE };
  const expected = new Map(cases.map((c) => [c.id, expectedOutcome(c)]));
  const results: CaseResult[] = [];

  for (const target of options.targets) {
    const pending: Pending[] = [];
    for (const c of cases) {
      const want = expected.get(c.id)!;
      for (const variant of variants) {
        if (!want.ok) {
          results.push({ id: c.id, target, variant, outcome: 'invalid', detail: want.error });
          continue;
        }
        const render = renderCase(c, target, variant, want.params);
        if (render.diagnostics.length > 0) {
          results.push({ id: c.id, target, variant, outcome: 'build-error', detail: render.diagnostics.join('\n') });
          continue;
        }
        const program = { id: `${c.id}-${variantName(variant)}`, code: render.code, parallel: variant.parallel };
        pending.push({ c, variant, program });
      }
    }
    // Chunks keep each compiler run short (rustc's time grows with the crate) and let two
    // compilers use both cores; each chunk's programs run as soon as it is built.
    const chunks = chunked(pending, options.batchSize ?? DEFAULT_BATCH_SIZE);
    const judged = await mapConcurrently(chunks, 2, async (chunk) => {
      const batch = await buildBatch(target, chunk.map((p) => p.program));
      try {
        return await mapConcurrently(chunk, options.concurrency ?? 4, (p) =>
          judge(batch, p.program.id, p.c, expected.get(p.c.id)!, p.variant, tolerance),
        );
      } finally {
        await batch.dispose();
      }
    });
    const outcomes = judged.flat();
    chunks.flat().forEach((p, i) => results.push({ id: p.c.id, target, variant: p.variant, ...outcomes[i]! }));
  }
  return results;
}

interface Pending {
  readonly c: DifferentialCase;
  readonly variant: Variant;
  readonly program: ProgramSource;
}

/** Programs per compiler run. */
export const DEFAULT_BATCH_SIZE = 120;

function chunked<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

async function judge(
  batch: BatchBinary,
  programId: string,
  c: DifferentialCase,
  want: Expected,
  variant: Variant,
  tolerance: { relative: number },
): Promise<{ outcome: Outcome; detail?: string }> {
  if (!want.ok) return { outcome: 'invalid', detail: want.error };
  const compileError = batch.compileErrors.get(programId);
  if (compileError !== undefined) return { outcome: 'build-error', detail: compileError };
  const run = await runProgram(batch, programId, c.input);
  const failed = run.exitCode !== 0;
  if (want.runtimeError !== undefined && failed) return { outcome: 'pass' };
  if (want.runtimeError !== undefined) {
    const kernel = want.program.kernels.find((k) => k.name === want.kernel)!;
    const detail = `expected runtime error ${want.runtimeError}, got output ${run.stdout.trim()}`;
    return { outcome: variant.parallel && isReassociationSensitive(kernel) ? 'reassociated' : 'mismatch', detail };
  }
  const kernel = want.program.kernels.find((k) => k.name === want.kernel)!;
  const diff = failed
    ? `exit ${String(run.exitCode)}: ${run.stderr.trim().slice(0, 2000)}`
    : compareValues(want.json, run.stdout.trim(), kernel.ret, tolerance);
  if (diff === null) return { outcome: 'pass' };
  return { outcome: variant.parallel && isReassociationSensitive(kernel) ? 'reassociated' : 'mismatch', detail: diff };
}

async function mapConcurrently<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/** Pass counts per target and form, for the `check` table and the test-suite's summary. */
export interface SummaryRow {
  readonly target: BuildTarget;
  readonly form: string;
  readonly counts: Record<Outcome, number>;
}

export function summarize(results: readonly CaseResult[]): SummaryRow[] {
  const rows = new Map<string, SummaryRow>();
  for (const r of results) {
    const form = variantName(r.variant);
    const key = `${r.target}/${form}`;
    let row = rows.get(key);
    if (!row) {
      row = { target: r.target, form, counts: { pass: 0, mismatch: 0, reassociated: 0, 'build-error': 0, invalid: 0 } };
      rows.set(key, row);
    }
    row.counts[r.outcome]++;
  }
  return [...rows.values()];
}
