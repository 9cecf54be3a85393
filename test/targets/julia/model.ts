// An executable model of the Julia the emitter writes, for testing its meaning where no Julia
// runtime exists. It evaluates the emitter's syntax trees (src/targets/julia/syntax.ts) with
// Julia's rules as documented, including the ones that make Julia differ from the kernel
// language — 1-based bounds-checked indexing, `div` throwing for typemin ÷ -1, `sqrt`/`log`/`^`
// throwing DomainErrors, `trunc` throwing InexactErrors, `min`/`max` propagating NaN, `isless`
// ordering -0.0 before 0.0, `first(xs, -1)` throwing, reductions of empty collections without
// `init` throwing, Dict iteration in no particular order (here: reverse insertion order) — and
// Julia's lexical scoping: a name assigned anywhere in a scope is that scope's variable in every
// scope nested in it. `Threads.@spawn` runs its task at once; an error is kept for `fetch`, so an
// unfetched failing task stays silent, as in Julia; `Threads.nthreads()` is 3 unless told.
//
// It is a model, not Julia: it shows that the emitted program means what the kernel means under
// these rules, and the runtime helpers (src/targets/julia/runtime.ts) are transcribed here.

import type { JExpr, JIf, JStmt } from '../../../src/targets/julia/syntax.js';

export type V = bigint | number | boolean | string | null | V[] | Rec | Fn | Range | Iter | Task | Dict | TypeV | Tuple | Undef;

export class Rec {
  constructor(
    /** A struct's name, or null for a NamedTuple. */
    readonly type: string | null,
    readonly fields: Map<string, V>,
  ) {}
}
export class Range {
  constructor(
    readonly lo: bigint,
    readonly hi: bigint,
  ) {}
  get length(): bigint {
    return this.hi >= this.lo ? this.hi - this.lo + 1n : 0n;
  }
}
export class Iter {
  constructor(readonly items: () => Iterable<V>) {}
}
export class Tuple {
  constructor(readonly items: readonly V[]) {}
}
export class Task {
  constructor(
    readonly value: V,
    readonly error: unknown,
  ) {}
}
export class Dict {
  readonly entries = new Map<string, [V, V]>();
}
export class TypeV {
  constructor(readonly text: string) {}
}
export class Undef {}
const UNDEF = new Undef();
export type Fn = (args: V[], kw: ReadonlyMap<string, V>) => V;

/** An exception of the modelled Julia program. */
export class JuliaError extends Error {
  constructor(
    readonly kind: string,
    message: string,
    readonly cause?: unknown,
  ) {
    super(`${kind}: ${message}`);
  }
}
/** A mistake of the model's input: a construct it does not know (a test failure, not Julia's). */
export class ModelGap extends Error {}

class Continue {}
class Break {}
class Return {
  constructor(readonly value: V) {}
}

const MIN = -(2n ** 63n);
const MAX = 2n ** 63n - 1n;
const wrap = (x: bigint): bigint => BigInt.asIntN(64, x);
const fail = (kind: string, message: string): never => {
  throw new JuliaError(kind, message);
};

// ---------------------------------------------------------------------------------------------
// Scopes

const UNSET = Symbol('unset');

class Env {
  readonly vars = new Map<string, V | typeof UNSET>();
  constructor(readonly parent: Env | null) {}

  owns(name: string): boolean {
    return this.vars.has(name);
  }

  find(name: string): Env | null {
    for (let e: Env | null = this; e !== null; e = e.parent) if (e.owns(name)) return e;
    return null;
  }
}

/** Names assigned directly in `stmts` (if blocks share the scope; loops and closures do not). */
function assignedNames(stmts: readonly JStmt[], out = new Set<string>()): Set<string> {
  const inExpr = (e: JExpr): void => {
    if (e.k === 'ifexpr') assignedInIf(e.stmt);
  };
  const assignedInIf = (s: JIf): void => {
    for (const b of s.branches) assignedNames(b.body, out);
    if (s.else) assignedNames(s.else, out);
  };
  for (const s of stmts) {
    if (s.k === 'assign' && s.target.k === 'id' && s.target.name !== '_') out.add(s.target.name);
    if (s.k === 'assign') inExpr(s.value);
    if (s.k === 'expr' || s.k === 'return') inExpr(s.k === 'expr' ? s.x : s.x);
    if (s.k === 'if') assignedInIf(s);
  }
  return out;
}

/** A new scope for `stmts`: their assigned names, unless an enclosing scope already has them. */
function enter(parent: Env | null, stmts: readonly JStmt[], bindings: readonly string[] = []): Env {
  const env = new Env(parent);
  for (const b of bindings) env.vars.set(b, UNSET);
  for (const name of assignedNames(stmts)) if (!parent?.find(name)) env.vars.set(name, UNSET);
  return env;
}

