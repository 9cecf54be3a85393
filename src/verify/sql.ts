// SQL agreement with the reference interpreter, used by `codelive check` and the SQL tests:
// render a kernel in program mode for a dialect, run it on that dialect's embedded engine, and
// judge the output. A failure that a deviation the render reported explains is counted apart.

import { analyze } from '../lang/frontend.js';
import { bakeParams } from '../ir/bake.js';
import { foldConstants } from '../ir/fold.js';
import type { Program, ScalarValue } from '../ir/ir.js';
import { compareValues } from '../ir/values.js';
import { formatDiagnostic } from '../diagnostics.js';
import { sqlTarget } from '../targets/sql/index.js';
import type { EmitResult, Flags } from '../targets/target.js';
import type { SqlEngine } from '../toolchain/sql.js';
import { DEFAULT_TOLERANCE, expectedOutcome } from './differential.js';

/** The front end and passes as `compile()` runs them, then the SQL emitter. */
export function renderSql(source: string, flags: Partial<Flags>, paramValues: Readonly<Record<string, ScalarValue>> = {}): EmitResult {
  const front = analyze(source);
  if (!front.program) throw new Error(front.diagnostics.map((d) => formatDiagnostic(d)).join('\n'));
  const program: Program = flags.params === 'baked' ? bakeParams(front.program, paramValues) : foldConstants(front.program);
  return sqlTarget.emit(program, { parallel: false, params: 'runtime', mode: 'function', ...flags });
}

export type Verdict =
  /** Same value as the interpreter, or both failed at run time. */
  | { readonly kind: 'pass' }
  /** The render reports a diagnostic: SQL cannot express the kernel. */
  | { readonly kind: 'not-expressible'; readonly detail: string }
  /**
   * Only SQL failed, with an error a deviation the render reported explains (i64 overflow does
   * not wrap; IEEE special values), and the render carries that reason.
   */
  | { readonly kind: 'reported-deviation'; readonly reason: string; readonly detail: string }
  /** A different result, or only one side failed; `reasons` are the render's. */
  | { readonly kind: 'mismatch'; readonly detail: string; readonly reasons: readonly string[] };

export interface SqlCase {
  readonly id: string;
  readonly source: string;
  readonly kernel: string;
  /** Program-mode input document. */
  readonly input: string;
}

/** Errors an engine raises for the deviations of reasons.ts, by reason code. */
const DEVIATION_ERRORS: readonly { readonly reason: string; readonly pattern: RegExp }[] = [
  { reason: 'i64-overflow-not-wrapped', pattern: /integer overflow|bigint out of range|Overflow in|out of range for the destination type INT64|Out of Range Error: Overflow/i },
  { reason: 'i64-conversion-not-saturated', pattern: /bigint out of range|out of range for the destination type INT64/i },
  { reason: 'eager-evaluation', pattern: /CLR00[123]/ },
  { reason: 'array-branches-evaluated', pattern: /CLR00[123]|division by zero/ },
  { reason: 'f64-special-values', pattern: /division by zero|is NULL|square root of a negative|logarithm of (zero|a negative)|value out of range|complex result|zero raised to a negative/i },
];

export async function judge(engine: SqlEngine, c: SqlCase, flags: Partial<Flags> = {}): Promise<Verdict> {
  const want = expectedOutcome({ id: c.id, source: c.source, kernel: c.kernel, input: c.input });
  if (!want.ok) throw new Error(`${c.id}: the interpreter cannot run this case: ${want.error}`);
  const render = renderSql(c.source, { mode: 'program', entry: c.kernel, dialect: engine.dialect, ...flags }, want.params);
  if (render.diagnostics.length > 0) return { kind: 'not-expressible', detail: render.diagnostics.map((d) => formatDiagnostic(d)).join('\n') };
  const run = await engine.run(render.code, c.input);
  const reasons = render.reasons.map((r) => r.code);
  if (run.stderr.includes('warning:')) return { kind: 'mismatch', detail: `engine warnings: ${run.stderr}`, reasons };
  const failed = run.exitCode !== 0;
  if (want.runtimeError !== undefined) {
    if (failed) return { kind: 'pass' };
    const detail = `expected ${want.runtimeError}, got ${run.stdout.trim()}`;
    return reasons.includes('unused-values-not-evaluated')
      ? { kind: 'reported-deviation', reason: 'unused-values-not-evaluated', detail }
      : { kind: 'mismatch', detail, reasons };
  }
  if (failed) {
    const explained = DEVIATION_ERRORS.find((d) => reasons.includes(d.reason) && d.pattern.test(run.stderr));
    if (explained) return { kind: 'reported-deviation', reason: explained.reason, detail: run.stderr.trim() };
    return { kind: 'mismatch', detail: `exit ${run.exitCode}: ${run.stderr.trim()}`, reasons };
  }
  const kernel = want.program.kernels.find((k) => k.name === c.kernel)!;
  const diff = compareValues(want.json, run.stdout.trim(), kernel.ret, { relative: DEFAULT_TOLERANCE });
  return diff === null ? { kind: 'pass' } : { kind: 'mismatch', detail: `${diff}\n  expected ${want.json}\n  got      ${run.stdout.trim()}`, reasons };
}

