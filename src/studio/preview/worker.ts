// The preview worker: parses the source with the real front end, runs one kernel with the
// reference interpreter on the sample arguments, and returns the result as JSON text plus the
// numbers worth plotting. Off the main thread so a slow kernel never stalls typing or scrubbing.

import './buffer-shim.js';
import type { Program, ScalarValue } from '../../ir/ir.js';
import { interpret } from '../../ir/interp.js';
import { parseInput, valueToJson, type Value } from '../../ir/values.js';
import { analyze } from '../../lang/frontend.js';
import { showType, type Type } from '../../lang/types.js';
import type { KernelSignature, PreviewRequest, PreviewResponse, PreviewResult, Series } from './messages.js';
import { sampleArgs } from './sample.js';

/** Scrubbing re-runs the kernel on every move: keep each run well under a frame. */
const STEP_BUDGET = 2_000_000;

addEventListener('message', (event: MessageEvent<PreviewRequest>) => {
  postMessage(run(event.data));
});

function run(request: PreviewRequest): PreviewResponse {
  const t0 = performance.now();
  const base = { id: request.id, kernels: [] as KernelSignature[], kernel: null, input: request.input, result: null };
  const { program, diagnostics } = analyze(request.source);
  if (!program) return { ...base, error: `the source has ${diagnostics.length} error(s)`, ms: performance.now() - t0 };
  const kernels = program.kernels.map((k) => ({
    name: k.name,
    signature: `${k.name}(${k.args.map((a) => `${a.name}: ${showType(a.type)}`).join(', ')}) -> ${showType(k.ret)}`,
  }));
  const kernel = program.kernels.find((k) => k.name === request.kernel) ?? program.kernels[0];
  if (!kernel) return { ...base, kernels, error: 'no kernel to run', ms: performance.now() - t0 };
  const input = request.input ?? sampleArgs(kernel.args, program);
  const done = { ...base, kernels, kernel: kernel.name, input };
  try {
    const { args } = parseInput(`{"args": ${input}}`, kernel.name, program);
    const value = interpret(program, kernel.name, args, scalarParams(program, request.params), { stepBudget: STEP_BUDGET });
    const firstInput = kernel.args.find((a) => isNumericArray(a.type));
    const inputSeries = firstInput ? numericSeries(args[firstInput.name]!, firstInput.type, firstInput.name) : [];
    return { ...done, result: toResult(value, kernel.ret, inputSeries), error: null, ms: performance.now() - t0 };
  } catch (error) {
    return { ...done, error: error instanceof Error ? error.message : String(error), ms: performance.now() - t0 };
  }
}

/** The studio keeps numbers; the interpreter wants bigint for i64. */
function scalarParams(program: Program, values: Readonly<Record<string, number | boolean>>): Record<string, ScalarValue> {
  const out: Record<string, ScalarValue> = {};
  for (const p of program.params) {
    const v = values[p.name];
    if (v === undefined) continue;
    if (p.type.kind === 'i64' && typeof v === 'number') out[p.name] = BigInt(Math.round(v));
    else if (p.type.kind === 'f64' && typeof v === 'number') out[p.name] = v;
    else if (p.type.kind === 'bool' && typeof v === 'boolean') out[p.name] = v;
  }
  return out;
}

function toResult(value: Value, type: Type, inputSeries: Series[]): PreviewResult {
  const json = valueToJson(value, type);
  if (type.kind === 'i64' || type.kind === 'f64') return { kind: 'scalar', value: Number(value), json };
  const series = numericSeries(value, type, 'result');
  if (series.length === 0) return { kind: 'other', json };
  return { kind: 'series', series: [...series, ...inputSeries.map((s) => ({ ...s, label: `input ${s.label}` }))], json };
}

function isNumericArray(type: Type): boolean {
  return type.kind === 'array' && (type.elem.kind === 'f64' || type.elem.kind === 'i64');
}

/** A numeric array is one series; an array of records gives one series per numeric field. */
function numericSeries(value: Value, type: Type, label: string): Series[] {
  if (type.kind !== 'array' || !Array.isArray(value)) return [];
  const items = value as readonly Value[];
  if (type.elem.kind === 'f64' || type.elem.kind === 'i64') return [{ label, values: items.map((x) => Number(x)) }];
  if (type.elem.kind !== 'record') return [];
  return type.elem.fields
    .filter((f) => f.type.kind === 'f64' || f.type.kind === 'i64')
    .map((f) => ({ label: f.name, values: items.map((r) => Number((r as Record<string, Value>)[f.name])) }));
}