// ---------------------------------------------------------------------------------------------
// The evaluator

export class JuliaModel {
  private readonly globals = new Map<string, V>();
  private readonly ends: V[] = [];

  constructor(structs: ReadonlyMap<string, readonly string[]>, threads = 3) {
    for (const [name, value] of Object.entries(builtins(BigInt(threads)))) this.globals.set(name, value);
    for (const [name, fields] of structs) {
      this.globals.set(name, (args) => new Rec(name, new Map(fields.map((f, i) => [f, args[i]!]))));
    }
  }

  defineFunction(name: string, args: readonly string[], params: readonly { name: string; default: JExpr }[], body: readonly JStmt[]): void {
    this.globals.set(name, (values, kw) => {
      const env = enter(null, body, [...args, ...params.map((p) => p.name)]);
      args.forEach((a, i) => env.vars.set(a, values[i]!));
      for (const p of params) env.vars.set(p.name, kw.has(p.name) ? kw.get(p.name)! : this.expr(p.default, env));
      try {
        this.block(body, env);
      } catch (signal) {
        if (signal instanceof Return) return signal.value;
        throw signal;
      }
      throw new ModelGap(`${name} ended without return`);
    });
  }

  call(name: string, args: V[], kw: ReadonlyMap<string, V>): V {
    return callValue(this.globals.get(name)!, args, kw);
  }

  // Statements ------------------------------------------------------------------------------

  /** Runs `stmts`; the value of the last one when it is an expression. */
  block(stmts: readonly JStmt[], env: Env): V {
    let last: V = null;
    for (const s of stmts) last = this.stmt(s, env);
    return last;
  }

  private stmt(s: JStmt, env: Env): V {
    switch (s.k) {
      case 'assign':
        this.assign(s.target, s.op, s.value, env);
        return null;
      case 'expr':
        return this.expr(s.x, env);
      case 'return':
        throw new Return(this.expr(s.x, env));
      case 'if':
        return this.ifStmt(s, env);
      case 'for':
        this.forLoop(s, env);
        return null;
      case 'continue':
        throw new Continue();
      case 'break':
        throw new Break();
      case 'comment':
        return null;
    }
  }

  private assign(target: JExpr, op: '=' | '+=' | '*=', valueExpr: JExpr, env: Env): void {
    if (target.k === 'index') {
      const arr = this.expr(target.x, env);
      if (!Array.isArray(arr)) throw new ModelGap('index assignment into a non-vector');
      const i = this.indexValue(target.index, arr, env);
      if (typeof i !== 'bigint') throw new ModelGap('index assignment with a non-integer');
      checkBounds(arr, i);
      arr[Number(i) - 1] = this.expr(valueExpr, env);
      return;
    }
    if (target.k !== 'id') throw new ModelGap(`assignment to ${target.k}`);
    const value = this.expr(valueExpr, env);
    if (target.name === '_') return;
    const owner = env.find(target.name);
    if (!owner) throw new ModelGap(`assignment to \`${target.name}\` outside any scope`);
    if (op === '=') {
      owner.vars.set(target.name, value);
      return;
    }
    const old = this.lookup(target.name, env);
    owner.vars.set(target.name, op === '+=' ? arith('+', old, value) : arith('*', old, value));
  }

  private ifStmt(s: JIf, env: Env): V {
    for (const b of s.branches) {
      const c = this.expr(b.cond, env);
      if (typeof c !== 'boolean') fail('TypeError', 'non-boolean used in boolean context');
      if (c) return this.block(b.body, env);
    }
    return s.else ? this.block(s.else, env) : null;
  }

  private forLoop(s: Extract<JStmt, { k: 'for' }>, env: Env): void {
    const pattern = parsePattern(s.pattern);
    for (const item of iterate(this.expr(s.iter, env))) {
      const body = enter(env, s.body, patternNames(pattern));
      bindPattern(pattern, item, body);
      try {
        this.block(s.body, body);
      } catch (signal) {
        if (signal instanceof Continue) continue;
        if (signal instanceof Break) break;
        throw signal;
      }
    }
  }

  // Expressions -----------------------------------------------------------------------------

  private lookup(name: string, env: Env): V {
    const owner = env.find(name);
    if (owner) {
      const v = owner.vars.get(name)!;
      if (v === UNSET) fail('UndefVarError', `\`${name}\` not defined in local scope`);
      return v as V;
    }
    if (this.globals.has(name)) return this.globals.get(name)!;
    throw new ModelGap(`unknown name \`${name}\``);
  }

