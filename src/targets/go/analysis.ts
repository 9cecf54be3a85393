// Facts about IR expressions the Go lowering needs to keep evaluation order and Go's
// "declared and not used" rule: which expressions can raise a runtime error, and how often each
// local is read in the code that will actually be emitted.

import type { Expr, Lambda } from '../../ir/ir.js';
import { lambdasOf, mapChildren } from '../../ir/walk.js';

const panics = new WeakMap<Expr, boolean>();

/** True when evaluating `e` (lambda bodies included) can raise a runtime error. */
export function canPanic(e: Expr): boolean {
  const known = panics.get(e);
  if (known !== undefined) return known;
  const result = anyRaises(e);
  panics.set(e, result);
  return result;
}

/** Whether `e` or any expression below it raises, stopping at the first that does. */
function anyRaises(e: Expr): boolean {
  if (raises(e)) return true;
  let result = false;
  mapChildren(e, (child) => {
    if (!result && anyRaises(child)) result = true;
    return child;
  });
  return result;
}

export function lambdaCanPanic(fn: Lambda | null): boolean {
  return fn !== null && canPanic(fn.body);
}

/** The node itself (not its children) can raise: i64 `/` `%` by a possible zero, indexing, min/max/mean. */
function raises(e: Expr): boolean {
  switch (e.k) {
    case 'binary':
      return (e.op === '/' || e.op === '%') && e.type.kind === 'i64' && !(e.right.k === 'lit' && e.right.value !== 0n);
    case 'index':
      return true;
    case 'reduce_op':
      return e.op === 'min' || e.op === 'max' || e.op === 'mean';
    default:
      return false;
  }
}

/**
 * How often each local is read by the code the emitter will produce: a `let` whose name is never
 * read and whose value cannot raise is dropped, so its value's reads do not count. A read inside
 * a lambda nested below the local's own binder counts twice: such code runs repeatedly, so the
 * local must not be replaced by the expression it stands for.
 */
export function localUses(body: Expr): ReadonlyMap<string, number> {
  const uses = new Map<string, number>();
  const depthOf = new Map<string, number>();
  const bump = (name: string, by: number): void => {
    uses.set(name, (uses.get(name) ?? 0) + by);
  };
  const visit = (e: Expr, depth: number): void => {
    switch (e.k) {
      case 'var':
        if (e.scope === 'local') bump(e.name, depth > (depthOf.get(e.name) ?? depth) ? 2 : 1);
        return;
      case 'let':
        depthOf.set(e.name, depth);
        visit(e.body, depth);
        if ((uses.get(e.name) ?? 0) > 0 || canPanic(e.value)) visit(e.value, depth);
        return;
      default: {
        const fns = lambdasOf(e);
        for (const fn of fns) for (const p of fn.params) depthOf.set(p.name, depth + 1);
        mapChildren(e, (child) => {
          visit(child, fns.some((fn) => fn.body === child) ? depth + 1 : depth);
          return child;
        });
      }
    }
  };
  visit(body, 0);
  return uses;
}

