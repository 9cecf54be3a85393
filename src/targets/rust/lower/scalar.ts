// Lowering of non-array expressions: literals, variables, `let`, `if`, operators, built-in calls,
// conversions, records and field/index access. i64 arithmetic wraps explicitly (`wrapping_add`,
// …) because plain operators panic on overflow in debug builds; division by a literal that is
// neither 0 nor -1 cannot overflow and stays a plain `/`.

import type { Builtin, Expr } from '../../../ir/ir.js';
import { applyCast } from '../../../ir/interp.js';
import type { Type } from '../../../lang/types.js';
import {
  binary,
  block,
  call,
  cast,
  field,
  ifElse,
  index,
  letStmt,
  lit,
  method,
  path,
  structLit,
  unary,
  type BinOp,
  type RBlock,
  type RExpr,
  type RIf,
} from '../ast.js';
import { strKind, toOwned, toStr, val, type Val } from '../forms.js';
import { isCopy } from '../types.js';
import { mayFail } from '../analysis.js';
import { arrayToVal, lowerArray, lowerReduction, materialized } from './array.js';
import type { Block } from './context.js';
import { literal, looksLikeStdConstant } from './literals.js';

export function lowerExpr(e: Expr, b: Block): Val {
  switch (e.k) {
    case 'lit':
      if (typeof e.value === 'number' && looksLikeStdConstant(e.value)) b.kc.allows.add('clippy::approx_constant');
      return val(literal(e.value), e.type, 'view');
    case 'var':
      return variable(e.name, e.type, b);
    case 'let':
      return lowerLet(e, b);
    case 'if':
      return lowerIf(e, b, false);
    case 'unary':
      return val(lowerUnary(e, b), e.type, 'copy');
    case 'binary':
      return val(lowerBinary(e, b), e.type, 'copy');
    case 'call':
      return val(lowerCall(e.fn, e.args, e.type, b), e.type, 'copy');
    case 'cast':
      return val(lowerCast(e, b), e.type, 'copy');
    case 'record': {
      const name = b.kc.recordName(e.type);
      const fields = e.fields.map((f) => ({ name: b.kc.module.names.field(recordKey(e.type), f.name), value: lowerOwned(f.value, b) }));
      return val(structLit(name, fields), e.type, 'owned');
    }
    case 'field': {
      const target = lowerExpr(e.target, b);
      const movable = target.form === 'owned' || (target.form === 'place' && target.movable === true);
      return val(field(target.expr, b.kc.module.names.field(recordKey(e.target.type), e.name)), e.type, 'place', movable);
    }
    case 'index': {
      const target = materialized(lowerArray(e.target, b, false));
      return val(index(target, usizeIndex(e.index, b)), e.type, 'place');
    }
    case 'aggref': {
      const slots = b.kc.groupSlots[b.kc.groupSlots.length - 1];
      const slot = slots?.[e.slot];
      if (!slot) throw new Error('aggref outside a group result');
      return slot;
    }
    case 'reduce_op':
    case 'fold':
      return lowerReduction(e, b);
    default:
      return arrayToVal(lowerArray(e, b, b.parallel));
  }
}

function recordKey(t: Type): string {
  if (t.kind !== 'record') throw new Error('field access on a non-record');
  return t.name;
}

/** The expression as an owned value; an `if` gets the conversion in each branch. */
export function lowerOwned(e: Expr, b: Block): RExpr {
  if (e.k === 'if' && !isCopy(e.type)) return lowerIf(e, b, true).expr;
  if (e.k === 'let') return toOwned(lowerLet(e, b, true));
  return toOwned(lowerExpr(e, b));
}

function variable(name: string, type: Type, b: Block): Val {
  const binding = b.kc.bindings.get(name);
  if (!binding) throw new Error(`unbound variable \`${name}\``);
  return val(binding.expr, type, binding.form, binding.movable);
}

