// IR expressions → C# expressions and statements.
//
// The IR is expression-oriented; C# has no `let` expression and mcs (C# 7.2 at best) has no
// local functions or switch expressions. So lowering returns, for every expression, the
// statements to run first and the C# expression that then gives its value. A `let` becomes
// `var x = ...;`; an `if` whose branches need statements becomes an `if` statement assigning a
// temporary (or returning, in tail position). Hoisting statements out of an operand changes the
// order in which operands are evaluated; that is safe because kernel expressions have no effects
// but runtime errors, which stop the kernel whichever comes first. Nothing is ever hoisted out of
// a conditional position (an `if` branch, the right of `&&`/`||`) or out of a lambda.

import type { BinaryOp, Expr, Kernel, Lambda } from '../../ir/ir.js';
import type { Type } from '../../lang/types.js';
import { forEachExpr } from '../../ir/walk.js';
import { countReads, mayFail } from './analysis.js';
import type { KernelContext } from './context.js';
import { binaryOp, builtinCall, conversion, literal } from './scalar.js';
import { chainOf, materialize, reduction } from './sequence.js';
import { binary, call, cast, lambda, member, name, newObject, number, type CsBinaryOp, type CsExpr, type CsStmt } from './syntax.js';

export interface Lowered {
  readonly stmts: readonly CsStmt[];
  readonly value: CsExpr;
}

const pure = (value: CsExpr): Lowered => ({ stmts: [], value });

const INT_MAX = 2n ** 31n - 1n;

export class Lowerer {
  /** IR locals that read as an expression other than their C# name (an int index as `(long)i`). */
  private readonly bound = new Map<string, CsExpr>();

  constructor(readonly ctx: KernelContext) {}

  /**
   * Claims the names of the kernel's arguments, params and every `let` of `body` (the kernel's
   * body without dead lets), before any lambda.
   */
  declareKernel(kernel: Kernel, body: Expr): { args: string[]; params: string[] } {
    const { scope } = this.ctx;
    const args = kernel.args.map((a) => scope.declare(a.name));
    const params = kernel.params.map((p) => scope.declare(p.name));
    forEachExpr(body, (e) => {
      if (e.k === 'let') scope.declare(e.name);
    });
    return { args, params };
  }

  /** The value of `e`; arrays come out materialised (`T[]`). */
  value(e: Expr): Lowered {
    switch (e.k) {
      case 'lit':
        return pure(literal(e.value));
      case 'var':
        return pure(this.bound.get(e.name) ?? name(this.ctx.scope.lookup(e.name)));
      case 'let': {
        const bound = this.letStatements(e);
        const body = this.value(e.body);
        return { stmts: [...bound, ...body.stmts], value: body.value };
      }
      case 'if':
        return this.conditional(e);
      case 'unary': {
        const arg = this.value(e.arg);
        return { stmts: arg.stmts, value: { k: 'unary', op: e.op, arg: arg.value } };
      }
      case 'binary':
        return this.binary(e);
      case 'call': {
        const args = this.values(e.args);
        return { stmts: args.stmts, value: builtinCall(this.ctx.file, e.fn, e.type, args.values) };
      }
      case 'cast': {
        const arg = this.value(e.arg);
        return { stmts: arg.stmts, value: conversion(this.ctx.file, e.to, e.arg.type, arg.value) };
      }
      case 'record': {
        if (e.type.kind !== 'record') throw new Error('record literal without a record type');
        const record = this.ctx.file.record(e.type.name);
        const written = new Map(e.fields.map((f) => [f.name, f.value] as const));
        // The constructor takes the fields in declaration order; evaluation order does not matter.
        const args = this.values(e.type.fields.map((f) => written.get(f.name)!));
        return { stmts: args.stmts, value: newObject(record.className, args.values) };
      }
      case 'field': {
        if (e.target.type.kind !== 'record') throw new Error('field of a non-record');
        const target = this.value(e.target);
        return { stmts: target.stmts, value: member(target.value, this.ctx.file.record(e.target.type.name).properties.get(e.name)!) };
      }
      case 'index': {
        const target = this.value(e.target);
        if (e.index.k === 'lit' && typeof e.index.value === 'bigint' && (e.index.value < 0n || e.index.value > INT_MAX)) {
          // No array has this index, so it must fail at run time; but `xs[-1]` draws a warning
          // (CS0251) and `xs[checked((int)5000000000)]` does not compile.
          return { stmts: target.stmts, value: call(target.value, 'ElementAt', number('-1')) };
        }
        // Out of range throws IndexOutOfRangeException. A literal index reads best bare (`xs[0]`);
        // another goes through a checked int conversion: Mono's JIT truncates a long index to its
        // low 32 bits, so `xs[long.MinValue]` would read `xs[0]`.
        const index = e.index.k === 'lit' ? pure(literal(e.index.value, true)) : this.value(e.index);
        const checkedIndex: CsExpr = e.index.k === 'lit' ? index.value : call(null, 'checked', cast('int', index.value));
        return { stmts: [...target.stmts, ...index.stmts], value: { k: 'index', target: target.value, index: checkedIndex } };
      }
      case 'reduce_op':
      case 'fold':
        return reduction(this, e);
      case 'aggref': {
        const frame = this.ctx.groups[this.ctx.groups.length - 1];
        if (!frame) throw new Error('aggref outside a group result');
        return pure(frame[e.slot]!);
      }
      default:
        return materialize(chainOf(this, e, true));
    }
  }