  expr(e: JExpr, env: Env): V {
    switch (e.k) {
      case 'id':
        if (e.name === 'continue') throw new Continue();
        return this.lookup(e.name, env);
      case 'lit':
        return literalValue(e.text);
      case 'type':
        return new TypeV(e.text);
      case 'end': {
        const target = this.ends[this.ends.length - 1];
        if (target === undefined) throw new ModelGap('`end` outside an index');
        return length(target);
      }
      case 'paren':
        return this.expr(e.x, env);
      case 'unary': {
        const x = this.expr(e.x, env);
        if (e.op === '!') return typeof x === 'boolean' ? !x : fail('MethodError', '! of a non-Bool');
        return typeof x === 'bigint' ? wrap(-x) : typeof x === 'number' ? -x : fail('MethodError', 'unary minus');
      }
      case 'binary':
        return this.binary(e, env);
      case 'ternary': {
        const c = this.expr(e.cond, env);
        if (typeof c !== 'boolean') fail('TypeError', 'non-boolean used in boolean context');
        return this.expr(c ? e.then : e.else, env);
      }
      case 'call':
        return this.callExpr(e, env);
      case 'dot': {
        const x = this.expr(e.x, env);
        if (!(x instanceof Rec) || !x.fields.has(e.name)) throw new ModelGap(`no field ${e.name}`);
        return x.fields.get(e.name)!;
      }
      case 'index': {
        const x = this.expr(e.x, env);
        return indexInto(x, this.indexValue(e.index, x, env));
      }
      case 'range': {
        const lo = this.expr(e.lo, env);
        const hi = this.expr(e.hi, env);
        if (typeof lo !== 'bigint' || typeof hi !== 'bigint') throw new ModelGap('non-integer range');
        return new Range(lo, hi);
      }
      case 'lambda':
        return (args) => {
          const scope = new Env(env);
          e.params.forEach((p, i) => scope.vars.set(p, args[i]!));
          return this.expr(e.body, scope);
        };
      case 'generator': {
        const pattern = parsePattern(e.pattern);
        const gen = new Iter(() => this.generate(e, pattern, env));
        return e.comprehension === null ? gen : [...iterate(gen)].map((v) => convert(e.comprehension!, v));
      }
      case 'namedtuple':
        return new Rec(null, new Map(e.fields.map((f) => [f.name, this.expr(f.value, env)])));
      case 'tuple':
        return new Tuple(e.items.map((x) => this.expr(x, env)));
      case 'empty':
        return [];
      case 'ifexpr':
        return this.ifStmt(e.stmt, env);
      case 'do': {
        if (e.call.k !== 'call') throw new ModelGap('do block on a non-call');
        const fn: Fn = (args) => {
          const scope = enter(env, e.body, e.params);
          e.params.forEach((p, i) => scope.vars.set(p, args[i]!));
          return this.block(e.body, scope);
        };
        const callee = this.expr(e.call.fn, env);
        return callValue(callee, [fn, ...e.call.args.map((a) => this.expr(a, env))], new Map());
      }
      case 'spawn': {
        const scope = enter(env, e.body);
        try {
          return new Task(this.block(e.body, scope), undefined);
        } catch (error) {
          if (error instanceof ModelGap) throw error;
          return new Task(null, error);
        }
      }
    }
  }

  private *generate(e: Extract<JExpr, { k: 'generator' }>, pattern: Pattern, env: Env): Iterable<V> {
    for (const item of iterate(this.expr(e.iter, env))) {
      const scope = new Env(env);
      for (const n of patternNames(pattern)) scope.vars.set(n, UNSET);
      bindPattern(pattern, item, scope);
      if (e.cond !== null && this.expr(e.cond, scope) !== true) continue;
      yield this.expr(e.body, scope);
    }
  }

  private indexValue(index: JExpr, target: V, env: Env): V {
    this.ends.push(target);
    try {
      return this.expr(index, env);
    } finally {
      this.ends.pop();
    }
  }

  private binary(e: Extract<JExpr, { k: 'binary' }>, env: Env): V {
    if (e.op === '&&' || e.op === '||') {
      const l = this.expr(e.x, env);
      if (typeof l !== 'boolean') fail('TypeError', 'non-boolean used in boolean context');
      if (e.op === '&&' ? !l : l) return l;
      return this.expr(e.y, env);
    }
    const l = this.expr(e.x, env);
    const r = this.expr(e.y, env);
    switch (e.op) {
      case '==':
        return equal(l, r);
      case '!=':
        return !equal(l, r);
      case '<':
        return less(l, r);
      case '>':
        return less(r, l);
      case '<=':
        return lessOrEqual(l, r);
      case '>=':
        return lessOrEqual(r, l);
      default:
        return arith(e.op, l, r);
    }
  }

