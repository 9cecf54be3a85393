// Random well-typed `.live` programs with matching random inputs, for the differential tests.
//
// Generation is type-directed: `expr(type, env, depth)` builds an expression of the requested type
// from the variables in scope (args, params, let-bound locals, lambda parameters), so every
// program type-checks by construction. Programs avoid runtime errors and NaN/Infinity by shape
// rather than by luck: integer divisors are `abs(b) + 1`, non-zero literals or guarded by
// `b != 0`; `min`/`max`/`mean` and indexing are guarded by `len() > 0`; `sqrt`/`ln`/`exp`/`pow`
// get arguments inside their domain. A few i64 products deliberately wrap (wrapping is defined),
// and a few divisions, reductions and indexings are deliberately left unguarded
// (`RISKY_PERCENT`), so that a small share of cases raise CLR001–CLR003 and the tests compare
// the error paths of the targets too.
//
// All randomness is drawn through fast-check's `fc.gen()`, so a failing case shrinks: every
// choice shrinks toward its first option, and options are listed simplest first.

import fc from 'fast-check';
import { anonymousRecordName, arrayOf, BOOL, F64, I64, sameType, showType, STR, type Field, type Type } from '../../src/lang/types.js';

// ---------------------------------------------------------------- public API

export interface GeneratedInput {
  /** JSON-ready: i64 values are plain numbers within ±1e9, records are objects. */
  readonly args: Record<string, unknown>;
  /** Some params are left out on purpose: they take their defaults. */
  readonly params: Record<string, unknown>;
}

export interface GeneratedCase {
  readonly source: string;
  readonly kernel: string;
  readonly input: GeneratedInput;
}

export interface GenOptions {
  /** Nesting depth of generated expressions; each level is one operator, call or pipeline stage. */
  readonly maxDepth?: number;
}

export const GENERATED_KERNEL = 'generated';

export function programArbitrary(opts: GenOptions = {}): fc.Arbitrary<GeneratedCase> {
  const maxDepth = opts.maxDepth ?? 4;
  return fc.gen().map((g) => withReadableDisplay(new ProgramBuilder(rngFrom(g), maxDepth).build()));
}

/** `count` cases, the same for the same seed. */
export function sampleCases(count: number, seed: number, opts?: GenOptions): GeneratedCase[] {
  return fc.sample(programArbitrary(opts), { seed, numRuns: count });
}

/** How a case reads in a failure message: the program as written, then its input. */
export function describeCase(c: GeneratedCase): string {
  return `${c.source}\n# input: ${JSON.stringify(c.input)}`;
}

function withReadableDisplay(c: GeneratedCase): GeneratedCase {
  // Non-enumerable, so equality checks and JSON ignore it; fast-check uses it in reports.
  Object.defineProperty(c, fc.toStringMethod, { value: () => describeCase(c), enumerable: false });
  return c;
}

// ---------------------------------------------------------------- randomness

interface Rng {
  /** Uniform in [min, max]; shrinks toward min. */
  int(min: number, max: number): number;
  /** True with the given probability (percent); shrinks toward false. */
  chance(percent: number): boolean;
  /** Shrinks toward the first element: list the simplest first. */
  pick<T>(xs: readonly T[]): T;
  /** `[weight, option]` pairs; shrinks toward the first option. */
  weighted<T>(options: readonly (readonly [number, T])[]): T;
}

function rngFrom(g: fc.GeneratorValue): Rng {
  // Unbiased: fast-check's default bias favours bounds, which here would mean "first option" at
  // every choice and trivially small programs. Shrinking still moves toward `min`.
  const int = (min: number, max: number): number => g(uniformInt, min, max);
  const pick = <T>(xs: readonly T[]): T => {
    if (xs.length === 0) throw new Error('pick from an empty list');
    return xs[int(0, xs.length - 1)] as T;
  };
  return {
    int,
    pick,
    chance: (percent) => int(0, 99) >= 100 - percent,
    weighted: (options) => {
      const live = options.filter(([w]) => w > 0);
      let r = int(0, live.reduce((s, [w]) => s + w, 0) - 1);
      for (const [w, option] of live) {
        if (r < w) return option;
        r -= w;
      }
      throw new Error('unreachable: weights exhausted');
    },
  };
}

const uniformInt = (min: number, max: number): fc.Arbitrary<number> => fc.noBias(fc.integer({ min, max }));

// ---------------------------------------------------------------- syntax nodes and printer

type Node =
  | { readonly k: 'atom'; readonly text: string }
  /** A negative literal: needs parentheses as an operand. */
  | { readonly k: 'neg'; readonly text: string }
  | { readonly k: 'binary'; readonly op: string; readonly left: Node; readonly right: Node }
  | { readonly k: 'unary'; readonly op: '-' | '!'; readonly arg: Node }
  | { readonly k: 'call'; readonly fn: string; readonly args: readonly Node[] }
  | { readonly k: 'method'; readonly target: Node; readonly name: string; readonly args: readonly Node[] }
  | { readonly k: 'field'; readonly target: Node; readonly name: string }
  | { readonly k: 'index'; readonly target: Node; readonly index: Node }
  | { readonly k: 'lambda'; readonly params: readonly string[]; readonly body: Node }
  | { readonly k: 'if'; readonly cond: Node; readonly then: Node; readonly else: Node }
  | { readonly k: 'block'; readonly lets: readonly LetNode[]; readonly result: Node }
  | { readonly k: 'record'; readonly fields: readonly LetNode[] };

interface LetNode {
  readonly name: string;
  readonly value: Node;
}

