// Shared by the SQL tests: render a kernel in program mode for a dialect, run it on that
// dialect's embedded engine, and judge the output against the reference interpreter.

import { analyze } from '../../../src/lang/frontend.js';
import { bakeParams } from '../../../src/ir/bake.js';
import { foldConstants } from '../../../src/ir/fold.js';
import type { Program, ScalarValue } from '../../../src/ir/ir.js';
import { compareValues, parseInput, valueToJson, type RecordValue, type Value } from '../../../src/ir/values.js';
import { formatDiagnostic } from '../../../src/diagnostics.js';
import { sqlTarget } from '../../../src/targets/sql/index.js';
import type { EmitResult, Flags, SqlDialect } from '../../../src/targets/target.js';
import { functionQueries } from '../../../src/targets/sql/module.js';
import { programStatements, resultValue, type SqlEngine } from '../../../src/toolchain/sql.js';
import { DEFAULT_TOLERANCE, expectedOutcome } from '../../../src/verify/differential.js';

export const DIALECTS: readonly SqlDialect[] = ['sqlite', 'postgres', 'duckdb'];

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

/**
 * Runs a kernel's function-mode query: the tables are created and filled by the program-mode
 * script's statements (all but its query), the scalar inputs bound to the query's placeholders.
 * Returns the canonical JSON, or the engine's error; `warnings` lists what the engine reported.
 */
export async function runFunctionMode(
  engine: SqlEngine,
  c: SqlCase,
): Promise<{ readonly json: string; readonly warnings: readonly string[] } | { readonly error: string }> {
  const front = analyze(c.source);
  if (!front.program) throw new Error('front-end errors');
  const program = foldConstants(front.program);
  const input = parseInput(c.input, c.kernel, program);
  const script = sqlTarget.emit(program, { parallel: false, params: 'runtime', mode: 'program', entry: c.kernel, dialect: engine.dialect });
  const setup = programStatements(engine.dialect, script.code, c.input).slice(0, -1);
  const query = functionQueries(program, engine.dialect).find((q) => q.kernel === c.kernel)!;
  const values = query.inputs.map((s) => bindable(engine.dialect, pick(s.scope === 'arg' ? input.args : input.params, [s.source, ...s.path])));
  const params = engine.dialect === 'postgres' ? values : Object.fromEntries(query.inputs.map((s, i) => [s.name, values[i]]));
  const kernel = program.kernels.find((k) => k.name === c.kernel)!;
  try {
    const { rows, warnings } = await engine.execute([...setup, ...query.setup.map((sql) => ({ sql })), { sql: query.sql, params }]);
    return { json: valueToJson(resultValue(rows, kernel.ret), kernel.ret), warnings };
  } catch (error) {
    return { error: (error as Error).message };
  }
}

function pick(values: Readonly<Record<string, Value>>, path: readonly string[]): Value {
  let v: Value = values[path[0]!]!;
  for (const field of path.slice(1)) v = (v as RecordValue)[field]!;
  return v;
}

/** better-sqlite3 binds no booleans: SQLite's are 0 and 1. */
function bindable(dialect: SqlDialect, v: Value): unknown {
  return typeof v === 'boolean' && dialect === 'sqlite' ? (v ? 1n : 0n) : v;
}