  private callExpr(e: Extract<JExpr, { k: 'call' }>, env: Env): V {
    if (e.fn.k === 'id' && e.fn.name.endsWith('.')) {
      // `f.(xs)`: broadcast over one vector.
      const f = this.lookup(e.fn.name.slice(0, -1), env);
      return [...iterate(this.expr(e.args[0]!, env))].map((x) => callValue(f, [x], new Map()));
    }
    const f = this.expr(e.fn, env);
    const args = e.args.map((a) => this.expr(a, env));
    const kw = new Map(e.kwargs.map((k) => [k.name, this.expr(k.value, env)] as const));
    return callValue(f, args, kw);
  }
}

// ---------------------------------------------------------------------------------------------
// Patterns (`x`, `(i, x)`, `(i, (x, y))`)

type Pattern = string | Pattern[];

function parsePattern(text: string): Pattern {
  let pos = 0;
  const parse = (): Pattern => {
    if (text[pos] === '(') {
      pos++;
      const items: Pattern[] = [];
      for (;;) {
        items.push(parse());
        if (text[pos] === ',') {
          pos += 2;
          continue;
        }
        pos++; // ')'
        return items;
      }
    }
    const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(pos))!;
    pos += m[0].length;
    return m[0];
  };
  return parse();
}

function patternNames(p: Pattern): string[] {
  return typeof p === 'string' ? [p] : p.flatMap(patternNames);
}

function bindPattern(p: Pattern, value: V, env: Env): void {
  if (typeof p === 'string') {
    env.vars.set(p, value);
    return;
  }
  const items = value instanceof Tuple ? value.items : fail('ModelGap', 'destructuring a non-tuple');
  p.forEach((q, i) => bindPattern(q, items[i]!, env));
}

// ---------------------------------------------------------------------------------------------
// Values

function literalValue(text: string): V {
  if (text === 'true' || text === 'false') return text === 'true';
  if (text.startsWith('"')) return juliaString(text);
  if (/^-?\d+$/.test(text)) return BigInt(text);
  return Number(text);
}

/** The value of a Julia string literal (the escapes stringText writes). */
export function juliaString(literal: string): string {
  const body = [...literal.slice(1, -1)];
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]!;
    if (ch === '$') throw new ModelGap('interpolation in a string literal');
    if (ch !== '\\') {
      out += ch;
      continue;
    }
    const e = body[++i]!;
    const simple: Record<string, string> = { '\\': '\\', '"': '"', $: '$', n: '\n', t: '\t', r: '\r' };
    if (e in simple) out += simple[e];
    else if (e === 'u') {
      let hex = '';
      while (hex.length < 4 && /[0-9a-fA-F]/.test(body[i + 1] ?? '')) hex += body[++i];
      out += String.fromCodePoint(parseInt(hex, 16));
    } else throw new ModelGap(`escape \\${e}`);
  }
  return out;
}

function callValue(f: V, args: V[], kw: ReadonlyMap<string, V>): V {
  if (typeof f === 'function') return f(args, kw);
  if (f instanceof TypeV) return construct(f.text, args);
  throw new ModelGap(`calling a ${describe(f)}`);
}

function construct(type: string, args: V[]): V {
  if (type === 'Float64') return toFloat(args[0]!);
  if (type === 'Int64') return toInt(args[0]!);
  if (type.startsWith('Vector{')) {
    if (args.length === 0) return [];
    const n = args[1];
    if (typeof n !== 'bigint') throw new ModelGap('Vector(undef, n) with a non-integer');
    return Array.from({ length: Number(n) }, () => UNDEF);
  }
  if (type.startsWith('Dict{')) return new Dict();
  throw new ModelGap(`constructing ${type}`);
}

/** Julia's `convert` into an array's element type. */
function convert(type: string, v: V): V {
  if (type === 'Float64' && typeof v === 'bigint') return Number(v);
  if (type === 'Int64' && typeof v === 'number') return toInt(v);
  return v;
}

function toFloat(v: V): number {
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'number') return v;
  throw new ModelGap(`Float64(${describe(v)})`);
}

function toInt(v: V): bigint {
  if (typeof v === 'bigint') return v;
  if (typeof v === 'number' && Number.isInteger(v) && v >= -(2 ** 63) && v < 2 ** 63) return BigInt(v);
  return fail('InexactError', `Int64(${String(v)})`);
}

function describe(v: V): string {
  if (v === null) return 'nothing';
  if (Array.isArray(v)) return 'Vector';
  if (typeof v === 'object') return v.constructor.name;
  return typeof v;
}

