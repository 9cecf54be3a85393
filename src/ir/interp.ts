// The reference interpreter: the executable form of docs/language.md, and the oracle every
// target's output is compared against. It favours being obviously right over being fast.
//
// Every evaluated node costs one step and every array element an operation touches costs one
// more, so any kernel either finishes or stops with CLR004 within a bounded amount of work; a
// `range` charges its length before it allocates, so `range(0, 1e12)` fails at once.
// Evaluation is plain recursion: the front end bounds nesting, so the JS stack is never deep.
//
// The scalar operations are exported so that constant folding computes exactly what the
// interpreter would.

import type { Builtin, BinaryOp, Expr, Kernel, Lambda, Program, ReduceOp, ScalarValue, UnaryOp } from './ir.js';
import type { Type } from '../lang/types.js';
import { compareCodePoints, compareKeys, I64_MAX, I64_MIN, makeRecord } from './values.js';
import type { Value } from './values.js';

export type RuntimeErrorCode = 'CLR001' | 'CLR002' | 'CLR003' | 'CLR004';

/** A runtime error of the kernel (docs/language.md, "Runtime errors"). */
export class RuntimeError extends Error {
  constructor(
    readonly code: RuntimeErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'RuntimeError';
  }
}

export const DEFAULT_STEP_BUDGET = 10_000_000;

export interface InterpretOptions {
  /** Maximum number of steps (evaluated nodes plus array elements touched); default 10 million. */
  readonly stepBudget?: number;
}

/**
 * Runs `kernel` of `program` on `args` (one per kernel argument). Params the kernel reads come
 * from `params`, else their declared defaults. Throws `RuntimeError` for the kernel's runtime
 * errors and a plain `Error` for a missing argument or an unknown kernel.
 */
export function interpret(
  program: Program,
  kernel: string,
  args: Record<string, Value>,
  params: Record<string, ScalarValue>,
  opts: InterpretOptions = {},
): Value {
  const decl = findKernel(program, kernel);
  const argValues = new Map<string, Value>();
  for (const a of decl.args) {
    if (!Object.hasOwn(args, a.name)) throw new Error(`missing argument \`${a.name}\` of kernel \`${kernel}\``);
    argValues.set(a.name, args[a.name]!);
  }
  const paramValues = new Map<string, Value>();
  for (const p of decl.params) {
    const fallback = program.params.find((d) => d.name === p.name);
    if (Object.hasOwn(params, p.name)) paramValues.set(p.name, params[p.name]!);
    else if (fallback) paramValues.set(p.name, fallback.default);
    else throw new Error(`param \`${p.name}\` has no value and no declaration`);
  }
  return new Evaluator(opts.stepBudget ?? DEFAULT_STEP_BUDGET, argValues, paramValues).eval(decl.body);
}

function findKernel(program: Program, name: string): Kernel {
  const k = program.kernels.find((c) => c.name === name);
  if (!k) throw new Error(`unknown kernel \`${name}\``);
  return k;
}

class Evaluator {
  private steps = 0;
  /** Let bindings and lambda parameters: names are unique within a kernel, so one flat map serves. */
  private readonly locals = new Map<string, Value>();
  /** Slot values of the groups whose `agg` result is being evaluated, innermost last. */
  private readonly groups: (readonly Value[])[] = [];

  constructor(
    private readonly budget: number,
    private readonly args: ReadonlyMap<string, Value>,
    private readonly params: ReadonlyMap<string, Value>,
  ) {}

  private charge(n: number): void {
    this.steps += n;
    if (this.steps > this.budget) {
      throw new RuntimeError('CLR004', `step budget exhausted (${this.budget} steps)`);
    }
  }

