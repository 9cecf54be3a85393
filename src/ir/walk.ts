// Generic traversal of IR expressions, so passes only spell out the nodes they change.

import type { Expr, Lambda } from './ir.js';

/**
 * Rebuilds `e` with `f` applied to each direct child expression (lambda bodies included).
 * Returns `e` itself when no child changed, so untouched subtrees stay shared.
 */
export function mapChildren(e: Expr, f: (child: Expr) => Expr): Expr {
  const lam = (l: Lambda): Lambda => {
    const body = f(l.body);
    return body === l.body ? l : { ...l, body };
  };
  switch (e.k) {
    case 'lit':
    case 'var':
    case 'aggref':
      return e;
    case 'let':
      return update(e, { value: f(e.value), body: f(e.body) });
    case 'if':
      return update(e, { cond: f(e.cond), then: f(e.then), else: f(e.else) });
    case 'unary':
    case 'cast':
      return update(e, { arg: f(e.arg) });
    case 'binary':
      return update(e, { left: f(e.left), right: f(e.right) });
    case 'call':
      return update(e, { args: sameOrNew(e.args, e.args.map(f)) });
    case 'record':
      return update(e, {
        fields: sameOrNew(
          e.fields,
          e.fields.map((fl) => {
            const value = f(fl.value);
            return value === fl.value ? fl : { ...fl, value };
          }),
        ),
      });
    case 'field':
      return update(e, { target: f(e.target) });
    case 'index':
      return update(e, { target: f(e.target), index: f(e.index) });
    case 'range':
      return update(e, { start: f(e.start), end: f(e.end) });
    case 'map':
    case 'map_indexed':
    case 'filter':
      return update(e, { source: f(e.source), fn: lam(e.fn) });
    case 'zip':
      return update(e, { source: f(e.source), other: f(e.other), fn: lam(e.fn) });
    case 'reduce_op':
      return update(e, { source: f(e.source), fn: e.fn && lam(e.fn) });
    case 'scan':
    case 'fold':
      return update(e, { source: f(e.source), init: f(e.init), fn: lam(e.fn) });
    case 'sort':
      return update(e, { source: f(e.source), key: e.key && lam(e.key) });
    case 'take':
    case 'skip':
      return update(e, { source: f(e.source), count: f(e.count) });
    case 'reverse':
      return update(e, { source: f(e.source) });
    case 'group':
      return update(e, {
        source: f(e.source),
        key: lam(e.key),
        slots: sameOrNew(
          e.slots,
          e.slots.map((s) => {
            const fn = s.fn && lam(s.fn);
            return fn === s.fn ? s : { ...s, fn };
          }),
        ),
        result: f(e.result),
      });
  }
}

/**
 * Calls `f` on each direct child expression of `e` in mapChildren's order, allocating nothing;
 * `inLambda` says whether the child is a lambda's body (evaluated per element, or not at all).
 */
export function forEachChild(e: Expr, f: (child: Expr, inLambda: boolean) => void): void {
  switch (e.k) {
    case 'lit':
    case 'var':
    case 'aggref':
      return;
    case 'let':
      f(e.value, false);
      return f(e.body, false);
    case 'if':
      f(e.cond, false);
      f(e.then, false);
      return f(e.else, false);
    case 'unary':
    case 'cast':
      return f(e.arg, false);
    case 'binary':
      f(e.left, false);
      return f(e.right, false);
    case 'call':
      for (const arg of e.args) f(arg, false);
      return;
    case 'record':
      for (const field of e.fields) f(field.value, false);
      return;
    case 'field':
      return f(e.target, false);
    case 'index':
      f(e.target, false);
      return f(e.index, false);
    case 'range':
      f(e.start, false);
      return f(e.end, false);
    case 'map':
    case 'map_indexed':
    case 'filter':
      f(e.source, false);
      return f(e.fn.body, true);
    case 'zip':
      f(e.source, false);
      f(e.other, false);
      return f(e.fn.body, true);
    case 'reduce_op':
      f(e.source, false);
      if (e.fn) f(e.fn.body, true);
      return;
    case 'scan':
    case 'fold':
      f(e.source, false);
      f(e.init, false);
      return f(e.fn.body, true);
    case 'sort':
      f(e.source, false);
      if (e.key) f(e.key.body, true);
      return;
    case 'take':
    case 'skip':
      f(e.source, false);
      return f(e.count, false);
    case 'reverse':
      return f(e.source, false);
    case 'group':
      f(e.source, false);
      f(e.key.body, true);
      for (const slot of e.slots) if (slot.fn) f(slot.fn.body, true);
      return f(e.result, false);
  }
}

/** Calls `visit` on `e` and every expression below it (lambda bodies included), parents first. */
export function forEachExpr(e: Expr, visit: (e: Expr) => void): void {
  visit(e);
  forEachChild(e, (child) => forEachExpr(child, visit));
}

function update<T extends Expr>(e: T, patch: Partial<T>): T {
  for (const key of Object.keys(patch) as (keyof T)[]) {
    if (patch[key] !== e[key]) return { ...e, ...patch };
  }
  return e;
}

function sameOrNew<T>(old: readonly T[], next: readonly T[]): readonly T[] {
  return next.every((x, i) => x === old[i]) ? old : next;
}

/** The lambdas a node applies (not its `group` result, which is evaluated per group, not per element). */
export function lambdasOf(e: Expr): Lambda[] {
  switch (e.k) {
    case 'map':
    case 'map_indexed':
    case 'filter':
    case 'zip':
    case 'scan':
    case 'fold':
      return [e.fn];
    case 'reduce_op':
      return e.fn ? [e.fn] : [];
    case 'sort':
      return e.key ? [e.key] : [];
    case 'group':
      return [e.key, ...e.slots.flatMap((s) => (s.fn ? [s.fn] : []))];
    default:
      return [];
  }
}