function checkBounds(arr: readonly V[], i: bigint): void {
  if (i < 1n || i > BigInt(arr.length)) fail('BoundsError', `attempt to access ${arr.length}-element Vector at index [${i}]`);
}

function indexInto(x: V, i: V): V {
  if (x instanceof Dict) {
    const entry = x.entries.get(dictKey(i));
    return entry ? entry[1] : fail('KeyError', `key ${String(i)} not found`);
  }
  if (x instanceof Range) {
    if (typeof i !== 'bigint') throw new ModelGap('range index');
    if (i < 1n || i > x.length) fail('BoundsError', 'range index');
    return x.lo + i - 1n;
  }
  if (!Array.isArray(x)) throw new ModelGap(`indexing a ${describe(x)}`);
  if (typeof i === 'bigint') {
    checkBounds(x, i);
    const v = x[Number(i) - 1]!;
    return v instanceof Undef ? fail('UndefRefError', 'access to undefined reference') : v;
  }
  if (i instanceof Range) {
    if (i.length === 0n) return [];
    checkBounds(x, i.lo);
    checkBounds(x, i.hi);
    return x.slice(Number(i.lo) - 1, Number(i.hi));
  }
  if (Array.isArray(i)) return i.map((j) => indexInto(x, j));
  throw new ModelGap('index of an unknown kind');
}

function length(v: V): bigint {
  if (Array.isArray(v)) return BigInt(v.length);
  if (v instanceof Range) return v.length;
  if (v instanceof Tuple) return BigInt(v.items.length);
  if (v instanceof Dict) return BigInt(v.entries.size);
  if (typeof v === 'string') return BigInt([...v].length);
  if (v instanceof Iter) return BigInt([...iterate(v)].length);
  throw new ModelGap(`length of a ${describe(v)}`);
}

export function* iterate(v: V): Iterable<V> {
  if (Array.isArray(v)) {
    for (const x of v) yield x instanceof Undef ? fail('UndefRefError', 'access to undefined reference') : x;
  } else if (v instanceof Range) {
    for (let i = v.lo; i <= v.hi; i++) yield i;
  } else if (v instanceof Iter) yield* v.items();
  else if (v instanceof Tuple) yield* v.items;
  else if (v instanceof Dict) {
    // Julia's Dict order is unspecified; reverse insertion order catches reliance on it.
    for (const [k, x] of [...v.entries.values()].reverse()) yield new Tuple([k, x]);
  } else throw new ModelGap(`iterating a ${describe(v)}`);
}

function dictKey(k: V): string {
  return `${typeof k}:${String(k)}`;
}

function arith(op: string, a: V, b: V): V {
  if (typeof a === 'bigint' && typeof b === 'bigint') {
    switch (op) {
      case '+':
        return wrap(a + b);
      case '-':
        return wrap(a - b);
      case '*':
        return wrap(a * b);
      case '%':
        return b === 0n ? fail('DivideError', 'integer division error') : a % b;
      case '/':
        return Number(a) / Number(b);
    }
  }
  if ((typeof a === 'number' || typeof a === 'bigint') && (typeof b === 'number' || typeof b === 'bigint')) {
    const x = Number(a);
    const y = Number(b);
    switch (op) {
      case '+':
        return x + y;
      case '-':
        return x - y;
      case '*':
        return x * y;
      case '/':
        return x / y;
      case '%':
        return x % y;
    }
  }
  throw new ModelGap(`${describe(a)} ${op} ${describe(b)}`);
}

function equal(a: V, b: V): boolean {
  if (typeof a === 'bigint' && typeof b === 'bigint') return a === b;
  if (typeof a === 'number' || typeof b === 'number') return Number(a) === Number(b);
  return a === b;
}

function less(a: V, b: V): boolean {
  if (typeof a === 'string' && typeof b === 'string') return compareCodePoints(a, b) < 0;
  if (typeof a === 'bigint' && typeof b === 'bigint') return a < b;
  if (typeof a === 'boolean' && typeof b === 'boolean') return !a && b;
  return Number(a) < Number(b);
}

function lessOrEqual(a: V, b: V): boolean {
  if (typeof a === 'number' || typeof b === 'number') return Number(a) <= Number(b);
  return less(a, b) || equal(a, b);
}

function compareCodePoints(a: string, b: string): number {
  const x = [...a].map((c) => c.codePointAt(0)!);
  const y = [...b].map((c) => c.codePointAt(0)!);
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
  return x.length - y.length;
}