  eval(e: Expr): Value {
    this.charge(1);
    switch (e.k) {
      case 'lit':
        return e.value;
      case 'var':
        return this.lookup(e.name, e.scope);
      case 'let':
        this.locals.set(e.name, this.eval(e.value));
        return this.eval(e.body);
      case 'if':
        return this.eval(this.eval(e.cond) ? e.then : e.else);
      case 'unary':
        return applyUnary(e.op, this.eval(e.arg) as ScalarValue);
      case 'binary':
        if (e.op === '&&') return this.eval(e.left) ? this.eval(e.right) : false;
        if (e.op === '||') return this.eval(e.left) ? true : this.eval(e.right);
        return applyBinary(e.op, this.eval(e.left) as ScalarValue, this.eval(e.right) as ScalarValue);
      case 'call':
        return applyBuiltin(e.fn, e.args.map((a) => this.eval(a) as ScalarValue));
      case 'cast':
        return applyCast(e.to, this.eval(e.arg) as ScalarValue);
      case 'record':
        return this.record(e);
      case 'field':
        return (this.eval(e.target) as Record<string, Value>)[e.name]!;
      case 'index':
        return this.index(this.array(e.target), this.eval(e.index) as bigint);
      case 'range':
        return this.range(this.eval(e.start) as bigint, this.eval(e.end) as bigint);
      case 'map': {
        const xs = this.array(e.source);
        this.charge(xs.length);
        return xs.map((x) => this.call(e.fn, x));
      }
      case 'map_indexed': {
        const xs = this.array(e.source);
        this.charge(xs.length);
        return xs.map((x, i) => this.call(e.fn, BigInt(i), x));
      }
      case 'filter': {
        const xs = this.array(e.source);
        this.charge(xs.length);
        return xs.filter((x) => this.call(e.fn, x) === true);
      }
      case 'zip': {
        const xs = this.array(e.source);
        const ys = this.array(e.other);
        const n = Math.min(xs.length, ys.length);
        this.charge(n);
        const out: Value[] = [];
        for (let i = 0; i < n; i++) out.push(this.call(e.fn, xs[i]!, ys[i]!));
        return out;
      }
      case 'reduce_op':
        return this.reduce(e.op, this.array(e.source), e.fn, e.type);
      case 'scan': {
        const xs = this.array(e.source);
        let acc = this.eval(e.init);
        this.charge(xs.length);
        return xs.map((x) => (acc = this.call(e.fn, acc, x)));
      }
      case 'fold': {
        const xs = this.array(e.source);
        let acc = this.eval(e.init);
        this.charge(xs.length);
        for (const x of xs) acc = this.call(e.fn, acc, x);
        return acc;
      }
      case 'sort':
        return this.sort(this.array(e.source), e.key, e.desc);
      case 'take':
      case 'skip': {
        const xs = this.array(e.source);
        const n = clampCount(this.eval(e.count) as bigint, xs.length);
        const out = e.k === 'take' ? xs.slice(0, n) : xs.slice(n);
        this.charge(out.length);
        return out;
      }
      case 'reverse': {
        const xs = this.array(e.source);
        this.charge(xs.length);
        return xs.slice().reverse();
      }
      case 'group':
        return this.group(e);
      case 'aggref': {
        const slots = this.groups[this.groups.length - 1];
        if (!slots) throw new Error('aggref outside a group result');
        return slots[e.slot]!;
      }
    }
  }

  private lookup(name: string, scope: 'local' | 'arg' | 'param'): Value {
    const table = scope === 'local' ? this.locals : scope === 'arg' ? this.args : this.params;
    const v = table.get(name);
    if (v === undefined) throw new Error(`unbound ${scope} \`${name}\``);
    return v;
  }

  private array(e: Expr): readonly Value[] {
    return this.eval(e) as readonly Value[];
  }

  private call(fn: Lambda, ...values: Value[]): Value {
    fn.params.forEach((p, i) => this.locals.set(p.name, values[i]!));
    return this.eval(fn.body);
  }

  private record(e: Extract<Expr, { k: 'record' }>): Value {
    // Fields are evaluated in written order; the value lists them in declaration order.
    const written = new Map(e.fields.map((f) => [f.name, this.eval(f.value)] as const));
    if (e.type.kind !== 'record') throw new Error('record node without a record type');
    return makeRecord(e.type.fields.map((f) => [f.name, written.get(f.name)!] as const));
  }

  private index(xs: readonly Value[], i: bigint): Value {
    if (i < 0n || i >= BigInt(xs.length)) {
      throw new RuntimeError('CLR003', `index out of bounds: the index is ${i} but the length is ${xs.length}`);
    }
    return xs[Number(i)]!;
  }