const atom = (text: string): Node => ({ k: 'atom', text });
const bin = (op: string, left: Node, right: Node): Node => ({ k: 'binary', op, left, right });
const call = (fn: string, ...args: Node[]): Node => ({ k: 'call', fn, args });
const method = (target: Node, name: string, ...args: Node[]): Node => ({ k: 'method', target, name, args });
const ifElse = (cond: Node, then: Node, otherwise: Node): Node => ({ k: 'if', cond, then, else: otherwise });

const WIDTH = 92;
const pad = (n: number): string => ' '.repeat(n);

/** Fully parenthesised operands keep precedence out of the picture. */
function needsParens(child: Node, context: 'operand' | 'target'): boolean {
  if (context === 'target') return !['atom', 'call', 'method', 'field', 'index'].includes(child.k);
  return ['neg', 'binary', 'unary', 'if', 'lambda', 'block', 'record'].includes(child.k);
}

function hasBlock(n: Node): boolean {
  switch (n.k) {
    case 'atom':
    case 'neg':
      return false;
    case 'block':
      return true;
    case 'binary':
      return hasBlock(n.left) || hasBlock(n.right);
    case 'unary':
      return hasBlock(n.arg);
    case 'call':
    case 'method':
      return (n.k === 'method' && hasBlock(n.target)) || n.args.some(hasBlock);
    case 'field':
      return hasBlock(n.target);
    case 'index':
      return hasBlock(n.target) || hasBlock(n.index);
    case 'lambda':
      return hasBlock(n.body);
    case 'if':
      return hasBlock(n.cond) || hasBlock(n.then) || hasBlock(n.else);
    case 'record':
      return n.fields.some((f) => hasBlock(f.value));
  }
}

function flat(n: Node): string {
  const sub = (c: Node, ctx: 'operand' | 'target'): string => (needsParens(c, ctx) ? `(${flat(c)})` : flat(c));
  switch (n.k) {
    case 'atom':
    case 'neg':
      return n.text;
    case 'binary':
      return `${sub(n.left, 'operand')} ${n.op} ${sub(n.right, 'operand')}`;
    case 'unary':
      return `${n.op}${sub(n.arg, 'operand')}`;
    case 'call':
      return `${n.fn}(${n.args.map(flat).join(', ')})`;
    case 'method':
      return `${sub(n.target, 'target')}.${n.name}(${n.args.map(flat).join(', ')})`;
    case 'field':
      return `${sub(n.target, 'target')}.${n.name}`;
    case 'index':
      return `${sub(n.target, 'target')}[${flat(n.index)}]`;
    case 'lambda':
      return `${lambdaParams(n.params)} => ${flat(n.body)}`;
    case 'if':
      return `if ${condition(n.cond, flat)} { ${flat(n.then)} } else ${n.else.k === 'if' ? flat(n.else) : `{ ${flat(n.else)} }`}`;
    case 'block':
      return `{ ${n.lets.map((l) => `let ${l.name} = ${flat(l.value)}; `).join('')}${flat(n.result)} }`;
    case 'record':
      return `{ ${n.fields.map((f) => `${f.name}: ${flat(f.value)}`).join(', ')} }`;
  }
}

/** `if (if a { b } else { c }) { … }` reads better with the inner `if` in parentheses. */
const condition = (cond: Node, print: (n: Node) => string): string => (cond.k === 'if' ? `(${print(cond)})` : print(cond));

const lambdaParams = (params: readonly string[]): string => (params.length === 1 ? params[0]! : `(${params.join(', ')})`);

/** `n` printed starting at indentation `ind`: on one line when it fits and holds no `let`. */
function pretty(n: Node, ind: number): string {
  const one = flat(n);
  if (!hasBlock(n) && ind + one.length <= WIDTH) return one;
  const sub = (c: Node, ctx: 'operand' | 'target', at: number): string =>
    needsParens(c, ctx) ? `(${pretty(c, at + 1)})` : pretty(c, at);
  switch (n.k) {
    case 'atom':
    case 'neg':
      return n.text;
    case 'binary':
      return `${sub(n.left, 'operand', ind)} ${n.op} ${sub(n.right, 'operand', ind)}`;
    case 'unary':
      return `${n.op}${sub(n.arg, 'operand', ind)}`;
    case 'call':
      return `${n.fn}(${n.args.map((a) => pretty(a, ind)).join(', ')})`;
    case 'method': {
      // A pipeline: one stage per line.
      const stages: { name: string; args: readonly Node[] }[] = [];
      let base: Node = n;
      while (base.k === 'method') {
        stages.unshift({ name: base.name, args: base.args });
        base = base.target;
      }
      const head = sub(base, 'target', ind);
      return head + stages.map((s) => `\n${pad(ind + 2)}.${s.name}(${s.args.map((a) => pretty(a, ind + 2)).join(', ')})`).join('');
    }
    case 'field':
      return `${sub(n.target, 'target', ind)}.${n.name}`;
    case 'index':
      return `${sub(n.target, 'target', ind)}[${pretty(n.index, ind)}]`;
    case 'lambda':
      return `${lambdaParams(n.params)} => ${pretty(n.body, ind)}`;
    case 'if': {
      const otherwise = n.else.k === 'if' ? pretty(n.else, ind) : `{\n${branch(n.else, ind + 2)}\n${pad(ind)}}`;
      return `if ${condition(n.cond, (c) => pretty(c, ind))} {\n${branch(n.then, ind + 2)}\n${pad(ind)}} else ${otherwise}`;
    }
    case 'block':
      return `{\n${branch(n, ind + 2)}\n${pad(ind)}}`;
    case 'record':
      return `{\n${n.fields.map((f) => `${pad(ind + 2)}${f.name}: ${pretty(f.value, ind + 2)}`).join(',\n')}\n${pad(ind)}}`;
  }
}

