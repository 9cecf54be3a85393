// Hand-built IR for the IR tests: small constructors that compute each node's type and give
// every lambda parameter a fresh name (the IR requires local names unique within a kernel).

import type { AggOp, BinaryOp, Builtin, Expr, Kernel, Lambda, ParamDecl, Program, RecordDecl, ReduceOp, ScalarValue, UnaryOp } from '../../src/ir/ir.js';
import type { Field, Type } from '../../src/lang/types.js';
import { arrayOf, BOOL, F64, I64, STR } from '../../src/lang/types.js';
import { interpret } from '../../src/ir/interp.js';
import type { InterpretOptions } from '../../src/ir/interp.js';
import type { Value } from '../../src/ir/values.js';
import { forEachExpr } from '../../src/ir/walk.js';

export { I64_MAX, I64_MIN } from '../../src/ir/values.js';

export { arrayOf, BOOL, F64, I64, STR };

const SPAN = { start: { line: 1, column: 1, offset: 0 }, end: { line: 1, column: 1, offset: 0 } };

let counter = 0;
const fresh = (hint: string): string => `${hint}${++counter}`;

export const lit = (type: Type, value: ScalarValue): Expr => ({ k: 'lit', type, value });
export const i = (v: bigint | number): Expr => lit(I64, BigInt(v));
export const f = (v: number): Expr => lit(F64, v);
export const b = (v: boolean): Expr => lit(BOOL, v);
export const s = (v: string): Expr => lit(STR, v);

export const arg = (name: string, type: Type): Expr => ({ k: 'var', name, scope: 'arg', type });
export const param = (name: string, type: Type): Expr => ({ k: 'var', name, scope: 'param', type });
export const local = (name: string, type: Type): Expr => ({ k: 'var', name, scope: 'local', type });

const COMPARISONS = new Set<BinaryOp>(['==', '!=', '<', '<=', '>', '>=', '&&', '||']);
export const bin = (op: BinaryOp, left: Expr, right: Expr): Expr => ({
  k: 'binary',
  op,
  left,
  right,
  type: COMPARISONS.has(op) ? BOOL : left.type,
});
export const un = (op: UnaryOp, arg: Expr): Expr => ({ k: 'unary', op, arg, type: arg.type });
export const call = (fn: Builtin, ...args: Expr[]): Expr => ({ k: 'call', fn, args, type: args[0]!.type });
export const cast = (to: 'i64' | 'f64', arg: Expr): Expr => ({ k: 'cast', to, arg, type: to === 'i64' ? I64 : F64 });
export const iff = (cond: Expr, then: Expr, otherwise: Expr): Expr => ({ k: 'if', cond, then, else: otherwise, type: then.type });
export const let_ = (value: Expr, body: (v: Expr) => Expr): Expr => {
  const name = fresh('v');
  const b = body(local(name, value.type));
  return { k: 'let', name, value, body: b, type: b.type };
};

export const elemOf = (t: Type): Type => {
  if (t.kind !== 'array') throw new Error(`not an array: ${t.kind}`);
  return t.elem;
};

export function fn1(t: Type, body: (x: Expr) => Expr): Lambda {
  const name = fresh('x');
  return { params: [{ name, type: t }], body: body(local(name, t)) };
}
export function fn2(t1: Type, t2: Type, body: (a: Expr, b: Expr) => Expr): Lambda {
  const n1 = fresh('a');
  const n2 = fresh('b');
  return {
    params: [
      { name: n1, type: t1 },
      { name: n2, type: t2 },
    ],
    body: body(local(n1, t1), local(n2, t2)),
  };
}

