// Runs one kernel of a program on the executable Julia model (model.ts), sequential and
// parallel, and asserts it gives the reference interpreter's answer or fails where it fails.

import assert from 'node:assert/strict';
import { interpret, RuntimeError } from '../../../src/ir/interp.js';
import type { Kernel, Program, ScalarValue } from '../../../src/ir/ir.js';
import { compareValues, makeRecord, parseInput, valueToJson, type Value } from '../../../src/ir/values.js';
import type { Type } from '../../../src/lang/types.js';
import { juliaSyntax, type JuliaSyntax } from '../../../src/targets/julia/index.js';
import { JuliaError, JuliaModel, Rec, type V } from './model.js';
import { bakeParams } from '../../../src/ir/bake.js';
import { foldConstants } from '../../../src/ir/fold.js';
import { analyze } from '../../../src/lang/frontend.js';

export interface Case {
  readonly name: string;
  readonly source: string;
  readonly kernel: string;
  /** `{"args": ..., "params": ...}` */
  readonly input: string;
}

function toModel(v: Value, t: Type, syntax: JuliaSyntax): V {
  switch (t.kind) {
    case 'array':
      return (v as readonly Value[]).map((x) => toModel(x, t.elem, syntax));
    case 'record': {
      const info = syntax.records.get(t.name)!;
      const r = v as Record<string, Value>;
      return new Rec(info.declared ? info.name : null, new Map(t.fields.map((f) => [info.fields.get(f.name)!, toModel(r[f.name]!, f.type, syntax)])));
    }
    default:
      return v as V;
  }
}

function fromModel(v: V, t: Type, syntax: JuliaSyntax, path: string): Value {
  const wrong = (): never => assert.fail(`${path}: expected ${t.kind}, the model gave ${String(v)}`);
  switch (t.kind) {
    case 'i64':
      return typeof v === 'bigint' ? v : wrong();
    case 'f64':
      // Julia converts an Int stored into a Float64 slot (push!, a typed return).
      return typeof v === 'number' ? v : typeof v === 'bigint' ? Number(v) : wrong();
    case 'bool':
      return typeof v === 'boolean' ? v : wrong();
    case 'str':
      return typeof v === 'string' ? v : wrong();
    case 'array':
      return Array.isArray(v) ? v.map((x, i) => fromModel(x, t.elem, syntax, `${path}[${i}]`)) : wrong();
    case 'record': {
      const info = syntax.records.get(t.name)!;
      if (!(v instanceof Rec) || v.type !== (info.declared ? info.name : null)) return wrong();
      return makeRecord(t.fields.map((f) => [f.name, fromModel(v.fields.get(info.fields.get(f.name)!)!, f.type, syntax, `${path}.${f.name}`)] as const));
    }
  }
}

/** The interpreter's canonical output, or null for a runtime error, or undefined when it cannot run the case. */
function expected(program: Program, kernel: string, args: Record<string, Value>, params: Record<string, ScalarValue>): string | null | undefined {
  const decl = program.kernels.find((k) => k.name === kernel)!;
  try {
    return valueToJson(interpret(program, kernel, args, params), decl.ret);
  } catch (error) {
    if (error instanceof RuntimeError) return error.code === 'CLR004' ? undefined : null;
    throw error;
  }
}

/** The kernel's canonical output on the model, or the Julia error it raised. */
function runOnModel(
  syntax: JuliaSyntax,
  decl: Kernel,
  c: Case,
  input: { args: Record<string, Value>; params: Record<string, ScalarValue> },
  threads: number,
  what: string,
): string | JuliaError {
  const structs = new Map([...syntax.records.values()].filter((r) => r.declared).map((r) => [r.name, [...r.fields.values()]] as const));
  const model = new JuliaModel(structs, threads);
  for (const k of syntax.kernels.values()) model.defineFunction(k.name, k.args, k.params, k.body);
  const kernel = syntax.kernels.get(c.kernel)!;
  const args = decl.args.map((a) => toModel(input.args[a.name]!, a.type, syntax));
  const given = JSON.parse(c.input) as { params?: Record<string, unknown> };
  const kw = new Map(
    decl.params.filter((p) => Object.hasOwn(given.params ?? {}, p.name)).map((p) => [kernel.params[decl.params.indexOf(p)]!.name, input.params[p.name] as V] as const),
  );
  try {
    return valueToJson(fromModel(model.call(kernel.name, args, kw), decl.ret, syntax, '$'), decl.ret);
  } catch (error) {
    if (error instanceof JuliaError) return error;
    throw new Error(`${what}\n${(error as Error).stack}`);
  }
}

/** Asserts the model agrees with the interpreter; returns the number of renders checked (0 when the interpreter gives up). */
export function checkOnModel(c: Case): number {
  // The oracle runs on the IR as lowered, before any pass.
  const lowered = analyze(c.source).program;
  assert.ok(lowered, c.source);
  const input = parseInput(c.input, c.kernel, lowered);
  const want = expected(lowered, c.kernel, input.args, input.params);
  if (want === undefined) return 0;
  const variants = [
    { parallel: false, params: 'runtime' as const, program: foldConstants(lowered) },
    { parallel: true, params: 'runtime' as const, program: foldConstants(lowered) },
    { parallel: false, params: 'baked' as const, program: bakeParams(lowered, input.params) },
  ];
  for (const { parallel, params, program } of variants) {
    const what = `${c.name} (${parallel ? 'parallel' : 'sequential'}, ${params} params)\n${c.source}\n# input: ${c.input}`;
    const decl = program.kernels.find((k) => k.name === c.kernel)!;
    const syntax = juliaSyntax(program, { parallel, params, mode: 'function' });
    const run = (threads: number): string => {
      const out = runOnModel(syntax, decl, c, input, threads, what);
      if (out instanceof JuliaError) {
        if (want === null) return 'error';
        return assert.fail(`${what}\nJulia (model) raised ${out.message}; the interpreter gives ${want}`);
      }
      if (want === null) return assert.fail(`${what}\nthe interpreter raises a runtime error; Julia (model) gives ${out}`);
      return out;
    };
    let got = run(3);
    if (want === null) continue;
    // Parallel chunks may reassociate f64 sums and products (docs/language.md); with one
    // thread the same code must agree exactly.
    if (parallel && compareValues(want, got, decl.ret, { relative: 1e-9 }) !== null) got = run(1);
    const diff = compareValues(want, got, decl.ret, { relative: 1e-9 });
    assert.equal(diff, null, `${what}\n${diff}`);
  }
  return variants.length;
}
