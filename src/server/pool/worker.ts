// The render worker: one task renders one target of one source (see protocol.ts). Runs in a
// piscina worker thread, so it may block; the main thread terminates it when it runs too long.

import type { MessagePort } from 'node:worker_threads';
import { LRUCache } from 'lru-cache';
import { compileAnalysed, type CompileResult } from '../../compile.js';
import { analyze, type AnalyzeResult } from '../../lang/frontend.js';
import { printProgram } from '../../ir/print.js';
import type { ScalarValue } from '../../ir/ir.js';
import { getTarget } from '../../targets/registry.js';
import { IrHasher } from '../keys.js';
import { injectFault } from './faults.js';
import type { RawParamValues, RenderTask, RenderTaskResult, WorkerMessage } from './protocol.js';

const hasherReady = IrHasher.create();

/**
 * The front end's result per source: while a slider moves (baked params) or several targets of
 * one edit land on this worker, the source is the same and only the passes and the emitter run
 * again. Bounded by source bytes; the key includes the limits the analysis ran under.
 */
const analyses = new LRUCache<string, AnalyzeResult>({ maxSize: 8 * 1024 * 1024, sizeCalculation: (_, key) => key.length * 2 });

export default async function renderTask(task: RenderTask): Promise<RenderTaskResult> {
  const { port } = task;
  try {
    send(port, { kind: 'started' });
    if (Atomics.load(task.cancelled, 0) === 1) return { kind: 'cancelled' };
    const t0 = performance.now();
    const front = analyse(task);
    const frontMs = performance.now() - t0;
    if (!front.program) return { kind: 'invalid', diagnostics: front.diagnostics, timings: { front: frontMs, emit: 0 } };

    const irKey = (await hasherReady).irKey(printProgram(front.program));
    send(port, { kind: 'analysed', irKey, diagnostics: front.diagnostics, frontMs });
    if (Atomics.load(task.cancelled, 0) === 1) return { kind: 'cancelled' };

    const t1 = performance.now();
    if (task.fault) injectFault(task.fault);
    const output = getTarget(task.target).emit(front.program, task.flags);
    const timings = { front: frontMs, emit: performance.now() - t1 };
    return { kind: 'rendered', irKey, diagnostics: front.diagnostics, output, timings };
  } finally {
    port.close();
  }
}

/** Front end and passes, without emitting: compile() with no targets. */
function analyse(task: RenderTask): CompileResult {
  const key = `${JSON.stringify(task.limits)}\n${task.code}`;
  let front = analyses.get(key);
  if (!front) {
    front = analyze(task.code, task.limits);
    analyses.set(key, front);
  }
  const options = { ...task.flags, targets: [] };
  const raw = task.paramValues;
  if (!front.program || Object.keys(raw).length === 0) return compileAnalysed(front, options);
  // JSON cannot tell an i64 from an f64 value: the declarations do.
  const types = new Map(front.program.params.map((p) => [p.name, p.type.kind]));
  return compileAnalysed(front, { ...options, paramValues: needsDeclaredTypes(raw) ? coerceParamValues(raw, types) : (raw as Record<string, ScalarValue>) });
}

function needsDeclaredTypes(raw: RawParamValues): boolean {
  return Object.values(raw).some((v) => typeof v === 'string' || (typeof v === 'number' && Number.isInteger(v)));
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

function send(port: MessagePort, message: WorkerMessage): void {
  port.postMessage(message);
}