  values(es: readonly Expr[]): { stmts: CsStmt[]; values: CsExpr[] } {
    const lowered = es.map((x) => this.value(x));
    return { stmts: lowered.flatMap((l) => l.stmts), values: lowered.map((l) => l.value) };
  }

  /** Statements that compute `e` and return it (through `wrap`, if given). */
  tail(e: Expr, wrap: (v: CsExpr) => CsExpr = (v) => v): CsStmt[] {
    if (e.k === 'let') return [...this.letStatements(e), ...this.tail(e.body, wrap)];
    if (e.k === 'if') {
      const cond = this.value(e.cond);
      const known = constantCondition(cond.value);
      if (known !== null) return [...cond.stmts, ...this.tail(known ? e.then : e.else, wrap)];
      const then = this.tail(e.then, wrap);
      const otherwise = this.tail(e.else, wrap);
      const single = (s: CsStmt[]): CsExpr | null => (s.length === 1 && s[0]!.k === 'return' ? s[0]!.value : null);
      const a = single(then);
      const b = single(otherwise);
      if (a !== null && b !== null) return [...cond.stmts, { k: 'return', value: { k: 'cond', cond: cond.value, then: a, else: b } }];
      return [...cond.stmts, { k: 'if', cond: cond.value, then, else: otherwise }];
    }
    const v = this.value(e);
    return [...v.stmts, { k: 'return', value: wrap(v.value) }];
  }

  /**
   * `fn` as a C# lambda; `wrap` post-processes what it returns. The parameters at `intIndex`
   * receive an `int` (LINQ's element index) and read as `(long)i`.
   */
  lambda(fn: Lambda, options: { wrap?: (v: CsExpr) => CsExpr; intIndex?: number } = {}): CsExpr {
    const names = this.ctx.scope.openLambda(fn.params.map((p) => ({ source: p.name })));
    if (options.intIndex !== undefined) {
      const p = fn.params[options.intIndex]!;
      this.bound.set(p.name, { k: 'cast', type: 'long', arg: name(names[options.intIndex]!) });
    }
    const body = this.inLambda(() => this.tail(fn.body, options.wrap));
    this.ctx.scope.closeLambda();
    return lambda(names, lambdaBody(body));
  }

  /** A lambda the emitter invents: fresh parameter names, body built from them. */
  syntheticLambda(preferred: readonly string[], build: (params: readonly CsExpr[]) => CsExpr): CsExpr {
    const names = this.ctx.scope.openLambda(preferred.map((p) => ({ preferred: p })));
    const body = this.inLambda(() => build(names.map(name)));
    this.ctx.scope.closeLambda();
    return lambda(names, body);
  }

  /**
   * A lambda over one fresh parameter whose IR lambda `fn` reads that parameter through
   * `access` (the sort key of a `{ Item, Index }` pair reads `pair.Item`).
   */
  lambdaThrough(fn: Lambda, preferred: string, access: (param: CsExpr) => CsExpr): CsExpr {
    const [param] = this.ctx.scope.openLambda([{ preferred }]);
    this.bound.set(fn.params[0]!.name, access(name(param!)));
    const body = this.inLambda(() => this.tail(fn.body));
    this.ctx.scope.closeLambda();
    return lambda([param!], lambdaBody(body));
  }

  /** Runs `build` one lambda level deeper: nested code is sequential. */
  inLambda<T>(build: () => T): T {
    this.ctx.lambdaDepth++;
    try {
      return build();
    } finally {
      this.ctx.lambdaDepth--;
    }
  }

  /** `var x = ...;`, or `_ = ...;` for a binding never read (kept for its runtime errors). */
  private letStatements(e: Extract<Expr, { k: 'let' }>): CsStmt[] {
    const v = this.value(e.value);
    const read = countReads(e.body, e.name) > 0;
    return [...v.stmts, read ? { k: 'var', name: this.ctx.scope.lookup(e.name), value: v.value } : { k: 'discard', value: v.value }];
  }

  private conditional(e: Extract<Expr, { k: 'if' }>): Lowered {
    const cond = this.value(e.cond);
    const known = constantCondition(cond.value);
    // Only the branch taken is lowered: the other would leave helpers and locals unused.
    if (known !== null) return this.after(cond, this.value(known ? e.then : e.else));
    return this.choose(cond, this.value(e.then), this.value(e.else), e.type);
  }