/** Julia's `isless`: -0.0 before 0.0, NaN after every number. */
function isless(a: V, b: V): boolean {
  if (typeof a === 'number' && typeof b === 'number') {
    if (Number.isNaN(a)) return false;
    if (Number.isNaN(b)) return true;
    if (a === 0 && b === 0) return Object.is(a, -0) && !Object.is(b, -0);
    return a < b;
  }
  return less(a, b);
}

function truthy(v: V): boolean {
  if (typeof v !== 'boolean') fail('TypeError', 'non-boolean used in boolean context');
  return v as boolean;
}

/** Julia's `min`/`max` on floats: NaN wins, -0.0 is less than 0.0. */
function juliaMin(a: V, b: V): V {
  if (typeof a === 'number' || typeof b === 'number') {
    const x = Number(a);
    const y = Number(b);
    if (Number.isNaN(x) || Number.isNaN(y)) return NaN;
    return isless(y, x) ? y : x;
  }
  return less(b, a) ? b : a;
}

function juliaMax(a: V, b: V): V {
  if (typeof a === 'number' || typeof b === 'number') {
    const x = Number(a);
    const y = Number(b);
    if (Number.isNaN(x) || Number.isNaN(y)) return NaN;
    return isless(x, y) ? y : x;
  }
  return less(a, b) ? b : a;
}

/** An empty vector or range: Base's sum and prod know its element type (the emitter uses them on Int64 only). */
function isEmptyCollection(v: V): boolean {
  return (Array.isArray(v) && v.length === 0) || (v instanceof Range && v.length === 0n);
}

function fold(op: V, items: Iterable<V>, init: V | undefined, what: string): V {
  let acc = init;
  for (const x of items) acc = acc === undefined ? x : callValue(op, [acc, x], new Map());
  return acc === undefined ? fail('ArgumentError', `reducing over an empty collection is not allowed (${what})`) : acc;
}

/** `f(xs)`, `f(fn, xs)` or `f(generator)` argument forms of Base's reducers. */
function mapped(args: V[]): Iterable<V> {
  if (args.length === 1) return iterate(args[0]!);
  const [fn, xs] = args as [V, V];
  return (function* () {
    for (const x of iterate(xs)) yield callValue(fn, [x], new Map());
  })();
}

function stableSort(items: V[], kw: ReadonlyMap<string, V>): number[] {
  const by = kw.get('by');
  const lt = kw.get('lt');
  const keys = by === undefined ? items : items.map((x) => callValue(by, [x], new Map()));
  const before = (a: V, b: V): boolean => (lt === undefined ? isless(a, b) : truthy(callValue(lt, [a, b], new Map())));
  const rev = kw.get('rev') === true;
  const order = items.map((_, i) => i);
  order.sort((i, j) => {
    const [a, b] = rev ? [keys[j]!, keys[i]!] : [keys[i]!, keys[j]!];
    return before(a, b) ? -1 : before(b, a) ? 1 : 0;
  });
  return order;
}

function roundTiesAway(x: number): number {
  const y = Math.trunc(x);
  return x === y ? y : Math.trunc(2 * x - y);
}

function power(x: number, y: number): number {
  if (x === 1 || y === 0) return 1;
  if (Number.isNaN(y)) return y;
  if (x < 0 && Number.isFinite(y) && !Number.isInteger(y)) return fail('DomainError', 'Exponentiation yielding a complex result');
  if (x === -1 && !Number.isFinite(y)) return 1;
  return Math.pow(x, y);
}

const fn =
  (f: (...args: V[]) => V): Fn =>
  (args) =>
    f(...args);

