// IR expressions → Julia: scalars, `let`, `if`, records, fields and indexing. Array-valued
// constructs go to pipeline.ts (map/filter/reductions, fused) and collections.ts (sort, take,
// skip, reverse, group).
//
// Emission is statement-oriented: `emitExpr` returns a Julia expression for the value and may
// first add statements to the current block (a loop for a reduction, an assignment for a `let`).
// Such hoisting never crosses a lazy boundary: `if` branches, the right side of `&&`/`||` and
// lambda bodies get blocks of their own, so a runtime error in an untaken branch never happens.

import type { Builtin, Expr, ExprOf, Lambda } from '../../ir/ir.js';
import { forEachExpr } from '../../ir/walk.js';
import { branchBlock, type Block, type KernelContext } from './context.js';
import { literal } from './literals.js';
import { localName } from './names.js';
import { emitCollection } from './collections.js';
import { emitPipeline } from './pipeline.js';
import { flatWidth } from './printer.js';
import {
  assign,
  binary,
  call,
  dot,
  exprStmt,
  id,
  ifExpr,
  index,
  isAtom,
  kw,
  lit,
  namedTuple,
  not,
  plus,
  range,
  ret,
  ternary,
  unary,
  type JExpr,
  type JIf,
  type JStmt,
} from './syntax.js';

export interface ValueOptions {
  /** The caller binds the value to this (already claimed) name: a loop may accumulate into it. */
  readonly hint?: string;
  /** The caller can take an `if` block as the value (`x = if ... end`, a branch's last line). */
  readonly blockValue?: boolean;
  /** An `if` becomes a block even when a ternary would fit (the `else` of an `elseif` chain). */
  readonly noTernary?: boolean;
}

/** Ternaries wider than this become `if` blocks. */
const MAX_TERNARY_WIDTH = 72;

export function emitExpr(cx: KernelContext, e: Expr, b: Block, opts: ValueOptions = {}): JExpr {
  switch (e.k) {
    case 'lit':
      return literal(e.value);
    case 'var': {
      const v = cx.vars.get(e.name);
      if (!v) throw new Error(`unbound ${e.scope} \`${e.name}\``);
      return v;
    }
    case 'let':
      bindLet(cx, e, b);
      return emitExpr(cx, e.body, b, opts);
    case 'if':
      return emitIf(cx, e, b, opts);
    case 'unary': {
      const arg = emitExpr(cx, e.arg, b);
      return e.op === '!' ? not(arg) : unary('-', arg);
    }
    case 'binary':
      return emitBinary(cx, e, b, opts);
    case 'call':
      return emitBuiltin(cx, e.fn, e.args, b);
    case 'cast': {
      const arg = emitExpr(cx, e.arg, b);
      if (e.arg.type.kind === e.to) return arg;
      return e.to === 'f64' ? call('Float64', [arg]) : call(cx.useHelper('saturating_int64'), [arg]);
    }
    case 'record':
      return emitRecord(cx, e, b);
    case 'field':
      return dot(emitExpr(cx, e.target, b), cx.record(e.target.type).fields.get(e.name)!);
    case 'index': {
      const target = emitExpr(cx, e.target, b);
      return index(target, plus(emitExpr(cx, e.index, b), 1));
    }
    case 'range':
      return call('collect', [range(emitExpr(cx, e.start, b), plus(emitExpr(cx, e.end, b), -1))]);
    case 'map':
    case 'map_indexed':
    case 'filter':
    case 'zip':
    case 'reduce_op':
    case 'scan':
    case 'fold':
      return emitPipeline(cx, e, b, opts);
    case 'sort':
    case 'take':
    case 'skip':
    case 'reverse':
    case 'group':
      return emitCollection(cx, e, b, opts);
    case 'aggref': {
      const slots = cx.groups[cx.groups.length - 1];
      if (!slots) throw new Error('aggref outside a group result');
      return slots[e.slot]!;
    }
  }
}

/** Emits the kernel body's value as `return` statements (one per branch of a final `if`). */
export function emitTail(cx: KernelContext, e: Expr, b: Block): void {
  if (e.k === 'let') {
    bindLet(cx, e, b);
    emitTail(cx, e.body, b);
    return;
  }
  b.stmts.push(...returning([exprStmt(emitExpr(cx, e, b, { blockValue: true }))]));
}

