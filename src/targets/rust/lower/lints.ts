// Rewrites that keep the meaning of a kernel but spell it the way clippy wants, applied to the IR
// before lowering: `!(a == b)` → `a != b`, `!(a < b)` → `a >= b` for totally ordered types,
// `x == true` → `x`, `if c { true } else { false }` → `c`, f64 `x * -1.0` → `-x`, and an `if`
// whose branches are identical → the branch. Where clippy would object to what the source itself
// says and no equivalent spelling exists (`!(x < y)` on f64 differs from `x >= y` for NaN), the
// kernel's function allows that lint instead.

import type { BinaryOp, Expr } from '../../../ir/ir.js';
import { BOOL, I64 } from '../../../lang/types.js';
import { forEachExpr, mapChildren } from '../../../ir/walk.js';
import { mayFail } from '../analysis.js';

const INVERSE: Partial<Record<BinaryOp, BinaryOp>> = { '==': '!=', '!=': '==', '<': '>=', '<=': '>', '>': '<=', '>=': '<' };

export function normalizeForClippy(body: Expr, allows: Set<string>): Expr {
  const rewrite = (e: Expr): Expr => simplify(mapChildren(e, rewrite), allows);
  return rewrite(body);
}

/**
 * Drops `let`s whose name nothing reads and whose value cannot fail (rustc would warn about the
 * unused variable, and about the closure parameters only such a value read). Bottom-up, so a
 * binding read only by dropped ones goes too.
 */
export function dropDeadLets(body: Expr): Expr {
  const rewrite = (e: Expr): Expr => {
    const next = mapChildren(e, rewrite);
    if (next.k === 'let' && !reads(next.body, next.name) && !mayFail(next.value)) return next.body;
    return next;
  };
  return rewrite(body);
}

function reads(e: Expr, name: string): boolean {
  let found = false;
  forEachExpr(e, (x) => {
    if (x.k === 'var' && x.name === name) found = true;
  });
  return found;
}

function simplify(e: Expr, allows: Set<string>): Expr {
  switch (e.k) {
    case 'unary':
      return e.op === '!' ? negate(e.arg, allows) ?? e : e;
    case 'binary': {
      if ((e.op === '&&' || e.op === '||') && sameExpr(e.left, e.right)) return e.left;
      if (e.op === '&&' || e.op === '||') {
        const merged = doubleComparison(e.op, e.left, e.right);
        if (merged) return merged;
      }
      if ((e.op === '==' || e.op === '!=') && e.left.type.kind === 'bool') {
        // `a != !b` is `a == b`.
        const l = e.left.k === 'unary' && e.left.op === '!' ? e.left.arg : null;
        const r = e.right.k === 'unary' && e.right.op === '!' ? e.right.arg : null;
        if ((l === null) !== (r === null)) return simplify({ ...e, op: e.op === '==' ? '!=' : '==', left: l ?? e.left, right: r ?? e.right }, allows);
      }
      if ((e.op === '==' || e.op === '!=') && e.left.type.kind === 'bool') {
        const [lit, other] = e.left.k === 'lit' ? [e.left, e.right] : e.right.k === 'lit' ? [e.right, e.left] : [null, null];
        if (lit && other) return lit.value === (e.op === '==') ? other : not(other, allows);
      }
      if (e.op === '*' && e.type.kind === 'f64') {
        if (isMinusOne(e.right)) return { k: 'unary', op: '-', arg: e.left, type: e.type };
        if (isMinusOne(e.left)) return { k: 'unary', op: '-', arg: e.right, type: e.type };
      }
      return e;
    }
    case 'if': {
      if (e.then.k === 'lit' && e.else.k === 'lit' && typeof e.then.value === 'boolean' && e.then.value !== e.else.value) {
        return e.then.value ? e.cond : not(e.cond, allows);
      }
      if (sameExpr(e.then, e.else) && !mayFail(e.cond)) return e.then;
      return e;
    }
    case 'let':
      // `let v = e; v` is `e` (clippy's let_and_return).
      return e.body.k === 'var' && e.body.name === e.name ? e.value : e;
    case 'sort':
      // A key that ignores the element leaves a stable sort nothing to do.
      if (e.key && !reads(e.key.body, e.key.params[0]!.name) && !mayFail(e.key.body)) return e.source;
      return e;
    case 'reduce_op':
      if (e.op === 'len' || (e.op === 'count' && !e.fn)) return lengthOf(e.source) ?? e;
      return e;
    default:
      return e;
  }
}

/**
 * The length of an array from an array it was derived from without changing its length, or
 * null: `xs.map(f).len()` is `xs.len()` when `f` cannot fail (the map would be evaluated for
 * nothing, and clippy rejects `map(f).count()`).
 */
function lengthOf(e: Expr): Expr | null {
  const len = (source: Expr): Expr => lengthOf(source) ?? { k: 'reduce_op', op: 'len', source, fn: null, type: I64 };
  switch (e.k) {
    case 'map':
    case 'map_indexed':
      return mayFail(e.fn.body) ? null : len(e.source);
    case 'reverse':
      return len(e.source);
    case 'sort':
      return e.key && mayFail(e.key.body) ? null : len(e.source);
    case 'zip':
      return mayFail(e.fn.body) ? null : { k: 'call', fn: 'min', args: [len(e.source), len(e.other)], type: I64 };
    default:
      return null;
  }
}

/** clippy's double_comparisons: `a == b || a < b` is `a <= b` (exact for f64 too). */
function doubleComparison(op: '&&' | '||', l: Expr, r: Expr): Expr | null {
  if (l.k !== 'binary' || r.k !== 'binary' || !sameExpr(l.left, r.left) || !sameExpr(l.right, r.right)) return null;
  const ops = new Set([l.op, r.op]);
  const both = (a: BinaryOp, c: BinaryOp): boolean => ops.has(a) && ops.has(c) && a !== c;
  let merged: BinaryOp | null = null;
  if (op === '||' && both('==', '<')) merged = '<=';
  else if (op === '||' && both('==', '>')) merged = '>=';
  else if (op === '||' && both('<', '>') && l.left.type.kind !== 'f64') merged = '!=';
  else if (op === '&&' && both('<=', '>=')) merged = '==';
  return merged ? { ...l, op: merged } : null;
}

function not(e: Expr, allows: Set<string>): Expr {
  return negate(e, allows) ?? { k: 'unary', op: '!', arg: e, type: BOOL };
}

/** `!e` without a negation operator, when there is an equivalent spelling. */
function negate(e: Expr, allows: Set<string>): Expr | null {
  if (e.k === 'unary' && e.op === '!') return e.arg;
  if (e.k !== 'binary') return null;
  const inverse = INVERSE[e.op];
  if (!inverse) return null;
  if (e.op !== '==' && e.op !== '!=' && e.left.type.kind === 'f64') {
    allows.add('clippy::neg_cmp_op_on_partial_ord');
    return null;
  }
  return { ...e, op: inverse };
}

function isMinusOne(e: Expr): boolean {
  return e.k === 'lit' && e.value === -1;
}

/** Structural equality, ignoring source spans. */
export function sameExpr(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a).filter((k) => k !== 'span');
  const kb = Object.keys(b).filter((k) => k !== 'span');
  if (ka.length !== kb.length) return false;
  return ka.every((k) => sameExpr((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}