/** The inside of a `{ … }`: a block's lets and result, or a single expression, one per line. */
function branch(n: Node, ind: number): string {
  if (n.k !== 'block') return pad(ind) + pretty(n, ind);
  const lets = n.lets.map((l) => `${pad(ind)}let ${l.name} = ${pretty(l.value, ind)};\n`);
  return lets.join('') + pad(ind) + pretty(n.result, ind);
}

// ---------------------------------------------------------------- vocabulary

/** Ordered by code point: "" < "B" < "a" < "ab" < "é" < "ｚ" (U+FF5A) < "😀" (U+1F600). "ｚ" vs
 * "😀" is where UTF-16 order (JS `<`) and code-point order disagree. */
const STRINGS = ['a', 'B', '', 'é', '😀', 'ab', 'ｚ', 'aé', 'B😀'];
const F64_POOL = [1.0, 0.5, 0.0, -1.0, 2.5, -2.5, 10.0, 0.1, 1000.0, -0.25];
/** i64 literals that make products wrap around (wrapping is defined behaviour). */
const WRAPPING_I64 = ['4611686018427387904', '9223372036854775807', '3037000500', '1099511628211'];
/** How often a guard against a runtime error is left out. */
const RISKY_PERCENT = 15;
const SCALARS: readonly Type[] = [I64, F64, BOOL, STR];
const ORDERED: readonly Type[] = [I64, F64, STR, BOOL];

const ARG_NAMES: Record<string, readonly string[]> = {
  'array:f64': ['xs', 'prices', 'weights', 'select'],
  'array:i64': ['ns', 'counts', 'ids'],
  'array:str': ['words', 'names', 'tags'],
  'array:bool': ['flags', 'mask'],
  'array:record': ['rows', 'items', 'trades'],
  f64: ['x0', 'factor', 'type'],
  i64: ['n', 'offset', 'match'],
  str: ['label', 'prefix'],
  bool: ['flag', 'verbose'],
};
const PARAM_NAMES: Record<string, readonly string[]> = {
  f64: ['gain', 'threshold', 'alpha'],
  i64: ['k', 'limit', 'shift'],
  bool: ['strict', 'enabled'],
};
const RECORD_NAMES = ['Row', 'Trade', 'Reading'];
/** Includes words reserved in some target (`type`, `end`, `func`) to exercise name mangling. */
const FIELDS: readonly Field[] = [
  { name: 'name', type: STR },
  { name: 'price', type: F64 },
  { name: 'qty', type: I64 },
  { name: 'ok', type: BOOL },
  { name: 'score', type: F64 },
  { name: 'tag', type: STR },
  { name: 'type', type: STR },
  { name: 'end', type: I64 },
  { name: 'func', type: BOOL },
];
const ANON_FIELD_NAMES = ['key', 'n', 'total', 'avg', 'lo', 'hi', 'label', 'ok', 'first', 'select'];

// ---------------------------------------------------------------- program builder

interface Var {
  readonly name: string;
  readonly type: Type;
}
type Env = readonly Var[];

interface ParamSpec extends Var {
  readonly decl: string;
  /** Absent: the input leaves the param out so it takes its default. */
  readonly value?: number | boolean;
}

type Option = readonly [number, () => Node];

const isDeclaredRecord = (t: Type): boolean => t.kind === 'record' && !t.name.startsWith('{');
const isAnonRecord = (t: Type): t is Extract<Type, { kind: 'record' }> => t.kind === 'record' && t.name.startsWith('{');
const isKeyType = (t: Type): boolean => t.kind === 'i64' || t.kind === 'str' || t.kind === 'bool';

class ProgramBuilder {
  private nextLocal = 0;
  private readonly usedNames = new Set<string>();

  constructor(
    private readonly rng: Rng,
    private readonly maxDepth: number,
  ) {}

  build(): GeneratedCase {
    const { rng } = this;
    const record = rng.chance(45) ? this.declaredRecord() : null;
    const args = this.args(record);
    const params = Array.from({ length: rng.int(0, 2) }, () => this.param());
    const env: Env = [...args, ...params];
    const ret = this.returnType(env);
    const body = this.body(ret, env, this.maxDepth, 3);

    const decls: string[] = [];
    if (record) {
      decls.push(`record ${record.name} { ${record.fields.map((f) => `${f.name}: ${showType(f.type)}`).join(', ')} }\n`);
    }
    if (params.length > 0) decls.push(params.map((p) => p.decl).join('\n') + '\n');
    const sig = args.map((a) => `${a.name}: ${showType(a.type)}`).join(', ');
    decls.push(`kernel ${GENERATED_KERNEL}(${sig}) -> ${showType(ret)} {\n${branch(body, 2)}\n}\n`);

    const input: GeneratedInput = {
      args: Object.fromEntries(args.map((a) => [a.name, this.value(a.type)])),
      params: Object.fromEntries(params.flatMap((p) => (p.value === undefined ? [] : [[p.name, p.value]]))),
    };
    return { source: decls.join('\n'), kernel: GENERATED_KERNEL, input };
  }

  // ---- declarations

  private name(pool: readonly string[]): string {
    const free = pool.filter((n) => !this.usedNames.has(n));
    const name = free.length > 0 ? this.rng.pick(free) : `${pool[0]}_${this.usedNames.size}`;
    this.usedNames.add(name);
    return name;
  }

  private declaredRecord(): Extract<Type, { kind: 'record' }> {
    const pool = [...FIELDS];
    const fields = Array.from({ length: this.rng.int(2, 4) }, () => pool.splice(this.rng.int(0, pool.length - 1), 1)[0]!);
    return { kind: 'record', name: this.name(RECORD_NAMES), fields };
  }