/** Turns a block's final value line into `return`, inside `if` blocks too. */
function returning(stmts: readonly JStmt[]): JStmt[] {
  const last = stmts[stmts.length - 1];
  if (last?.k !== 'expr') return [...stmts];
  const x = last.x;
  const tail: JStmt =
    x.k === 'ifexpr'
      ? { k: 'if', branches: x.stmt.branches.map((br) => ({ cond: br.cond, body: returning(br.body) })), else: x.stmt.else && returning(x.stmt.else) }
      : ret(x);
  return [...stmts.slice(0, -1), tail];
}

function bindLet(cx: KernelContext, e: ExprOf<'let'>, b: Block): void {
  const name = b.scope.claim(localName(e.name));
  const value = emitExpr(cx, e.value, b, { hint: name, blockValue: true });
  if (!(value.k === 'id' && value.name === name)) b.stmts.push(assign(name, value));
  cx.vars.set(e.name, id(name));
}

/**
 * Binds lambda parameters to argument values and emits the body. A name or literal argument is
 * used directly; anything else is assigned once to the parameter's name, unless the body never
 * reads that parameter and the caller marks the argument `droppable` (it cannot fail).
 */
export function applyLambda(
  cx: KernelContext,
  fn: Lambda,
  args: readonly JExpr[],
  b: Block,
  droppable: readonly boolean[] = [],
  opts: ValueOptions = {},
): JExpr {
  fn.params.forEach((p, i) => {
    const arg = args[i]!;
    if (droppable[i] && !isAtom(arg) && !usedNames(fn.body).has(p.name)) cx.vars.delete(p.name);
    else cx.vars.set(p.name, atomize(arg, b, localName(p.name)));
  });
  return emitExpr(cx, fn.body, b, opts);
}

const namesUsed = new WeakMap<Expr, ReadonlySet<string>>();

/** Names of the variables `e` reads. */
function usedNames(e: Expr): ReadonlySet<string> {
  let names = namesUsed.get(e);
  if (!names) {
    const found = new Set<string>();
    forEachExpr(e, (n) => {
      if (n.k === 'var') found.add(n.name);
    });
    names = found;
    namesUsed.set(e, names);
  }
  return names;
}

/** `value` itself when it is a name or literal, else a fresh variable holding it. */
export function atomize(value: JExpr, b: Block, preferred: string): JExpr {
  if (isAtom(value)) return value;
  const name = b.scope.claim(preferred);
  b.stmts.push(assign(name, value));
  return id(name);
}

/**
 * Where an expression must be a single expression but its value is an `if` block: the block is
 * assigned to the hinted or a fresh variable (or returned as is where the caller takes blocks).
 */
function blockValue(value: JExpr, b: Block, opts: ValueOptions, preferred: string): JExpr {
  if (opts.blockValue) return value;
  const name = opts.hint ?? b.scope.claim(preferred);
  b.stmts.push(assign(name, value));
  return id(name);
}

interface BranchValue {
  readonly stmts: readonly JStmt[];
  readonly value: JExpr;
}

function branchValue(cx: KernelContext, e: Expr, b: Block, noTernary = false): BranchValue {
  const inner = branchBlock(b);
  const value = emitExpr(cx, e, inner, { blockValue: true, noTernary });
  return { stmts: inner.stmts, value };
}

function emitIf(cx: KernelContext, e: ExprOf<'if'>, b: Block, opts: ValueOptions): JExpr {
  const cond = emitExpr(cx, e.cond, b);
  const then = branchValue(cx, e.then, b);
  const otherwise = branchValue(cx, e.else, b, e.else.k === 'if');
  if (!opts.noTernary && then.stmts.length === 0 && otherwise.stmts.length === 0 && isTernaryOperand(then.value) && isTernaryOperand(otherwise.value)) {
    const t = ternary(cond, then.value, otherwise.value);
    if (flatWidth(t) <= MAX_TERNARY_WIDTH) return t;
  }
  const stmt: JIf = { k: 'if', branches: [{ cond, body: [...then.stmts, exprStmt(then.value)] }], else: null };
  // `else if` chains read as `elseif`.
  const chained = otherwise.stmts.length === 0 && otherwise.value.k === 'ifexpr' ? otherwise.value.stmt : null;
  const joined: JIf = chained
    ? { ...stmt, branches: [...stmt.branches, ...chained.branches], else: chained.else }
    : { ...stmt, else: [...otherwise.stmts, exprStmt(otherwise.value)] };
  return blockValue(ifExpr(joined), b, opts, 'value');
}

function isTernaryOperand(e: JExpr): boolean {
  return e.k !== 'ifexpr' && e.k !== 'ternary' && !(e.k === 'paren' && e.x.k === 'ternary');
}