function lowerLet(e: Extract<Expr, { k: 'let' }>, b: Block, owned = false): Val {
  const usage = b.kc.facts.usage(e.name);
  const rust = b.bindName(e.name);
  if (usage.count === 0) {
    if (mayFail(e.value)) {
      // Evaluated for its runtime error only: borrowed rather than copied.
      const value = lowerExpr(e.value, b);
      b.push(letStmt(rust, value.form === 'place' ? unary('&', value.expr) : value.expr));
    }
  } else {
    b.pendingLet = { name: rust, value: e.value };
    const value = lowerExpr(e.value, b);
    b.pendingLet = null;
    const movable = usage.count === 1 && !usage.nested;
    if (value.expr.k === 'path' && value.expr.text === rust) {
      // The value was built in a variable of this very name (a sorted vector): nothing to bind.
      b.kc.bindings.set(e.name, { expr: value.expr, form: 'place', movable });
    } else if (value.form === 'copy' || value.form === 'ref' || value.form === 'view') {
      // `let v = if c { 1 } else { 2 };` leaves v's type to inference; method calls on it need it.
      const annotation = isCopy(e.value.type) && untypedLiteral(value.expr) ? e.value.type.kind : null;
      b.push(letStmt(rust, value.expr, annotation));
      b.kc.bindings.set(e.name, { expr: path(rust), form: value.form, movable: false });
    } else if (value.form === 'owned' || value.movable) {
      const typed = collectAnnotation(value.expr, e.value.type, b);
      b.push(letStmt(rust, typed.init, typed.ty));
      b.kc.bindings.set(e.name, { expr: path(rust), form: 'place', movable });
    } else {
      b.push(letStmt(rust, unary('&', value.expr)));
      b.kc.bindings.set(e.name, { expr: path(rust), form: 'ref', movable: false });
    }
  }
  if (owned) return val(lowerOwned(e.body, b), e.type, 'owned');
  return lowerExpr(e.body, b);
}

/**
 * A numeric value made of unsuffixed literals only (`5`, `if c { 1 } else { 2 }`) leaves its type
 * to inference; where it starts a value's life (a closure's result, a fold's initial state), its
 * literals get the type suffix so that methods on the value resolve (`5_i64`).
 */
export function typedNumber(e: RExpr, type: Type): RExpr {
  if ((type.kind !== 'i64' && type.kind !== 'f64') || !untypedLiteral(e)) return e;
  const suffix = `_${type.kind}`;
  const leaf = (x: RExpr): RExpr => {
    switch (x.k) {
      case 'lit':
        return { ...x, text: x.text + suffix };
      case 'paren':
        return { ...x, inner: leaf(x.inner) };
      case 'unary':
        return { ...x, arg: leaf(x.arg) };
      case 'binary':
        return { ...x, left: leaf(x.left), right: leaf(x.right) };
      case 'if': {
        const then = { ...x.then, tail: x.then.tail && leaf(x.then.tail) };
        const otherwise = x.else.k === 'if' ? (leaf(x.else) as typeof x.else) : { ...x.else, tail: x.else.tail && leaf(x.else.tail) };
        return { ...x, then, else: otherwise };
      }
      default:
        return x;
    }
  };
  return leaf(e);
}

function untypedLiteral(e: RExpr): boolean {
  switch (e.k) {
    case 'lit':
      return /^-?[\d.e-]+$/.test(e.text);
    case 'paren':
      return untypedLiteral(e.inner);
    case 'unary':
      return untypedLiteral(e.arg);
    case 'binary':
      return ['+', '-', '*', '/', '%'].includes(e.op) && untypedLiteral(e.left) && untypedLiteral(e.right);
    case 'if':
      return (
        e.then.stmts.length === 0 && e.then.tail !== null && untypedLiteral(e.then.tail) &&
        (e.else.k === 'if' ? untypedLiteral(e.else) : e.else.tail !== null && untypedLiteral(e.else.tail))
      );
    default:
      return false;
  }
}

/** `let ys: Vec<T> = … .collect();` rather than a turbofish on the right. */
export function collectAnnotation(init: RExpr, type: Type, b: Block): { init: RExpr; ty: string | null } {
  if (init.k === 'method' && init.name === 'collect::<Vec<_>>') {
    return { init: { ...init, name: 'collect' }, ty: b.kc.rustType(type) };
  }
  return { init, ty: null };
}