  /** 1–3 args, the first always an array, so every program has an array to work on. */
  private args(record: Type | null): Var[] {
    const { rng } = this;
    const count = rng.int(1, 3);
    const out: Var[] = [];
    for (let i = 0; i < count; i++) {
      const arrays: [number, Type][] = [
        [3, arrayOf(F64)],
        [2, arrayOf(I64)],
        [2, arrayOf(STR)],
        [1, arrayOf(BOOL)],
        [record ? (i === 0 ? 8 : 2) : 0, record ? arrayOf(record) : arrayOf(F64)],
      ];
      const scalars: [number, Type][] = SCALARS.map((t) => [1, t]);
      const type = rng.weighted(i === 0 ? arrays : [...arrays, ...scalars]);
      const key = type.kind === 'array' ? `array:${type.elem.kind}` : type.kind;
      out.push({ name: this.name(ARG_NAMES[key]!), type });
    }
    return out;
  }

  private param(): ParamSpec {
    const { rng } = this;
    const kind = rng.pick(['f64', 'i64', 'bool'] as const);
    const name = this.name(PARAM_NAMES[kind]!);
    const given = rng.chance(70);
    if (kind === 'bool') {
      const dflt = rng.chance(50);
      const spec = { name, type: BOOL, decl: `param ${name}: bool = ${dflt}` };
      return given ? { ...spec, value: rng.chance(50) } : spec;
    }
    if (kind === 'i64') {
      const lo = rng.pick([0, -5, 1]);
      const hi = lo + rng.pick([10, 5, 100]);
      const stepped = rng.chance(60);
      const dflt = rng.int(lo, hi);
      const decl = `param ${name}: i64 = ${dflt} in ${lo}..${hi}${stepped ? ' step 1' : ''}`;
      const spec = { name, type: I64, decl };
      return given ? { ...spec, value: rng.int(lo, hi) } : spec;
    }
    // f64: values on a grid of quarters (or tenths) so literals stay short and exact enough.
    const lo = rng.pick([0, -10, -1]);
    const span = rng.pick([10, 1, 100]);
    const step = rng.pick([0.5, 0.25, 0.1]);
    const onGrid = (): number => Math.round((lo + step * rng.int(0, Math.round(span / step))) * 100) / 100;
    const stepText = rng.chance(60) ? ` step ${floatText(step)}` : '';
    const decl = `param ${name}: f64 = ${floatText(onGrid())} in ${floatText(lo)}..${floatText(lo + span)}${stepText}`;
    const spec = { name, type: F64, decl };
    return given ? { ...spec, value: onGrid() } : spec;
  }

  private returnType(env: Env): Type {
    const recordArrays = env.filter((v) => v.type.kind === 'array' && isDeclaredRecord(v.type.elem)).map((v) => v.type);
    return this.rng.weighted<() => Type>([
      [3, () => this.rng.pick(SCALARS)],
      [3, () => arrayOf(this.rng.pick(SCALARS))],
      [2, () => arrayOf(this.anonType())],
      [1, () => this.anonType()],
      [recordArrays.length > 0 ? 1 : 0, () => this.rng.pick(recordArrays)],
    ])();
  }

  /** Mostly group-shaped: a key-like first field, numeric fields after it. */
  private anonType(): Type {
    const { rng } = this;
    const names = [...ANON_FIELD_NAMES];
    const fields: Field[] = [];
    const count = rng.int(1, 3);
    for (let i = 0; i < count; i++) {
      const name = names.splice(rng.int(0, names.length - 1), 1)[0]!;
      const type =
        i === 0
          ? rng.weighted([[3, I64], [3, STR], [1, BOOL], [1, F64]])
          : rng.weighted([[3, F64], [3, I64], [1, BOOL], [1, STR]]);
      fields.push({ name, type });
    }
    return { kind: 'record', name: anonymousRecordName(fields), fields };
  }

  // ---- inputs

  private value(t: Type): unknown {
    const { rng } = this;
    switch (t.kind) {
      case 'i64':
        return rng.weighted([[8, () => rng.int(-10, 20)], [1, () => rng.int(-1e9, 1e9)]])();
      case 'f64':
        return rng.weighted([
          [3, () => rng.int(-100_000, 100_000) / 100],
          [2, () => rng.pick(F64_POOL)],
          [1, () => rng.int(-40, 40) / 4],
        ])();
      case 'bool':
        return rng.chance(50);
      case 'str':
        return rng.pick(STRINGS);
      case 'array':
        return Array.from({ length: rng.int(0, 12) }, () => this.value(t.elem));
      case 'record':
        return Object.fromEntries(t.fields.map((f) => [f.name, this.value(f.type)]));
    }
  }

  // ---- expressions

  private fresh(prefix: string): string {
    this.nextLocal += 1;
    return `${prefix}${this.nextLocal}`;
  }

  /** An expression in a position that may hold `let`s: kernel body, lambda body, if branch. */
  private body(t: Type, env: Env, depth: number, maxLets = 2): Node {
    const { rng } = this;
    if (depth <= 0 || !rng.chance(maxLets > 2 ? 55 : 20)) return this.expr(t, env, depth);
    const lets: LetNode[] = [];
    let scope = env;
    for (let i = rng.int(1, maxLets); i > 0; i--) {
      const type = rng.chance(50) ? rng.pick(SCALARS) : arrayOf(this.sourceElem(scope));
      const name = this.fresh(type.kind === 'array' ? 'vs' : 'v');
      lets.push({ name, value: this.expr(type, scope, depth - 1) });
      scope = [...scope, { name, type }];
    }
    return { k: 'block', lets, result: this.expr(t, scope, depth) };
  }