  private range(start: bigint, end: bigint): Value {
    if (end <= start) return [];
    this.charge(Number(end - start));
    const out: bigint[] = [];
    for (let v = start; v < end; v++) out.push(v);
    return out;
  }

  private reduce(op: ReduceOp, xs: readonly Value[], fn: Lambda | null, type: Type): Value {
    this.charge(xs.length);
    switch (op) {
      case 'len':
        return BigInt(xs.length);
      case 'count':
        return BigInt(fn ? xs.filter((x) => this.call(fn, x) === true).length : xs.length);
      case 'any':
        return xs.some((x) => this.call(required(fn, op), x) === true);
      case 'all':
        return xs.every((x) => this.call(required(fn, op), x) === true);
      default:
        if (xs.length === 0 && (op === 'min' || op === 'max' || op === 'mean')) {
          throw new RuntimeError('CLR002', `${op} of an empty array`);
        }
        return reduceNumbers(op, fn ? xs.map((x) => this.call(fn, x)) : xs, type);
    }
  }

  private sort(xs: readonly Value[], key: Lambda | null, desc: boolean): Value {
    this.charge(xs.length);
    const keys = (key ? xs.map((x) => this.call(key, x)) : xs) as readonly ScalarValue[];
    const order = xs.map((_, i) => i);
    // Array.prototype.sort is stable, so ties keep input order in both directions.
    order.sort((i, j) => (desc ? -1 : 1) * compareKeys(keys[i]!, keys[j]!));
    return order.map((i) => xs[i]!);
  }

  private group(e: Extract<Expr, { k: 'group' }>): Value {
    const xs = this.array(e.source);
    this.charge(xs.length);
    const members = new Map<ScalarValue, Value[]>();
    for (const x of xs) {
      const k = this.call(e.key, x) as ScalarValue;
      const bucket = members.get(k);
      if (bucket) bucket.push(x);
      else members.set(k, [x]);
    }
    const keys = [...members.keys()].sort(compareKeys);
    return keys.map((k) => {
      const group = members.get(k)!;
      this.groups.push(e.slots.map((s) => (s.op === 'key' ? k : this.reduce(s.op, group, s.fn, s.type))));
      const row = this.eval(e.result);
      this.groups.pop();
      return row;
    });
  }
}

function required(fn: Lambda | null, op: string): Lambda {
  if (!fn) throw new Error(`${op} without a predicate`);
  return fn;
}

/** sum/prod/min/max/mean of non-empty (min/max/mean) numbers; `type` is the result type. */
function reduceNumbers(op: 'sum' | 'prod' | 'min' | 'max' | 'mean', xs: readonly Value[], type: Type): Value {
  switch (op) {
    case 'sum':
    case 'prod': {
      let acc: ScalarValue = type.kind === 'i64' ? (op === 'sum' ? 0n : 1n) : op === 'sum' ? 0 : 1;
      for (const x of xs) acc = applyBinary(op === 'sum' ? '+' : '*', acc, x as ScalarValue);
      return acc;
    }
    case 'min':
    case 'max': {
      let acc = xs[0] as ScalarValue;
      for (let i = 1; i < xs.length; i++) acc = applyBuiltin(op, [acc, xs[i] as ScalarValue]);
      return acc;
    }
    case 'mean': {
      let total = 0;
      for (const x of xs) total += typeof x === 'bigint' ? Number(x) : (x as number);
      return total / xs.length;
    }
  }
}

/** take/skip count: negative counts as 0, past the end clamps to the length. */
function clampCount(n: bigint, length: number): number {
  return n < 0n ? 0 : n > BigInt(length) ? length : Number(n);
}

// ---------------------------------------------------------------------------------------------
// Scalar semantics (shared with constant folding)

const wrap = (x: bigint): bigint => BigInt.asIntN(64, x);

export function applyUnary(op: UnaryOp, x: ScalarValue): ScalarValue {
  if (op === '!') return !x;
  return typeof x === 'bigint' ? wrap(-x) : -(x as number);
}

/**
 * Every binary operator except the short-circuiting `&&`/`||` (which only need both operands
 * when the left one does not decide). Throws CLR001 for i64 `/` or `%` by zero.
 */