/**
 * Both branches in blocks of their own (statements they need stay inside). Non-scalar results
 * are owned when asked for, when a branch needs statements (its value could borrow from them) or
 * when a branch is owned anyway; otherwise both branches are borrowed views.
 */
function lowerIf(e: Extract<Expr, { k: 'if' }>, b: Block, owned: boolean): Val {
  const cond = lowerExpr(e.cond, b).expr;
  const thenBlock = b.branch();
  const elseBlock = b.branch();
  if (isCopy(e.type)) {
    const t = lowerExpr(e.then, thenBlock).expr;
    const f = lowerExpr(e.else, elseBlock).expr;
    return val(ifExpr(cond, thenBlock.finish(t), elseBlock.finish(f)), e.type, 'copy');
  }
  if (owned) {
    const t = lowerOwned(e.then, thenBlock);
    const f = lowerOwned(e.else, elseBlock);
    return val(ifExpr(cond, thenBlock.finish(t), elseBlock.finish(f)), e.type, 'owned');
  }
  const t = lowerExpr(e.then, thenBlock);
  const f = lowerExpr(e.else, elseBlock);
  const needOwned = thenBlock.stmts.length > 0 || elseBlock.stmts.length > 0 || t.form === 'owned' || f.form === 'owned';
  if (needOwned) return val(ifExpr(cond, thenBlock.finish(toOwned(t)), elseBlock.finish(toOwned(f))), e.type, 'owned');
  return val(ifExpr(cond, thenBlock.finish(asView(t)), elseBlock.finish(asView(f))), e.type, 'view');
}

/** `if c { a } else { b }`, with an `else if` chain when the else branch is itself an `if`. */
function ifExpr(cond: RExpr, then: RExpr, otherwise: RExpr): RExpr {
  const thenBlock: RBlock = then.k === 'block' ? then : block([], then);
  const elseBranch: RBlock | RIf = otherwise.k === 'if' ? otherwise : otherwise.k === 'block' ? otherwise : block([], otherwise);
  return ifElse(cond, thenBlock, elseBranch);
}

function asView(v: Val): RExpr {
  if (v.form === 'view') return v.expr;
  if (v.type.kind === 'str') return toStr(v);
  if (v.type.kind === 'array') return v.form === 'ref' ? method(v.expr, 'as_slice') : unary('&', v.expr);
  return v.form === 'ref' ? v.expr : unary('&', v.expr);
}

// ---------------------------------------------------------------------------------------------
// Operators

/** An operand that becomes a method receiver: literals need their type suffix there (`2_i64.pow`). */
export function receiver(e: Expr, b: Block): RExpr {
  if (e.k === 'lit') return literal(e.value, true);
  return typedNumber(lowerExpr(e, b).expr, e.type);
}

function lowerUnary(e: Extract<Expr, { k: 'unary' }>, b: Block): RExpr {
  if (e.op === '!') return unary('!', lowerExpr(e.arg, b).expr);
  if (e.type.kind === 'i64') return method(receiver(e.arg, b), 'wrapping_neg');
  return unary('-', lowerExpr(e.arg, b).expr);
}

const WRAPPING: Partial<Record<BinOp, string>> = { '+': 'wrapping_add', '-': 'wrapping_sub', '*': 'wrapping_mul' };

function lowerBinary(e: Extract<Expr, { k: 'binary' }>, b: Block): RExpr {
  if (e.op === '&&' || e.op === '||') {
    const left = lowerExpr(e.left, b).expr;
    const rhsBlock = b.branch();
    const right = rhsBlock.finish(lowerExpr(e.right, rhsBlock).expr);
    return binary(e.op, left, right);
  }
  const operandType = e.left.type;
  if (operandType.kind === 'str' && isComparison(e.op)) {
    return compareStrings(e.op, lowerExpr(e.left, b), lowerExpr(e.right, b));
  }
  if (operandType.kind === 'i64' && !isComparison(e.op)) return integerArithmetic(e, b);
  if (operandType.kind === 'bool' && (e.op === '<' || e.op === '<=' || e.op === '>' || e.op === '>=')) {
    return boolOrder(e.op, lowerExpr(e.left, b).expr, lowerExpr(e.right, b).expr);
  }
  return binary(e.op, lowerExpr(e.left, b).expr, lowerExpr(e.right, b).expr);
}