  private expr(t: Type, env: Env, depth: number): Node {
    switch (t.kind) {
      case 'i64':
        return this.int(env, depth);
      case 'f64':
        return this.float(env, depth);
      case 'bool':
        return this.bool(env, depth);
      case 'str':
        return this.str(env, depth);
      case 'array':
        return this.array(t.elem, env, depth);
      case 'record':
        return this.recordLiteral(t, env, depth);
    }
  }

  private choose(options: readonly Option[]): Node {
    return this.rng.weighted(options)();
  }

  /** Variables of type `t` and fields of type `t` of record variables in scope. */
  private refs(env: Env, t: Type): Node[] {
    const out: Node[] = [];
    for (const v of env) {
      if (sameType(v.type, t)) out.push(atom(v.name));
      if (v.type.kind === 'record') {
        for (const f of v.type.fields) if (sameType(f.type, t)) out.push({ k: 'field', target: atom(v.name), name: f.name });
      }
    }
    return out;
  }

  private arrayVars(env: Env, elem?: (t: Type) => boolean): Var[] {
    return env.filter((v) => v.type.kind === 'array' && (!elem || elem(v.type.elem)));
  }

  private literal(t: Type): Node {
    const { rng } = this;
    switch (t.kind) {
      case 'i64': {
        const n = rng.weighted([[6, () => rng.int(0, 10)], [2, () => rng.int(-5, -1)], [1, () => rng.int(11, 1000)]])();
        return n < 0 ? { k: 'neg', text: String(n) } : atom(String(n));
      }
      case 'f64': {
        const x = rng.pick(F64_POOL);
        return x < 0 ? { k: 'neg', text: floatText(x) } : atom(floatText(x));
      }
      case 'bool':
        return atom(String(rng.chance(50)));
      case 'str':
        return atom(`"${rng.pick(STRINGS)}"`);
      default:
        throw new Error(`no literal of type ${showType(t)}`);
    }
  }

  private leaf(t: Type, env: Env): Node {
    const refs = this.refs(env, t);
    // The innermost bindings (a lambda's parameters, the latest lets) are favoured, so lambdas
    // mostly use their parameters and lets are mostly used.
    const recent = this.refs(env.slice(-2), t);
    const arrays = this.arrayVars(env);
    return this.choose([
      [1, () => this.literal(t)],
      [refs.length > 0 ? 2 : 0, () => this.rng.pick(refs)],
      [recent.length > 0 ? 3 : 0, () => this.rng.pick(recent)],
      [t.kind === 'i64' && arrays.length > 0 ? 1 : 0, () => method(atom(this.rng.pick(arrays).name), 'len')],
    ]);
  }

  private lambda(paramTypes: readonly [string, Type][], env: Env, body: (scope: Env) => Node): Node {
    const names = paramTypes.map(([prefix]) => this.fresh(prefix));
    const scope = [...env, ...paramTypes.map(([, type], i) => ({ name: names[i]!, type }))];
    return { k: 'lambda', params: names, body: body(scope) };
  }

  /** `x => <t>` over elements of type `elem`. */
  private fn1(elem: Type, t: Type, env: Env, depth: number): Node {
    return this.lambda([[elemPrefix(elem), elem]], env, (scope) => this.body(t, scope, depth));
  }

  private int(env: Env, depth: number): Node {
    if (depth <= 0) return this.leaf(I64, env);
    const sub = (): Node => this.int(env, depth - 1);
    return this.choose([
      [5, () => this.leaf(I64, env)],
      [4, () => bin(this.rng.pick(['+', '-', '*']), sub(), sub())],
      [2, () => this.intDivision(env, depth)],
      [1, () => ({ k: 'unary', op: '-', arg: sub() })],
      [2, () => this.rng.pick<() => Node>([() => call('abs', sub()), () => call('min', sub(), sub()), () => call('max', sub(), sub())])()],
      [1, () => call('i64', this.rng.chance(50) ? call(this.rng.pick(['round', 'floor', 'ceil']), this.float(env, depth - 1)) : this.float(env, depth - 1))],
      [1, () => this.ifExpr(I64, env, depth)],
      [3, () => this.intReduction(env, depth)],
      [1, () => this.guardedReduction(I64, env, depth)],
      [1, () => this.fold(I64, env, depth)],
      [1, () => this.guardedIndex(I64, env, depth)],
      [1, () => bin('*', sub(), atom(this.rng.pick(WRAPPING_I64)))],
    ]);
  }

  /** `/` and `%` whose divisor is never zero. */
  private intDivision(env: Env, depth: number): Node {
    const op = this.rng.pick(['/', '%']);
    const a = this.int(env, depth - 1);
    if (this.rng.chance(RISKY_PERCENT)) return bin(op, a, this.leaf(I64, env));
    return this.choose([
      [2, () => bin(op, a, this.rng.pick([atom('2'), atom('3'), atom('10'), { k: 'neg', text: '-3' } as Node, atom('7')]))],
      [2, () => bin(op, a, bin('+', call('abs', this.int(env, depth - 1)), atom('1')))],
      [
        1,
        () => {
          const b = this.leaf(I64, env);
          return ifElse(bin('!=', b, atom('0')), bin(op, a, b), this.int(env, depth - 1));
        },
      ],
    ]);
  }

  private intReduction(env: Env, depth: number): Node {
    const d = depth - 1;
    const anyElem = (): Type => this.sourceElem(env);
    return this.choose([
      [2, () => method(this.array(I64, env, d), this.rng.pick(['sum', 'prod']))],
      [2, () => method(this.array(anyElem(), env, d), this.rng.pick(['len', 'count']))],
      [
        2,
        () => {
          const elem = anyElem();
          return method(this.array(elem, env, d), 'count', this.fn1(elem, BOOL, env, d));
        },
      ],
      [
        1,
        () => {
          const elem = anyElem();
          return method(this.array(elem, env, d), 'sum', this.fn1(elem, I64, env, d));
        },
      ],
    ]);
  }