export const range = (start: Expr, end: Expr): Expr => ({ k: 'range', start, end, type: arrayOf(I64) });
export const index = (target: Expr, ix: Expr): Expr => ({ k: 'index', target, index: ix, type: elemOf(target.type) });
export const map = (source: Expr, body: (x: Expr) => Expr): Expr => {
  const fn = fn1(elemOf(source.type), body);
  return { k: 'map', source, fn, type: arrayOf(fn.body.type) };
};
export const mapIndexed = (source: Expr, body: (i: Expr, x: Expr) => Expr): Expr => {
  const fn = fn2(I64, elemOf(source.type), body);
  return { k: 'map_indexed', source, fn, type: arrayOf(fn.body.type) };
};
export const filter = (source: Expr, body: (x: Expr) => Expr): Expr => ({
  k: 'filter',
  source,
  fn: fn1(elemOf(source.type), body),
  type: source.type,
});
export const zip = (source: Expr, other: Expr, body: (x: Expr, y: Expr) => Expr): Expr => {
  const fn = fn2(elemOf(source.type), elemOf(other.type), body);
  return { k: 'zip', source, other, fn, type: arrayOf(fn.body.type) };
};
export const reduce = (op: ReduceOp, source: Expr, body?: (x: Expr) => Expr): Expr => {
  const fn = body ? fn1(elemOf(source.type), body) : null;
  const mapped = fn && op !== 'count' && op !== 'any' && op !== 'all' ? fn.body.type : elemOf(source.type);
  const type = op === 'mean' ? F64 : op === 'count' || op === 'len' ? I64 : op === 'any' || op === 'all' ? BOOL : mapped;
  return { k: 'reduce_op', op, source, fn, type };
};
export const scan = (source: Expr, init: Expr, body: (acc: Expr, x: Expr) => Expr): Expr => ({
  k: 'scan',
  source,
  init,
  fn: fn2(init.type, elemOf(source.type), body),
  type: arrayOf(init.type),
});
export const fold = (source: Expr, init: Expr, body: (acc: Expr, x: Expr) => Expr): Expr => ({
  k: 'fold',
  source,
  init,
  fn: fn2(init.type, elemOf(source.type), body),
  type: init.type,
});
export const sort = (source: Expr, key?: (x: Expr) => Expr, desc = false): Expr => ({
  k: 'sort',
  source,
  key: key ? fn1(elemOf(source.type), key) : null,
  desc,
  type: source.type,
});
export const take = (source: Expr, count: Expr): Expr => ({ k: 'take', source, count, type: source.type });
export const skip = (source: Expr, count: Expr): Expr => ({ k: 'skip', source, count, type: source.type });
export const reverse = (source: Expr): Expr => ({ k: 'reverse', source, type: source.type });

export const recordType = (name: string, fields: readonly Field[]): Type => ({ kind: 'record', name, fields });
export const recordDecl = (t: Type, declared = true): RecordDecl => {
  if (t.kind !== 'record') throw new Error('not a record type');
  return { name: t.name, fields: t.fields, declared };
};
export const record = (type: Type, fields: readonly (readonly [string, Expr])[]): Expr => ({
  k: 'record',
  fields: fields.map(([name, value]) => ({ name, value })),
  type,
});
export const field = (target: Expr, name: string): Expr => {
  if (target.type.kind !== 'record') throw new Error('not a record');
  const decl = target.type.fields.find((fl) => fl.name === name);
  if (!decl) throw new Error(`no field ${name}`);
  return { k: 'field', target, name, type: decl.type };
};

export interface SlotSpec {
  readonly op: AggOp;
  readonly fn?: (x: Expr) => Expr;
}
/** `source.group_by(key).agg(...)`: `result` receives one aggref per slot. */
export const group = (
  source: Expr,
  key: (x: Expr) => Expr,
  slots: readonly SlotSpec[],
  result: (refs: Expr[]) => Expr,
): Expr => {
  const elem = elemOf(source.type);
  const keyFn = fn1(elem, key);
  const built = slots.map((sl) => {
    const fn = sl.fn ? fn1(elem, sl.fn) : null;
    const type = sl.op === 'key' ? keyFn.body.type : sl.op === 'count' ? I64 : sl.op === 'mean' ? F64 : fn!.body.type;
    return { op: sl.op, fn, type };
  });
  const refs = built.map((sl, slot): Expr => ({ k: 'aggref', slot, type: sl.type }));
  const res = result(refs);
  return { k: 'group', source, key: keyFn, slots: built, result: res, type: arrayOf(res.type) };
};

export const paramDecl = (name: string, type: Type, dflt: ScalarValue): ParamDecl => ({
  name,
  type,
  default: dflt,
  min: null,
  max: null,
  step: null,
  span: SPAN,
});

/** A one-kernel program `main` whose args and params are the arg/param vars `body` reads. */
export function programOf(
  body: Expr,
  opts: { params?: readonly ParamDecl[]; records?: readonly RecordDecl[]; name?: string } = {},
): Program {
  const args = new Map<string, Type>();
  const params = new Map<string, Type>();
  forEachExpr(body, (e) => {
    if (e.k === 'var' && e.scope === 'arg') args.set(e.name, e.type);
    if (e.k === 'var' && e.scope === 'param') params.set(e.name, e.type);
  });
  const declared = opts.params ?? [];
  const byName = (a: [string, Type], c: [string, Type]): number => (a[0] < c[0] ? -1 : a[0] > c[0] ? 1 : 0);
  const kernel: Kernel = {
    name: opts.name ?? 'main',
    args: [...args].sort(byName).map(([name, type]) => ({ name, type })),
    params: declared.filter((p) => params.has(p.name)).map((p) => ({ name: p.name, type: p.type })),
    ret: body.type,
    body,
    span: SPAN,
  };
  return { records: opts.records ?? [], params: declared, kernels: [kernel] };
}

/** Interprets `body` as the kernel of `programOf(body)`. */
export function run(
  body: Expr,
  args: Record<string, Value> = {},
  params: Record<string, ScalarValue> = {},
  opts: InterpretOptions & { params?: readonly ParamDecl[] } = {},
): Value {
  return interpret(programOf(body, { params: opts.params ?? [] }), 'main', args, params, opts);
}