export function applyBinary(op: BinaryOp, a: ScalarValue, b: ScalarValue): ScalarValue {
  switch (op) {
    case '==':
      return a === b;
    case '!=':
      return a !== b;
    case '<':
      return less(a, b);
    case '>':
      return less(b, a);
    case '<=':
      return lessOrEqual(a, b);
    case '>=':
      return lessOrEqual(b, a);
    case '&&':
      return (a as boolean) && (b as boolean);
    case '||':
      return (a as boolean) || (b as boolean);
    default:
      return typeof a === 'bigint' ? integerArithmetic(op, a, b as bigint) : floatArithmetic(op, a as number, b as number);
  }
}

/** IEEE `<` for numbers (false with NaN), code-point order for strings, `false < true`. */
function less(a: ScalarValue, b: ScalarValue): boolean {
  return typeof a === 'string' ? compareCodePoints(a, b as string) < 0 : a < b;
}

function lessOrEqual(a: ScalarValue, b: ScalarValue): boolean {
  return typeof a === 'string' ? compareCodePoints(a, b as string) <= 0 : a <= b;
}

function integerArithmetic(op: '+' | '-' | '*' | '/' | '%', a: bigint, b: bigint): bigint {
  switch (op) {
    case '+':
      return wrap(a + b);
    case '-':
      return wrap(a - b);
    case '*':
      return wrap(a * b);
    case '/':
    case '%':
      if (b === 0n) throw new RuntimeError('CLR001', op === '/' ? 'division by zero' : 'remainder by zero');
      // BigInt division truncates and `%` takes the dividend's sign; MIN / -1 = 2^63 wraps to MIN.
      return op === '/' ? wrap(a / b) : a % b;
  }
}

function floatArithmetic(op: '+' | '-' | '*' | '/' | '%', a: number, b: number): number {
  switch (op) {
    case '+':
      return a + b;
    case '-':
      return a - b;
    case '*':
      return a * b;
    case '/':
      return a / b;
    case '%':
      return a % b; // JS `%` on numbers is C's fmod
  }
}

export function applyBuiltin(fn: Builtin, args: readonly ScalarValue[]): ScalarValue {
  const [a, b] = args as [ScalarValue, ScalarValue];
  switch (fn) {
    case 'min':
      return less(b, a) ? b : a;
    case 'max':
      return less(a, b) ? b : a;
    case 'abs':
      return typeof a === 'bigint' ? wrap(a < 0n ? -a : a) : Math.abs(a as number);
    case 'sqrt':
      return Math.sqrt(a as number);
    case 'exp':
      return Math.exp(a as number);
    case 'ln':
      return Math.log(a as number);
    case 'pow':
      return pow(a as number, b as number);
    case 'floor':
      return Math.floor(a as number);
    case 'ceil':
      return Math.ceil(a as number);
    case 'round':
      return roundHalfAwayFromZero(a as number);
  }
}

/** C's `pow`: unlike `Math.pow`, `pow(1, y)` is 1 for every y and `pow(-1, ±Infinity)` is 1. */
function pow(x: number, y: number): number {
  if (x === 1 || (x === -1 && !Number.isFinite(y) && !Number.isNaN(y))) return 1;
  return Math.pow(x, y);
}

/** `Math.round` rounds halves up (`-2.5 → -2`); ours rounds them away from zero, keeping -0. */
function roundHalfAwayFromZero(x: number): number {
  const t = Math.trunc(x);
  // x - t is exact: below 2^52 both share an exponent range; above, x is already an integer.
  return Math.abs(x - t) >= 0.5 ? t + Math.sign(x) : t;
}

export function applyCast(to: 'i64' | 'f64', x: ScalarValue): ScalarValue {
  if (to === 'f64') return typeof x === 'bigint' ? Number(x) : x; // Number(bigint) rounds ties to even
  if (typeof x === 'bigint') return x;
  const f = x as number;
  if (Number.isNaN(f)) return 0n;
  if (f >= 2 ** 63) return I64_MAX;
  if (f < -(2 ** 63)) return I64_MIN;
  return BigInt(Math.trunc(f));
}