  private float(env: Env, depth: number): Node {
    if (depth <= 0) return this.leaf(F64, env);
    const sub = (): Node => this.float(env, depth - 1);
    return this.choose([
      [5, () => this.leaf(F64, env)],
      [4, () => bin(this.rng.pick(['+', '-', '*']), sub(), sub())],
      [2, () => this.floatDivision(env, depth)],
      [1, () => ({ k: 'unary', op: '-', arg: sub() })],
      [3, () => this.mathCall(env, depth)],
      [1, () => call('f64', this.int(env, depth - 1))],
      [1, () => this.ifExpr(F64, env, depth)],
      [3, () => this.floatReduction(env, depth)],
      [2, () => this.guardedReduction(F64, env, depth)],
      [1, () => this.fold(F64, env, depth)],
      [1, () => this.guardedIndex(F64, env, depth)],
    ]);
  }

  /** Divisors are at least 1 in magnitude, so no Infinity or NaN. */
  private floatDivision(env: Env, depth: number): Node {
    const op = this.rng.pick(['/', '%']);
    const a = this.float(env, depth - 1);
    return this.choose([
      [1, () => bin(op, a, this.rng.pick([atom('2.0'), atom('10.0'), atom('0.5'), { k: 'neg', text: '-4.0' } as Node]))],
      [2, () => bin(op, a, bin('+', call('abs', this.float(env, depth - 1)), atom('1.0')))],
    ]);
  }

  /** Built-ins with their arguments kept inside the domain where results stay finite. */
  private mathCall(env: Env, depth: number): Node {
    const sub = (): Node => this.float(env, depth - 1);
    const positive = (): Node => bin('+', call('abs', sub()), atom('1.0'));
    return this.rng.pick<() => Node>([
      () => call('abs', sub()),
      () => call(this.rng.pick(['floor', 'ceil', 'round']), sub()),
      () => call(this.rng.pick(['min', 'max']), sub(), sub()),
      () => call('sqrt', call('abs', sub())),
      () => call('ln', positive()),
      () => call('exp', call('min', sub(), atom('5.0'))),
      () => call('pow', positive(), this.rng.pick([atom('2.0'), atom('0.5'), { k: 'neg', text: '-1.0' } as Node, atom('1.5')])),
    ])();
  }

  private floatReduction(env: Env, depth: number): Node {
    const d = depth - 1;
    const numeric = (): Type => this.rng.pick([F64, I64]);
    return this.choose([
      [3, () => method(this.array(F64, env, d), 'sum')],
      [1, () => method(this.array(F64, env, d), 'prod')],
      [
        2,
        () => {
          const elem = this.sourceElem(env);
          return method(this.array(elem, env, d), this.rng.pick(['sum', 'prod']), this.fn1(elem, F64, env, d));
        },
      ],
      [
        1,
        () => {
          const elem = numeric();
          return call('f64', method(this.array(elem, env, d), elem.kind === 'i64' ? 'sum' : 'len'));
        },
      ],
    ]);
  }

  /**
   * `min`/`max`/`mean` of an array variable, which fail on an empty array, behind a length check:
   * `if xs.len() > 0 { xs.max() } else { 0.0 }`.
   */
  private guardedReduction(t: Type, env: Env, depth: number): Node {
    const arrays = this.arrayVars(env);
    if (arrays.length === 0) return this.leaf(t, env);
    const v = this.rng.pick(arrays);
    const elem = (v.type as Extract<Type, { kind: 'array' }>).elem;
    const ops = t.kind === 'f64' ? ['min', 'max', 'mean', 'mean'] : ['min', 'max'];
    const op = this.rng.pick(ops);
    const plain = sameType(elem, t) || (op === 'mean' && elem.kind === 'i64');
    const reduced =
      plain && this.rng.chance(60)
        ? method(atom(v.name), op)
        : method(atom(v.name), op, this.fn1(elem, op === 'mean' ? F64 : t, env, depth - 1));
    if (this.rng.chance(RISKY_PERCENT)) return reduced;
    return ifElse(bin('>', method(atom(v.name), 'len'), atom('0')), reduced, this.leaf(t, env));
  }

  /** `xs[abs(i) % xs.len()]` behind a length check, for arrays of `t` or of records with a `t` field. */
  private guardedIndex(t: Type, env: Env, depth: number): Node {
    const direct = this.arrayVars(env, (e) => sameType(e, t));
    const viaField = this.arrayVars(env, (e) => e.kind === 'record' && e.fields.some((f) => sameType(f.type, t)));
    const candidates = [...direct, ...viaField];
    if (candidates.length === 0) return this.leaf(t, env);
    const v = this.rng.pick(candidates);
    const len = method(atom(v.name), 'len');
    const risky = this.rng.chance(RISKY_PERCENT);
    const index = risky ? this.leaf(I64, env) : bin('%', call('abs', this.int(env, depth - 1)), len);
    const element: Node = { k: 'index', target: atom(v.name), index };
    const elem = (v.type as Extract<Type, { kind: 'array' }>).elem;
    let value: Node = element;
    if (elem.kind === 'record') {
      const fields = elem.fields.filter((f) => sameType(f.type, t));
      value = { k: 'field', target: element, name: this.rng.pick(fields).name };
    }
    return risky ? value : ifElse(bin('>', len, atom('0')), value, this.literal(t));
  }