  private after(first: Lowered, then: Lowered): Lowered {
    return { stmts: [...first.stmts, ...then.stmts], value: then.value };
  }

  /**
   * `x && false` or `x || true`: the answer is known, but `x` still runs for its runtime errors.
   * Written out, mcs would flag the branch a `?:` or `if` on it never takes (CS0429, CS0162).
   */
  private decided(operand: Expr, answer: boolean): Lowered {
    const x = this.value(operand);
    return { stmts: mayFail(operand) ? [...x.stmts, { k: 'discard', value: x.value }] : [], value: literal(answer) };
  }

  /** `cond ? then : otherwise`, or an `if` statement assigning a temporary when a branch needs statements. */
  private choose(cond: Lowered, then: Lowered, otherwise: Lowered, type: Type): Lowered {
    if (then.stmts.length === 0 && otherwise.stmts.length === 0) {
      return { stmts: cond.stmts, value: { k: 'cond', cond: cond.value, then: then.value, else: otherwise.value } };
    }
    const temp = this.ctx.scope.fresh('result');
    const assign = (branch: Lowered): CsStmt[] => [...branch.stmts, { k: 'assign', name: temp, value: branch.value }];
    return {
      stmts: [
        ...cond.stmts,
        { k: 'declare', type: this.ctx.file.csType(type), name: temp },
        { k: 'if', cond: cond.value, then: assign(then), else: assign(otherwise) },
      ],
      value: name(temp),
    };
  }

  private binary(e: Extract<Expr, { k: 'binary' }>): Lowered {
    if (e.op === '&&' || e.op === '||') {
      if (e.right.k === 'lit' && e.right.value === (e.op === '||')) return this.decided(e.left, e.right.value);
      const left = this.value(e.left);
      const known = constantCondition(left.value);
      if (known !== null) return known === (e.op === '||') ? left : this.after(left, this.value(e.right));
      const right = this.value(e.right);
      if (right.stmts.length === 0) return { stmts: left.stmts, value: binary(e.op, left.value, right.value) };
      // The right operand needs statements, which must run only when it is evaluated.
      const decided = pure(literal(e.op === '||'));
      return e.op === '&&' ? this.choose(left, right, decided, e.type) : this.choose(left, decided, right, e.type);
    }
    if (isComparison(e.op) && samePath(e.left, e.right)) return this.selfComparison(e.op, e.left);
    // An i64 literal next to a long expression needs no `L` (it converts implicitly).
    const left = e.left.k === 'lit' ? pure(literal(e.left.value, e.right.k !== 'lit')) : this.value(e.left);
    const right = e.right.k === 'lit' ? pure(literal(e.right.value, e.left.k !== 'lit')) : this.value(e.right);
    const rightLiteral = e.right.k === 'lit' ? e.right.value : null;
    return { stmts: [...left.stmts, ...right.stmts], value: binaryOp(this.ctx.file, e.op, e.left.type, left.value, right.value, rightLiteral) };
  }

  /**
   * `x < x` and friends, which C# compilers flag (CS1718). Replacing them by constants would only
   * trade that for "unreachable code" warnings, so they become equivalent method calls.
   */
  private selfComparison(op: BinaryOp, operand: Expr): Lowered {
    const x = this.value(operand).value;
    const not = (arg: CsExpr): CsExpr => ({ k: 'unary', op: '!', arg });
    if (operand.type.kind === 'f64' && op !== '<' && op !== '>') {
      // Reflexive unless NaN.
      const isNaN = call(name('double'), 'IsNaN', x);
      return pure(op === '!=' ? isNaN : not(isNaN));
    }
    if (op === '==' || op === '!=') return pure(op === '==' ? call(x, 'Equals', x) : not(call(x, 'Equals', x)));
    if (operand.type.kind === 'str') return pure(binaryOp(this.ctx.file, op as Exclude<BinaryOp, '&&' | '||'>, operand.type, x, x, null));
    // CompareTo is 0 for equal values and for NaN against NaN, so `<` and `>` stay false.
    return pure(binary(op as CsBinaryOp, call(x, 'CompareTo', x), number('0')));
  }
}

function constantCondition(e: CsExpr): boolean | null {
  return e.k === 'name' && (e.text === 'true' || e.text === 'false') ? e.text === 'true' : null;
}

const isComparison = (op: BinaryOp): boolean => op === '==' || op === '!=' || op === '<' || op === '<=' || op === '>' || op === '>=';

/** Both sides name the same variable or field of one (pure, so comparing is all that happens). */
function samePath(a: Expr, b: Expr): boolean {
  if (a.k === 'var' && b.k === 'var') return a.name === b.name && a.scope === b.scope;
  if (a.k === 'field' && b.k === 'field') return a.name === b.name && samePath(a.target, b.target);
  return false;
}

function lambdaBody(stmts: CsStmt[]): CsExpr | CsStmt[] {
  const only = stmts.length === 1 ? stmts[0]! : null;
  return only?.k === 'return' ? only.value : stmts;
}