function emitBinary(cx: KernelContext, e: ExprOf<'binary'>, b: Block, opts: ValueOptions): JExpr {
  const left = emitExpr(cx, e.left, b);
  if (e.op === '&&' || e.op === '||') {
    const right = branchValue(cx, e.right, b);
    if (right.stmts.length === 0 && right.value.k !== 'ifexpr') return binary(e.op, left, right.value);
    // The right side needs statements: they may only run when the left side does not decide.
    const rest = [...right.stmts, exprStmt(right.value)];
    const decided = [exprStmt(lit(e.op === '||' ? 'true' : 'false'))];
    const stmt: JIf = e.op === '&&' ? { k: 'if', branches: [{ cond: left, body: rest }], else: decided } : { k: 'if', branches: [{ cond: left, body: decided }], else: rest };
    return blockValue(ifExpr(stmt), b, opts, 'value');
  }
  const right = emitExpr(cx, e.right, b);
  if (e.op === '/' && e.type.kind === 'i64') return integerDivision(cx, left, e.right, right);
  return binary(e.op, left, right);
}

/**
 * `div` truncates like the kernel language but throws for typemin(Int64) ÷ -1, which must wrap.
 * A literal divisor other than -1 needs no guard (0 throws, as it must).
 */
function integerDivision(cx: KernelContext, left: JExpr, divisorIr: Expr, divisor: JExpr): JExpr {
  if (divisorIr.k === 'lit') return divisorIr.value === -1n ? unary('-', left) : call('div', [left, divisor]);
  return call(cx.useHelper('wrapping_div'), [left, divisor]);
}

function emitBuiltin(cx: KernelContext, fn: Builtin, irArgs: readonly Expr[], b: Block): JExpr {
  const args = irArgs.map((a) => emitExpr(cx, a, b));
  const [x, y] = args as [JExpr, JExpr];
  const float = irArgs[0]!.type.kind === 'f64';
  switch (fn) {
    case 'abs':
    case 'exp':
    case 'floor':
    case 'ceil':
      return call(fn, [x]);
    case 'sqrt':
      return call(nonNegative(irArgs[0]!) ? 'sqrt' : cx.useHelper('sqrt_or_nan'), [x]);
    case 'ln':
      return call(nonNegative(irArgs[0]!) ? 'log' : cx.useHelper('log_or_nan'), [x]);
    case 'pow':
      return call(cx.useHelper('pow'), [x, y]);
    case 'round':
      return call('round', [x, id('RoundNearestTiesAway')]);
    case 'min':
      return call(float ? cx.useHelper('lesser') : 'min', [x, y]);
    case 'max':
      return call(float ? cx.useHelper('greater') : 'max', [x, y]);
  }
}

/** Arguments that are never below zero, where Base.sqrt and Base.log cannot throw. */
function nonNegative(e: Expr): boolean {
  if (e.k === 'lit') return typeof e.value === 'number' && !(e.value < 0);
  return e.k === 'call' && (e.fn === 'abs' || e.fn === 'exp' || e.fn === 'sqrt');
}

function emitRecord(cx: KernelContext, e: ExprOf<'record'>, b: Block): JExpr {
  const info = cx.record(e.type);
  // Evaluated in written order; Julia takes them in declaration order.
  const values = new Map(e.fields.map((f) => [f.name, emitExpr(cx, f.value, b)] as const));
  if (e.type.kind !== 'record') throw new Error('record node without a record type');
  const ordered = e.type.fields.map((f) => ({ name: info.fields.get(f.name)!, value: values.get(f.name)! }));
  if (info.declared) return call(info.name, ordered.map((f) => f.value));
  return namedTuple(ordered.map((f) => kw(f.name, f.value)));
}

const failing = new WeakMap<Expr, boolean>();

/**
 * Whether evaluating `e` may raise a runtime error (integer division by a non-literal, indexing,
 * min/max/mean of a possibly empty array). Forms that evaluate an expression a different number
 * of times than the interpreter (a sort's `by`, a dropped map result) are only used when not.
 */
export function canFail(e: Expr): boolean {
  const known = failing.get(e);
  if (known !== undefined) return known;
  let fails = false;
  forEachExpr(e, (n) => {
    if (n.k === 'binary' && (n.op === '/' || n.op === '%') && n.type.kind === 'i64') {
      fails ||= !(n.right.k === 'lit' && n.right.value !== 0n);
    } else if (n.k === 'index') fails = true;
    else if (n.k === 'reduce_op' && (n.op === 'min' || n.op === 'max' || n.op === 'mean')) fails = true;
  });
  failing.set(e, fails);
  return fails;
}