  /** `xs.reduce(init, (acc, x) => …)` with an accumulator of scalar type `t`. */
  private fold(t: Type, env: Env, depth: number): Node {
    const elem = this.sourceElem(env);
    const source = this.array(elem, env, depth - 1);
    const fn = this.lambda([['acc', t], [elemPrefix(elem), elem]], env, (scope) => this.body(t, scope, depth - 1));
    return method(source, 'reduce', this.leaf(t, env), fn);
  }

  private bool(env: Env, depth: number): Node {
    if (depth <= 0) return this.leaf(BOOL, env);
    const d = depth - 1;
    return this.choose([
      [3, () => this.leaf(BOOL, env)],
      [5, () => this.comparison(env, depth)],
      [2, () => bin(this.rng.pick(['&&', '||']), this.bool(env, d), this.bool(env, d))],
      [1, () => ({ k: 'unary', op: '!', arg: this.bool(env, d) })],
      [
        2,
        () => {
          const elem = this.sourceElem(env);
          return method(this.array(elem, env, d), this.rng.pick(['any', 'all']), this.fn1(elem, BOOL, env, d));
        },
      ],
      [1, () => this.guardedIndex(BOOL, env, depth)],
    ]);
  }

  private comparison(env: Env, depth: number): Node {
    const t = this.rng.weighted([[3, F64], [3, I64], [2, STR], [1, BOOL]]);
    const ops = t.kind === 'bool' ? ['==', '!='] : ['<', '<=', '>', '>=', '==', '!='];
    return bin(this.rng.pick(ops), this.expr(t, env, depth - 1), this.expr(t, env, depth - 1));
  }

  private str(env: Env, depth: number): Node {
    if (depth <= 0) return this.leaf(STR, env);
    return this.choose([
      [4, () => this.leaf(STR, env)],
      [2, () => this.ifExpr(STR, env, depth)],
      [1, () => this.guardedIndex(STR, env, depth)],
      [1, () => this.fold(STR, env, depth)],
    ]);
  }

  /** `if c { a } else { b }`, sometimes with an `else if`. */
  private ifExpr(t: Type, env: Env, depth: number): Node {
    const d = depth - 1;
    const otherwise = d >= 1 && this.rng.chance(30) ? this.ifExpr(t, env, d) : this.body(t, env, d);
    return ifElse(this.bool(env, d), this.body(t, env, d), otherwise);
  }

  private recordLiteral(t: Type, env: Env, depth: number): Node {
    if (!isAnonRecord(t)) throw new Error(`cannot build a literal of declared record ${t.kind}`);
    return { k: 'record', fields: t.fields.map((f) => ({ name: f.name, value: this.expr(f.type, env, depth - 1) })) };
  }

  /** Element type for a pipeline source: mostly the element types of the inputs. */
  private sourceElem(env: Env): Type {
    const fromInputs = this.arrayVars(env).map((v) => (v.type as Extract<Type, { kind: 'array' }>).elem);
    return this.rng.weighted<() => Type>([
      [fromInputs.length > 0 ? 4 : 0, () => this.rng.pick(fromInputs)],
      [2, () => this.rng.pick(SCALARS)],
      [1, () => this.anonType()],
    ])();
  }

  // ---- arrays

  private array(elem: Type, env: Env, depth: number): Node {
    if (depth <= 0) return this.arrayLeaf(elem, env);
    const { rng } = this;
    const d = depth - 1;
    const same = (): Node => this.array(elem, env, d);
    const constructible = !isDeclaredRecord(elem);
    const scalar = elem.kind !== 'record' && elem.kind !== 'array';
    return this.choose([
      [3, () => this.arrayLeaf(elem, env)],
      [constructible ? 3 : 0, () => this.mapOf(elem, env, depth)],
      [2, () => method(same(), 'filter', this.fn1(elem, BOOL, env, d))],
      [constructible ? 1 : 0, () => this.mapIndexed(elem, env, depth)],
      [constructible ? 1 : 0, () => this.zip(elem, env, depth)],
      [1, () => method(same(), rng.pick(['take', 'skip']), this.int(env, Math.min(d, 1)))],
      [1, () => method(same(), 'reverse')],
      [ORDERED.some((o) => sameType(o, elem)) ? 1 : 0, () => method(same(), 'sort')],
      [1, () => this.sortBy(elem, env, depth)],
      [scalar ? 1 : 0, () => this.scan(elem, env, depth)],
      [elem.kind === 'i64' ? 1 : 0, () => this.range(env, depth)],
      [this.groupShape(elem) ? 6 : 0, () => this.groupBy(elem, env, depth)],
      [1, () => ifElse(this.bool(env, d), this.body(arrayOf(elem), env, d), this.body(arrayOf(elem), env, d))],
    ]);
  }

  /** An input variable, or a simple pipeline over one when no variable has this type. */
  private arrayLeaf(elem: Type, env: Env): Node {
    const vars = this.arrayVars(env, (e) => sameType(e, elem));
    const recent = this.arrayVars(env.slice(-2), (e) => sameType(e, elem));
    const any = this.arrayVars(env);
    const options: Option[] = [
      [vars.length > 0 ? 4 : 0, () => atom(this.rng.pick(vars).name)],
      [recent.length > 0 ? 3 : 0, () => atom(this.rng.pick(recent).name)],
      [elem.kind === 'i64' ? 1 : 0, () => call('range', this.literal(I64), atom(String(this.rng.int(0, 12))))],
    ];
    if (!isDeclaredRecord(elem) && any.length > 0) {
      options.push([1, () => {
        const source = this.rng.pick(any);
        const sourceElem = (source.type as Extract<Type, { kind: 'array' }>).elem;
        return method(atom(source.name), 'map', this.fn1(sourceElem, elem, env, 1));
      }]);
    }
    if (options.every(([w]) => w === 0)) throw new Error(`no array of ${showType(elem)} can be built here`);
    return this.choose(options);
  }

