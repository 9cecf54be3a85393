// The render worker: one task renders one source for one or more targets (see protocol.ts). Runs
// in a piscina worker thread, so it may block; the main thread terminates it when it runs too long.

import { LRUCache } from 'lru-cache';
import { compileAnalysed, type CompileResult } from '../../compile.js';
import { analyze, type AnalyzeResult } from '../../lang/frontend.js';
import { printProgram } from '../../ir/print.js';
import type { ScalarValue } from '../../ir/ir.js';
import type { Limits } from '../../lang/limits.js';
import { getTarget } from '../../targets/registry.js';
import { IrHasher } from '../keys.js';
import { injectFault } from './faults.js';
import { PROGRESS, type RawParamValues, type RenderTask, type RenderTaskResult, type TargetOutput } from './protocol.js';

const hasherReady = IrHasher.create();

/**
 * The front end's result per source: while a slider moves (baked params) the source is the same
 * and only the passes and the emitters run again. An analysis retains about 24 bytes per source
 * character, and a cached one lives long enough to reach the old generation, whose collections
 * are the slow ones: so only a source seen before is cached (a stream of unique sources, as
 * over HTTP, caches nothing), and the cache is small. Keys include the limits of the analysis.
 */
const analyses = new LRUCache<string, AnalyzeResult>({ max: 256, maxSize: 16 * 1024 * 1024, sizeCalculation: (_, key) => 24 * key.length });
const seenOnce = new LRUCache<string, true>({ max: 1024, maxSize: 8 * 1024 * 1024, sizeCalculation: (_, key) => 2 * key.length });

function analyseOnce(code: string, limits: Partial<Limits>): AnalyzeResult {
  const key = `${JSON.stringify(limits)}\n${code}`;
  const cached = analyses.get(key);
  if (cached) return cached;
  const front = analyze(code, limits);
  if (seenOnce.delete(key)) analyses.set(key, front);
  else seenOnce.set(key, true);
  return front;
}

export default async function renderTask(task: RenderTask): Promise<RenderTaskResult> {
  const { progress, startedAt } = task;
  const wanted = (i: number): boolean => Atomics.load(progress, PROGRESS.CANCELLED + i) === 0;
  if (!task.targets.some((_, i) => wanted(i))) return { kind: 'cancelled' };
  startedAt[0] = Date.now();
  Atomics.store(progress, PROGRESS.RUNNING, 1);
  const t0 = performance.now();
  const front = analyse(task);
  const frontMs = performance.now() - t0;
  if (!front.program) return { kind: 'invalid', diagnostics: front.diagnostics, frontMs };
  const irKey = (await hasherReady).irKey(printProgram(front.program));

  const outputs: TargetOutput[] = [];
  for (let i = 0; i < task.targets.length; i++) {
    if (!wanted(i)) {
      outputs.push({ kind: 'skipped' });
      continue;
    }
    if (i > 0) {
      startedAt[i] = Date.now();
      Atomics.store(progress, PROGRESS.RUNNING, i + 1);
    }
    const t1 = performance.now();
    try {
      const fault = task.faults[i];
      if (fault) injectFault(fault);
      const output = getTarget(task.targets[i]!).emit(front.program, task.flags);
      outputs.push({ kind: 'emitted', output, emitMs: performance.now() - t1 });
    } catch (error) {
      outputs.push({ kind: 'failed', message: error instanceof Error ? error.message : String(error) });
    }
  }
  return { kind: 'rendered', irKey, diagnostics: front.diagnostics, frontMs, outputs };
}

/** Front end and passes, without emitting: compile() with no targets. */
function analyse(task: RenderTask): CompileResult {
  const front = analyseOnce(task.code, task.limits);
  const options = { ...task.flags, targets: [] };
  const raw = task.paramValues;
  if (!front.program || Object.keys(raw).length === 0) return compileAnalysed(front, options);
  // JSON cannot tell an i64 from an f64 value: the declarations do.
  const types = new Map(front.program.params.map((p) => [p.name, p.type.kind]));
  return compileAnalysed(front, { ...options, paramValues: coerceParamValues(raw, types) });
}

/**
 * Integers (JSON numbers or decimal strings) within the i64 range become bigint for i64 params;
 * anything else is passed on for compile() to reject with a diagnostic.
 */
export function coerceParamValues(raw: RawParamValues, types: ReadonlyMap<string, string>): Record<string, ScalarValue> {
  const out: Record<string, ScalarValue> = {};
  for (const [name, value] of Object.entries(raw)) {
    out[name] = types.get(name) === 'i64' ? (toI64(value) ?? value) : value;
  }
  return out;
}

function toI64(value: number | boolean | string): bigint | null {
  if (typeof value === 'number' && Number.isSafeInteger(value)) return BigInt(value);
  if (typeof value !== 'string' || !/^-?\d{1,20}$/.test(value)) return null;
  const n = BigInt(value);
  return BigInt.asIntN(64, n) === n ? n : null;
}

