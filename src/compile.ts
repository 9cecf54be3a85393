// The library API: source → per-target renders. Pure and synchronous; the server runs it in workers.

import { analyze, type AnalyzeResult } from './lang/frontend.js';
import type { Limits } from './lang/limits.js';
import { bakeParams } from './ir/bake.js';
import { foldConstants } from './ir/fold.js';
import type { Program, ScalarValue } from './ir/ir.js';
import { diag, type Diagnostic } from './diagnostics.js';
import { DEFAULT_FLAGS, type EmitResult, type Flags, type Reason, type TargetName } from './targets/target.js';
import { getTarget } from './targets/registry.js';
import { checkEntry, checkParamValues } from './params.js';

export interface CompileOptions extends Partial<Flags> {
  readonly target?: TargetName;
  readonly targets?: readonly TargetName[];
  /** Values to bake in (params: 'baked'); params not named keep their defaults. */
  readonly paramValues?: Readonly<Record<string, ScalarValue>>;
  readonly limits?: Partial<Limits>;
}

export interface Timings {
  parse: number;
  check: number;
  lower: number;
  passes: number;
  emit: number;
}

export interface TargetRender {
  readonly target: TargetName;
  readonly code: string;
  readonly degraded: boolean;
  readonly reasons: readonly Reason[];
  readonly diagnostics: readonly Diagnostic[];
  /** Milliseconds; parse/check/lower/passes are shared by all targets of one compile. */
  readonly timings: Timings;
}

export interface CompileResult {
  /** Front-end diagnostics (errors mean no target rendered). */
  readonly diagnostics: readonly Diagnostic[];
  readonly renders: readonly TargetRender[];
  /** The optimised IR every target was rendered from (null on front-end errors). */
  readonly program: Program | null;
  /** Milliseconds of the stages every target shares. */
  readonly timings: Omit<Timings, 'emit'>;
}

/** A defect in one emitter becomes that target's diagnostic; the other targets still render. */
function emitIsolated(name: TargetName, program: Program, flags: Flags): EmitResult {
  const target = getTarget(name);
  try {
    return target.emit(program, flags);
  } catch (error) {
    const message = `The ${target.displayName} renderer failed on this program (${(error as Error).message}). This is a bug in Code Live; the other targets are unaffected.`;
    return { code: '', degraded: false, reasons: [], diagnostics: [diag('CL6999', 'Internal renderer error', message, null)] };
  }
}

export function compile(source: string, options: CompileOptions = {}): CompileResult {
  return compileAnalysed(analyze(source, options.limits), options);
}

/**
 * compile() from a front-end result: the passes and the emitters. Callers that render one source
 * many times (a worker while a slider moves) analyse it once and come here for each render; the
 * passes never modify `front`.
 */
export function compileAnalysed(front: AnalyzeResult, options: CompileOptions = {}): CompileResult {
  const flags: Flags = {
    parallel: options.parallel ?? DEFAULT_FLAGS.parallel,
    params: options.params ?? DEFAULT_FLAGS.params,
    mode: options.mode ?? DEFAULT_FLAGS.mode,
    ...(options.entry === undefined ? {} : { entry: options.entry }),
    ...(options.dialect === undefined ? {} : { dialect: options.dialect }),
  };
  const targets = options.targets ?? (options.target ? [options.target] : []);
  const shared = { ...front.timings, passes: 0 };
  if (!front.program) return { diagnostics: front.diagnostics, renders: [], program: null, timings: shared };

  const t0 = performance.now();
  const valueErrors = [...checkParamValues(front.program, options.paramValues ?? {}), ...checkEntry(front.program, flags)];
  if (valueErrors.length > 0) return { diagnostics: valueErrors, renders: [], program: null, timings: shared };
  const program =
    flags.params === 'baked' ? bakeParams(front.program, options.paramValues ?? {}) : foldConstants(front.program);
  shared.passes = performance.now() - t0;

  const renders = targets.map((name): TargetRender => {
    const start = performance.now();
    const out = emitIsolated(name, program, flags);
    return { target: name, ...out, timings: { ...shared, emit: performance.now() - start } };
  });
  return { diagnostics: front.diagnostics, renders, program, timings: shared };
}
