// Constant folding: evaluates at compile time what the interpreter would compute anyway, using
// the interpreter's own scalar operations, so a folded program means exactly the same thing.
//
// What folds: unary/binary operators, casts and built-in calls whose operands are literals; `if`
// with a literal condition; `&&`/`||` with a literal left side (and `e && true`, `e || false`);
// `let`s bound to a literal (substituted into the body); and identities that hold for every
// value: i64 `x + 0`, `0 + x`, `x - 0`, `x * 1`, `1 * x`, `x / 1`; f64 `x * 1.0`, `1.0 * x`,
// `x / 1.0`, `x - 0.0`, `x + -0.0`, `-0.0 + x` (but not `x + 0.0`: -0.0 + 0.0 is +0.0); `!!b`
// and `-(-x)`.
//
// What never folds: anything that would raise a runtime error (i64 `/` or `%` by zero stays for
// run time), anything that drops a subexpression that could raise one (`x * 0`), and any f64
// result that is not finite (`1.0 / 0.0`): the source has no NaN/Infinity literals and neither
// do folded programs, so emitters never need to spell them.
//
// One bottom-up pass reaches the fixed point (every rewrite returns an already-folded tree), so
// folding is idempotent.

import type { Expr, Program, ScalarValue } from './ir.js';
import { applyBinary, applyBuiltin, applyCast, applyUnary } from './interp.js';
import { mapChildren } from './walk.js';

type Lit = Extract<Expr, { k: 'lit' }>;

export function foldConstants(program: Program): Program {
  return {
    ...program,
    kernels: program.kernels.map((k) => ({ ...k, body: foldExpr(k.body, new Map()) })),
  };
}

/** `known` maps let-bound names to their literal values (local names are unique in a kernel). */
function foldExpr(e: Expr, known: Map<string, Lit>): Expr {
  if (e.k === 'var') return (e.scope === 'local' && known.get(e.name)) || e;
  if (e.k === 'let') {
    const value = foldExpr(e.value, known);
    if (value.k === 'lit') {
      known.set(e.name, value);
      return foldExpr(e.body, known);
    }
    const body = foldExpr(e.body, known);
    return value === e.value && body === e.body ? e : { ...e, value, body };
  }
  return simplify(mapChildren(e, (child) => foldExpr(child, known)));
}

/** Rewrites one node whose children are already folded. */
function simplify(e: Expr): Expr {
  switch (e.k) {
    case 'unary':
      if (e.arg.k === 'lit') return literal(e, applyUnary(e.op, e.arg.value));
      if (e.arg.k === 'unary' && e.arg.op === e.op) return e.arg.arg;
      return e;
    case 'binary':
      return simplifyBinary(e);
    case 'call':
      return e.args.every((a) => a.k === 'lit') ? literal(e, applyBuiltin(e.fn, e.args.map((a) => (a as Lit).value))) : e;
    case 'cast':
      return e.arg.k === 'lit' ? literal(e, applyCast(e.to, e.arg.value)) : e;
    case 'if':
      return e.cond.k === 'lit' ? (e.cond.value ? e.then : e.else) : e;
    default:
      return e;
  }
}

function simplifyBinary(e: Extract<Expr, { k: 'binary' }>): Expr {
  const { op, left, right } = e;
  if (op === '&&' || op === '||') {
    const decisive = op === '||'; // the left value that decides the result on its own
    if (left.k === 'lit') return left.value === decisive ? left : right;
    if (right.k === 'lit' && right.value !== decisive) return left;
    return e;
  }
  if (left.k === 'lit' && right.k === 'lit') {
    if ((op === '/' || op === '%') && right.value === 0n) return e; // CLR001 belongs to run time
    return literal(e, applyBinary(op, left.value, right.value));
  }
  if (right.k === 'lit' && isRightIdentity(op, right.value)) return left;
  if (left.k === 'lit' && isLeftIdentity(op, left.value)) return right;
  return e;
}

/** `x op v == x` for every x (including -0.0 and NaN for f64). */
function isRightIdentity(op: string, v: ScalarValue): boolean {
  if (typeof v === 'bigint') return ((op === '+' || op === '-') && v === 0n) || ((op === '*' || op === '/') && v === 1n);
  if (typeof v === 'number') {
    return (op === '-' && Object.is(v, 0)) || (op === '+' && Object.is(v, -0)) || ((op === '*' || op === '/') && v === 1);
  }
  return false;
}

/** `v op x == x` for every x. */
function isLeftIdentity(op: string, v: ScalarValue): boolean {
  if (typeof v === 'bigint') return (op === '+' && v === 0n) || (op === '*' && v === 1n);
  if (typeof v === 'number') return (op === '+' && Object.is(v, -0)) || (op === '*' && v === 1);
  return false;
}

/** `e` replaced by the literal `value`, unless that would be a non-finite f64 literal. */
function literal(e: Expr, value: ScalarValue): Expr {
  if (typeof value === 'number' && !Number.isFinite(value)) return e;
  return e.span === undefined ? { k: 'lit', type: e.type, value } : { k: 'lit', type: e.type, value, span: e.span };
}