function builtins(threads: bigint): Record<string, V> {
  const extremum = (better: (a: V, b: V) => boolean) => (share: V, x: V): V => {
    if (share === null) return new Tuple([x, x]);
    const [lead, best] = (share as Tuple).items as [V, V];
    return new Tuple([lead, (typeof best === 'number' && Number.isNaN(best)) || better(x, best) ? x : best]);
  };
  return {
    nothing: null,
    Inf: Infinity,
    NaN: NaN,
    undef: UNDEF,
    RoundNearestTiesAway: 'RoundNearestTiesAway',
    MergeSort: 'MergeSort',
    Float64: new TypeV('Float64'),
    Int64: new TypeV('Int64'),
    '+': fn((a, b) => arith('+', a!, b!)),
    '*': fn((a, b) => arith('*', a!, b!)),
    '<': fn((a, b) => less(a!, b!)),
    '>': fn((a, b) => less(b!, a!)),
    abs: fn((x) => (typeof x === 'bigint' ? wrap(x < 0n ? -x : x) : Math.abs(x as number))),
    floor: fn((x) => Math.floor(x as number)),
    ceil: fn((x) => Math.ceil(x as number)),
    exp: fn((x) => Math.exp(x as number)),
    sqrt: fn((x) => ((x as number) < 0 ? fail('DomainError', 'sqrt of a negative number') : Math.sqrt(x as number))),
    log: fn((x) => ((x as number) < 0 ? fail('DomainError', 'log of a negative number') : Math.log(x as number))),
    round: fn((x, mode) => (mode === 'RoundNearestTiesAway' ? roundTiesAway(x as number) : fail('ModelGap', 'round mode'))),
    div: fn((a, b) =>
      b === 0n || (a === MIN && b === -1n) ? fail('DivideError', 'integer division error') : (a as bigint) / (b as bigint),
    ),
    trunc: fn((type, x) => (type instanceof TypeV && type.text === 'Int64' ? toInt(Math.trunc(x as number)) : fail('ModelGap', 'trunc'))),
    typemin: fn(() => MIN),
    typemax: fn(() => MAX),
    isnan: fn((x) => typeof x === 'number' && Number.isNaN(x)),
    isfinite: fn((x) => typeof x === 'bigint' || Number.isFinite(x as number)),
    isinteger: fn((x) => typeof x === 'bigint' || Number.isInteger(x as number)),
    min: fn((a, b) => juliaMin(a!, b!)),
    max: fn((a, b) => juliaMax(a!, b!)),
    clamp: fn((x, lo, hi) => (less(hi!, x!) ? hi! : less(x!, lo!) ? lo! : x!)),
    cld: fn((a, b) => {
      const [x, y] = [a as bigint, b as bigint];
      const q = x / y;
      return q * y === x || x < 0n !== y < 0n ? q : q + 1n;
    }),
    length: fn((x) => length(x!)),
    isempty: fn((x) => length(x!) === 0n),
    first: (args) => {
      if (args.length === 1) {
        const x = args[0]!;
        return x instanceof Tuple ? x.items[0]! : indexInto(x, 1n);
      }
      const [xs, n] = args as [V[], bigint];
      return n < 0n ? fail('ArgumentError', 'Number of elements must be non-negative') : xs.slice(0, Number(n > BigInt(xs.length) ? BigInt(xs.length) : n));
    },
    last: fn((x) => (x instanceof Tuple ? x.items[x.items.length - 1]! : indexInto(x!, length(x!)))),
    reverse: fn((xs) => [...iterate(xs!)].reverse()),
    collect: fn((xs) => [...iterate(xs!)]),
    eachindex: fn((xs) => new Range(1n, length(xs!))),
    enumerate: fn((xs) => new Iter(() => [...iterate(xs!)].map((x, i) => new Tuple([BigInt(i + 1), x])))),
    zip: (args) =>
      new Iter(function* () {
        const its = args.map((a) => iterate(a)[Symbol.iterator]());
        for (;;) {
          const next = its.map((it) => it.next());
          if (next.some((r) => r.done)) return;
          yield new Tuple(next.map((r) => r.value as V));
        }
      }),
    'Iterators.countfrom': fn(
      (start) =>
        new Iter(function* () {
          for (let i = start as bigint; ; i++) yield i;
        }),
    ),
    'Threads.nthreads': fn(() => threads),
    filter: fn((f, xs) => [...iterate(xs!)].filter((x) => truthy(callValue(f!, [x], new Map())))),
    count: (args) => BigInt([...mapped(args)].filter(truthy).length),
    any: (args) => {
      for (const x of mapped(args)) if (truthy(x)) return true;
      return false;
    },
    all: (args) => {
      for (const x of mapped(args)) if (!truthy(x)) return false;
      return true;
    },
    sum: (args, kw) => {
      if (args.length === 1 && isEmptyCollection(args[0]!) && !kw.has('init')) return 0n; // sum(Int64[]), sum(1:0)
      return fold(fn((a, b) => arith('+', a!, b!)), mapped(args), kw.get('init'), 'sum');
    },
    prod: (args, kw) => {
      if (args.length === 1 && isEmptyCollection(args[0]!) && !kw.has('init')) return 1n;
      return fold(fn((a, b) => arith('*', a!, b!)), mapped(args), kw.get('init'), 'prod');
    },
    minimum: (args) => fold(fn((a, b) => juliaMin(a!, b!)), mapped(args), undefined, 'minimum'),
    maximum: (args) => fold(fn((a, b) => juliaMax(a!, b!)), mapped(args), undefined, 'maximum'),
    foldl: (args, kw) => fold(args[0]!, iterate(args[1]!), kw.get('init'), 'foldl'),
    mapfoldl: (args, kw) => fold(args[1]!, mapped([args[0]!, args[2]!]), kw.get('init'), 'mapfoldl'),
    reduce: (args, kw) => fold(args[0]!, iterate(args[1]!), kw.get('init'), 'reduce'),
    vcat: fn((a, b) => [...iterate(a!), ...iterate(b!)]),
    accumulate: (args, kw) => {
      let acc = kw.get('init');
      if (acc === undefined) throw new ModelGap('accumulate without init');
      const out: V[] = [];
      for (const x of iterate(args[1]!)) out.push((acc = callValue(args[0]!, [acc!, x], new Map())));
      return out;
    },
    map: fn((f, xs) => [...iterate(xs!)].map((x) => callValue(f!, [x], new Map()))),
    sort: (args, kw) => {
      const items = [...iterate(args[0]!)];
      return stableSort(items, kw).map((i) => items[i]!);
    },
    'sort!': (args, kw) => {
      const items = args[0] as V[];
      const sorted = stableSort(items, kw).map((i) => items[i]!);
      items.splice(0, items.length, ...sorted);
      return items;
    },
    sortperm: (args, kw) => stableSort([...iterate(args[0]!)], kw).map((i) => BigInt(i + 1)),
    'append!': fn((xs, ys) => {
      (xs as V[]).push(...iterate(ys!));
      return xs!;
    }),
    'push!': fn((xs, x) => {
      (xs as V[]).push(x!);
      return xs!;
    }),
    'get!': fn((make, d, k) => {
      const dict = d as Dict;
      const key = dictKey(k!);
      if (!dict.entries.has(key)) dict.entries.set(key, [k!, callValue(make!, [], new Map())]);
      return dict.entries.get(key)![1];
    }),
    // Dict iteration order is unspecified in Julia; reverse insertion order catches reliance on it.
    keys: fn((d) => new Iter(() => [...(d as Dict).entries.values()].map(([k]) => k).reverse())),
    fetch: fn((t) => {
      const task = t as Task;
      if (task.error !== undefined) throw new JuliaError('TaskFailedException', 'a task failed', task.error);
      return task.value;
    }),
    throw: fn((e) => {
      throw e as unknown as JuliaError;
    }),
    ArgumentError: fn((message) => new JuliaError('ArgumentError', String(message)) as unknown as V),
    lesser: fn((a, b) => (less(b!, a!) ? b! : a!)),
    greater: fn((a, b) => (less(a!, b!) ? b! : a!)),
    float_key_less: fn((a, b) => (a as number) < (b as number) || (Number.isNaN(b) && !Number.isNaN(a))),
    sqrt_or_nan: fn((x) => ((x as number) < 0 ? NaN : Math.sqrt(x as number))),
    log_or_nan: fn((x) => ((x as number) < 0 ? NaN : Math.log(x as number))),
    pow: fn((x, y) => {
      const [a, b] = [x as number, y as number];
      if (a < 0 && Number.isFinite(b) && !Number.isInteger(b)) return a === -Infinity ? (b > 0 ? Infinity : 0) : NaN;
      return power(a, b);
    }),
    saturating_int64: fn((x) => {
      const f = x as number;
      if (Number.isNaN(f)) return 0n;
      if (f >= 2 ** 63) return MAX;
      if (f < -(2 ** 63)) return MIN;
      return toInt(Math.trunc(f));
    }),
    wrapping_div: fn((a, b) => (b === -1n ? wrap(-(a as bigint)) : b === 0n ? fail('DivideError', 'integer division error') : (a as bigint) / (b as bigint))),
    chunk_ranges: fn((n) => {
      const total = n as bigint;
      const size = total <= threads ? 1n : (total + threads - 1n) / threads; // max(1, cld(n, nthreads()))
      return new Iter(function* () {
        for (let lo = 1n; lo <= total; lo += size) yield new Range(lo, lo + size - 1n > total ? total : lo + size - 1n);
      });
    }),
    extend_share: fn((share, x, better) => extremum((a, b) => truthy(callValue(better!, [a, b], new Map())))(share!, x!)),
    merge_shares: fn((shares, better, what) => {
      const found = [...iterate(shares!)].filter((s) => s !== null) as Tuple[];
      if (found.length === 0) fail('ArgumentError', `${String(what)} of an empty array`);
      const lead = found[0]!.items[0]!;
      if (typeof lead === 'number' && Number.isNaN(lead)) return lead;
      let best = found[0]!.items[1]!;
      for (const s of found) {
        const b = s.items[1]!;
        if ((typeof best === 'number' && Number.isNaN(best)) || truthy(callValue(better!, [b, best], new Map()))) best = b;
      }
      return best;
    }),
  };
}
