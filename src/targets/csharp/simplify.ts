// IR rewrites that keep C# compilers quiet, applied to a kernel body before lowering:
// - `x && false` and `x || true` become the constant when `x` cannot fail, and an `if` on a
//   constant becomes its taken branch: mcs flags the branch a condition never takes as
//   unreachable (CS0429, CS0162), and constant folding keeps `x && false` because `x` might fail;
// - a `let` whose value is never read and cannot fail goes: C# flags an unused local (CS0219),
//   and a binding read only by such a `let` is itself unused once that one goes.

import type { Expr } from '../../ir/ir.js';
import { mapChildren } from '../../ir/walk.js';
import { countReads, mayFail } from './analysis.js';

export function simplifyForCSharp(body: Expr): Expr {
  return withoutDeadLets(withoutDecidedConditions(body));
}

function withoutDecidedConditions(e: Expr): Expr {
  const node = mapChildren(e, withoutDecidedConditions);
  if (node.k === 'binary' && (node.op === '&&' || node.op === '||')) {
    const absorbing = node.op === '||';
    if (node.right.k === 'lit' && node.right.value === absorbing && !mayFail(node.left)) return node.right;
    if (node.left.k === 'lit') return node.left.value === absorbing ? node.left : node.right;
  }
  if (node.k === 'if' && node.cond.k === 'lit') return node.cond.value === true ? node.then : node.else;
  return node;
}

function withoutDeadLets(e: Expr): Expr {
  if (e.k !== 'let') return mapChildren(e, withoutDeadLets);
  // The body first: what it stops reading may make this binding dead too.
  const body = withoutDeadLets(e.body);
  if (countReads(body, e.name) === 0 && !mayFail(e.value)) return body;
  const value = withoutDeadLets(e.value);
  return value === e.value && body === e.body ? e : { ...e, value, body };
}