/** clippy's bool_comparison: `false < true` orders as `!a & b` (both sides evaluated, as `<` does). */
function boolOrder(op: '<' | '<=' | '>' | '>=', l: RExpr, r: RExpr): RExpr {
  switch (op) {
    case '<':
      return binary('&', unary('!', l), r);
    case '>':
      return binary('&', l, unary('!', r));
    case '<=':
      return binary('|', unary('!', l), r);
    case '>=':
      return binary('|', l, unary('!', r));
  }
}

function isComparison(op: BinOp): boolean {
  return op === '==' || op === '!=' || op === '<' || op === '<=' || op === '>' || op === '>=';
}

function integerArithmetic(e: Extract<Expr, { k: 'binary' }>, b: Block): RExpr {
  const wrapping = WRAPPING[e.op];
  if (wrapping) return method(receiver(e.left, b), wrapping, [lowerExpr(e.right, b).expr]);
  // `/` and `%` panic on a zero divisor (the runtime error we want); only MIN / -1 overflows.
  const safeDivisor = e.right.k === 'lit' && e.right.value !== 0n && e.right.value !== -1n;
  if (safeDivisor) return binary(e.op, lowerExpr(e.left, b).expr, lowerExpr(e.right, b).expr);
  return method(receiver(e.left, b), e.op === '/' ? 'wrapping_div' : 'wrapping_rem', [lowerExpr(e.right, b).expr]);
}

/** Strings of the same Rust type compare directly; mixed ones as `&str`. */
function compareStrings(op: BinOp, l: Val, r: Val): RExpr {
  const lk = strKind(l);
  const rk = strKind(r);
  if (lk === rk) return binary(op, l.expr, r.expr);
  const ownedVsRef = (lk === 'String' && rk === '&String') || (lk === '&String' && rk === 'String');
  if ((op === '==' || op === '!=') && !ownedVsRef) return binary(op, l.expr, r.expr);
  return binary(op, toStr(l), toStr(r));
}

function lowerCall(fn: Builtin, args: readonly Expr[], type: Type, b: Block): RExpr {
  const [a, c] = args as [Expr, Expr];
  switch (fn) {
    case 'abs':
      return method(receiver(a, b), type.kind === 'i64' ? 'wrapping_abs' : 'abs');
    case 'sqrt':
    case 'exp':
    case 'ln':
    case 'floor':
    case 'ceil':
    case 'round':
      return method(receiver(a, b), fn);
    case 'pow':
      return method(receiver(a, b), 'powf', [lowerExpr(c, b).expr]);
    case 'min':
    case 'max':
      if (type.kind === 'i64') return method(receiver(a, b), fn, [lowerExpr(c, b).expr]);
      return call(b.kc.module.useHelper(fn === 'min' ? 'min_f64' : 'max_f64'), [lowerExpr(a, b).expr, lowerExpr(c, b).expr]);
  }
}

function lowerCast(e: Extract<Expr, { k: 'cast' }>, b: Block): RExpr {
  if (e.arg.k === 'lit') return literal(applyCast(e.to, e.arg.value));
  return cast(lowerExpr(e.arg, b).expr, e.to);
}

/** An i64 index as `usize`: negative values wrap to huge ones and fail the bounds check. */
function usizeIndex(e: Expr, b: Block): RExpr {
  if (e.k === 'lit' && typeof e.value === 'bigint') {
    // A negative literal index fails the bounds check once cast; it needs its type to be negated.
    return e.value >= 0n ? lit(String(e.value)) : cast(literal(e.value, true), 'usize');
  }
  return cast(lowerExpr(e, b).expr, 'usize');
}
