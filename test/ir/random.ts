// Seeded random scalar programs for differential tests of IR passes: typed expressions over
// i64/f64/bool with literals chosen to hit edge cases (wrapping, -0.0, division by zero,
// saturation), `let`, `if`, short-circuit operators and a small `reduce` so lambdas get folded too.

import type { Expr, ParamDecl, ScalarValue } from '../../src/ir/ir.js';
import type { Type } from '../../src/lang/types.js';
import type { Value } from '../../src/ir/values.js';
import {
  arg, b, bin, BOOL, call, cast, F64, f, fold, I64, i, I64_MAX, I64_MIN, iff, let_, paramDecl, param, range, un,
} from './build.js';

export class Rng {
  constructor(private state: number) {}
  /** mulberry32 */
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) | 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)]!;
  }
}

const I64_EDGES = [0n, 1n, -1n, 2n, 3n, -7n, 7n, 100n, I64_MIN, I64_MAX, I64_MIN + 1n];
const F64_EDGES = [0, -0, 1, -1, 0.5, -0.5, 2.5, -2.5, 3.7, 1e308, -1e308, 5e-324, 0.1, 9007199254740993];

export function randomI64(rng: Rng): bigint {
  return rng.next() < 0.7 ? rng.pick(I64_EDGES) : BigInt(rng.int(2001) - 1000);
}
export function randomF64(rng: Rng): number {
  const r = rng.next();
  if (r < 0.2) return rng.pick([0, -0]);
  if (r < 0.6) return rng.pick(F64_EDGES);
  if (r < 0.7) return rng.pick([NaN, Infinity, -Infinity]);
  return (rng.next() - 0.5) * 10 ** rng.int(6);
}

/** The args every random program may read, and the params. */
export const ARGS: readonly (readonly [string, Type])[] = [
  ['a', I64],
  ['c', I64],
  ['x', F64],
  ['y', F64],
  ['p', BOOL],
];
export const PARAMS: readonly ParamDecl[] = [paramDecl('k', I64, 3n), paramDecl('g', F64, 1.0), paramDecl('on', BOOL, true)];

export function randomArgs(rng: Rng): Record<string, Value> {
  const out: Record<string, Value> = {};
  for (const [name, t] of ARGS) out[name] = randomScalar(rng, t);
  return out;
}
export function randomParams(rng: Rng): Record<string, ScalarValue> {
  return { k: randomI64(rng), g: rng.pick([0, -0, 1, 2.5, -1]), on: rng.next() < 0.5 };
}

function randomScalar(rng: Rng, t: Type): ScalarValue {
  return t.kind === 'i64' ? randomI64(rng) : t.kind === 'f64' ? randomF64(rng) : rng.next() < 0.5;
}

function finiteF64(rng: Rng): number {
  const x = randomF64(rng);
  return Number.isFinite(x) ? x : 1;
}

export function randomExpr(rng: Rng, type: Type, depth: number, scope: readonly Expr[] = []): Expr {
  if (depth <= 0 || rng.next() < 0.2) return leaf(rng, type, scope);
  const sub = (t: Type, s: readonly Expr[] = scope): Expr => randomExpr(rng, t, depth - 1, s);
  const r = rng.int(10);
  if (r === 0) return iff(sub(BOOL), sub(type), sub(type));
  if (r === 1) {
    const vt = rng.pick([I64, F64, BOOL]);
    return let_(sub(vt), (v) => sub(type, [...scope, v]));
  }
  switch (type.kind) {
    case 'i64':
      if (r === 2) return cast('i64', sub(F64));
      if (r === 3) return un('-', sub(I64));
      if (r === 4) {
        const fn = rng.pick(['abs', 'min', 'max'] as const);
        return fn === 'abs' ? call(fn, sub(I64)) : call(fn, sub(I64), sub(I64));
      }
      if (r === 5) return fold(range(i(0), i(rng.int(4))), sub(I64), (acc, v) => sub(I64, [...scope, acc, v]));
      return bin(rng.pick(['+', '-', '*', '/', '%'] as const), sub(I64), sub(I64));
    case 'f64':
      if (r === 2) return cast('f64', sub(I64));
      if (r === 3) return un('-', sub(F64));
      if (r === 4) {
        const fn = rng.pick(['abs', 'sqrt', 'exp', 'ln', 'floor', 'ceil', 'round', 'min', 'max', 'pow'] as const);
        return fn === 'min' || fn === 'max' || fn === 'pow' ? call(fn, sub(F64), sub(F64)) : call(fn, sub(F64));
      }
      return bin(rng.pick(['+', '-', '*', '/', '%'] as const), sub(F64), sub(F64));
    default: {
      if (r === 2) return un('!', sub(BOOL));
      if (r <= 4) return bin(rng.pick(['&&', '||'] as const), sub(BOOL), sub(BOOL));
      const t = rng.pick([I64, F64, BOOL]);
      return bin(rng.pick(['==', '!=', '<', '<=', '>', '>='] as const), sub(t), sub(t));
    }
  }
}

function leaf(rng: Rng, type: Type, scope: readonly Expr[]): Expr {
  const r = rng.next();
  const locals = scope.filter((v) => v.type.kind === type.kind);
  if (r < 0.25 && locals.length > 0) return rng.pick(locals);
  if (r < 0.45) return arg(rng.pick(ARGS.filter(([, t]) => t.kind === type.kind))[0], type);
  if (r < 0.55) return param(PARAMS.find((p) => p.type.kind === type.kind)!.name, type);
  // Literals, biased to the identities folding knows about (and the near-misses it must refuse).
  const identity = rng.next() < 0.4;
  if (type.kind === 'i64') return i(identity ? rng.pick([0n, 1n, -1n]) : randomI64(rng));
  if (type.kind === 'f64') return f(identity ? rng.pick([0, -0, 1, -1]) : finiteF64(rng));
  return b(rng.next() < 0.5);
}