  private mapOf(elem: Type, env: Env, depth: number): Node {
    const from = this.sourceElem(env);
    return method(this.array(from, env, depth - 1), 'map', this.fn1(from, elem, env, depth - 1));
  }

  private mapIndexed(elem: Type, env: Env, depth: number): Node {
    const from = this.sourceElem(env);
    const fn = this.lambda([['i', I64], [elemPrefix(from), from]], env, (scope) => this.body(elem, scope, depth - 1));
    return method(this.array(from, env, depth - 1), 'map_indexed', fn);
  }

  private zip(elem: Type, env: Env, depth: number): Node {
    const left = this.sourceElem(env);
    const right = this.sourceElem(env);
    const fn = this.lambda([[elemPrefix(left), left], [elemPrefix(right), right]], env, (scope) => this.body(elem, scope, depth - 1));
    return method(this.array(left, env, depth - 1), 'zip', this.array(right, env, depth - 1), fn);
  }

  private sortBy(elem: Type, env: Env, depth: number): Node {
    const key = this.fn1(elem, this.rng.pick(ORDERED), env, depth - 1);
    const source = this.array(elem, env, depth - 1);
    return this.rng.chance(50) ? method(source, 'sort_by', key, atom('desc')) : method(source, 'sort_by', key);
  }

  private scan(elem: Type, env: Env, depth: number): Node {
    const from = this.sourceElem(env);
    const fn = this.lambda([['acc', elem], [elemPrefix(from), from]], env, (scope) => this.body(elem, scope, depth - 1));
    return method(this.array(from, env, depth - 1), 'scan', this.leaf(elem, env), fn);
  }

  /** `range(a, b)` with at most a dozen elements whatever `b` evaluates to. */
  private range(env: Env, depth: number): Node {
    const start = this.rng.int(-3, 3);
    const startNode: Node = start < 0 ? { k: 'neg', text: String(start) } : atom(String(start));
    const cap = atom(String(start + this.rng.int(0, 12)));
    return call('range', startNode, call('min', this.int(env, depth - 1), cap));
  }

  /**
   * Which field of anonymous record `elem` a `group_by(..).agg(..)` can fill with `g.key`: every
   * other field must be numeric (an aggregate) or of the key's type (`g.key` again).
   */
  private groupShape(elem: Type): Field | null {
    if (!isAnonRecord(elem)) return null;
    for (const key of elem.fields) {
      if (!isKeyType(key.type)) continue;
      if (elem.fields.every((f) => f === key || f.type.kind === 'i64' || f.type.kind === 'f64' || sameType(f.type, key.type))) return key;
    }
    return null;
  }

  private groupBy(elem: Type, env: Env, depth: number): Node {
    const shape = elem as Extract<Type, { kind: 'record' }>;
    const key = this.groupShape(elem)!;
    const from = this.sourceElem(env);
    const source = this.array(from, env, depth - 1);
    const keyFn = this.lambda([[elemPrefix(from), from]], env, (scope) => this.groupKey(key.type, from, scope, depth - 1));
    const g = this.fresh('g');
    const aggregate = (f: Field): Node => {
      if (f === key || (sameType(f.type, key.type) && !(f.type.kind === 'i64' && this.rng.chance(60)))) {
        return { k: 'field', target: atom(g), name: 'key' };
      }
      const fn = (t: Type): Node => this.fn1(from, t, env, depth - 1);
      if (f.type.kind === 'i64') {
        return this.rng.pick<() => Node>([
          () => method(atom(g), 'count'),
          () => method(atom(g), 'count'),
          () => method(atom(g), 'sum', fn(I64)),
          () => method(atom(g), this.rng.pick(['min', 'max']), fn(I64)),
        ])();
      }
      return method(atom(g), this.rng.pick(['sum', 'mean', 'min', 'max']), fn(F64));
    };
    const agg: Node = { k: 'lambda', params: [g], body: { k: 'record', fields: shape.fields.map((f) => ({ name: f.name, value: aggregate(f) })) } };
    return method(method(source, 'group_by', keyFn), 'agg', agg);
  }

  /** Group keys that actually collide: a field or the element itself, or a coarse bucket of a number. */
  private groupKey(t: Type, elem: Type, scope: Env, depth: number): Node {
    const self = scope[scope.length - 1]!;
    const own = this.refs([self], t);
    const floats = this.refs([self], F64);
    const ints = this.refs([self], I64);
    return this.choose([
      [1, () => this.expr(t, scope, depth)],
      [own.length > 0 ? 3 : 0, () => this.rng.pick(own)],
      [t.kind === 'i64' && ints.length > 0 ? 2 : 0, () => bin('%', this.rng.pick(ints), atom(String(this.rng.int(2, 5))))],
      [
        t.kind === 'i64' && floats.length > 0 ? 2 : 0,
        () => call('i64', call('floor', bin('/', this.rng.pick(floats), atom(this.rng.pick(['10.0', '100.0', '2.5']))))),
      ],
      [t.kind === 'bool' && elem.kind !== 'record' ? 1 : 0, () => this.comparison(scope, depth)],
    ]);
  }
}

function elemPrefix(t: Type): string {
  switch (t.kind) {
    case 'f64':
      return 'x';
    case 'i64':
      return 'n';
    case 'str':
      return 's';
    case 'bool':
      return 'b';
    case 'record':
      return 'r';
    case 'array':
      return 'a';
  }
}

/** A finite f64 as a source literal: always with a `.`, never in exponent notation. */
function floatText(x: number): string {
  const text = String(x);
  if (/e/i.test(text)) throw new Error(`float literal out of the generator's range: ${text}`);
  return text.includes('.') ? text : `${text}.0`;
}
