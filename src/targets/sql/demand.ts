// SQL computes only what a query's result reads: an unused `let`, the element values of an
// array that is only counted, a sort key of rows that are only counted. The language evaluates
// them all, so a runtime error inside one is raised by every other target and not by SQL. This
// finds the operations that can raise (integer `/` and `%`, indexing, min/max/mean of an array)
// in a place SQL may skip, so that the render can say so.

import type { Expr, Kernel, Lambda } from '../../ir/ir.js';
import { forEachExpr } from '../../ir/walk.js';

/** How much of a value is needed: all of it, an array's length only, or nothing. */
type Need = 'all' | 'length' | 'none';

export function mayLeaveErrorsUnraised(kernel: Kernel): boolean {
  return skips(kernel.body, 'all') || raisesInElementValues(kernel.body);
}

/**
 * An element value that can raise: the language computes every element when the array is
 * built, SQL each one where (and if) it is read, which may be after a filter or inside a branch
 * not taken. Only the element values the result itself is made of are computed for sure.
 */
function raisesInElementValues(e: Expr): boolean {
  const output = outputStages(e);
  let found = false;
  forEachExpr(e, (x) => {
    if ((x.k === 'map' || x.k === 'map_indexed' || x.k === 'zip' || x.k === 'scan') && !output.has(x) && canRaise(x.fn.body)) found = true;
  });
  return found;
}

/** The stages whose every element value is part of the result (order-only stages in between). */
function outputStages(body: Expr): Set<Expr> {
  const out = new Set<Expr>();
  const visit = (e: Expr): void => {
    switch (e.k) {
      case 'let':
        visit(e.body);
        break;
      case 'if':
        visit(e.then);
        visit(e.else);
        break;
      case 'sort':
      case 'reverse':
        visit(e.source);
        break;
      case 'map':
      case 'map_indexed':
        out.add(e);
        if (sourceNeed(e.fn, e.k === 'map_indexed' ? 1 : 0) === 'all') visit(e.source);
        break;
      case 'zip':
        out.add(e);
        if (sourceNeed(e.fn, 0) === 'all') visit(e.source);
        if (sourceNeed(e.fn, 1) === 'all') visit(e.other);
        break;
      case 'scan':
        // Every state is computed: the recursion needs the previous one, a window each row's.
        out.add(e);
        visit(e.source);
        break;
      default:
        break;
    }
  };
  visit(body);
  return out;
}

/** Whether a lambda body holds an operation that can raise (DuckDB may compute it eagerly). */
export function raisesInLambda(kernel: Kernel): boolean {
  let found = false;
  forEachExpr(kernel.body, (x) => {
    const bodies: Expr[] = [];
    switch (x.k) {
      case 'map':
      case 'map_indexed':
      case 'filter':
      case 'zip':
      case 'scan':
      case 'fold':
        bodies.push(x.fn.body);
        break;
      case 'reduce_op':
        if (x.fn) bodies.push(x.fn.body);
        break;
      default:
        break;
    }
    if (x.k === 'sort' && x.key) bodies.push(x.key.body);
    if (x.k === 'group') bodies.push(x.key.body, x.result, ...x.slots.flatMap((s) => (s.fn ? [s.fn.body] : [])));
    if (bodies.some(canRaise)) found = true;
  });
  return found;
}

function skips(e: Expr, need: Need): boolean {
  if (need === 'none') return canRaise(e);
  const all = (x: Expr): boolean => skips(x, 'all');
  const lambda = (fn: Lambda, n: Need): boolean => skips(fn.body, n);
  switch (e.k) {
    case 'lit':
    case 'var':
    case 'aggref':
      return false;
    case 'let': {
      const uses = usesOf(e.name, e.body);
      const valueNeed: Need = uses.count === 0 ? 'none' : e.value.type.kind === 'array' && uses.lengthOnly ? 'length' : 'all';
      return skips(e.value, valueNeed) || skips(e.body, need);
    }
    case 'if':
      return all(e.cond) || skips(e.then, need) || skips(e.else, need);
    case 'unary':
    case 'cast':
      return all(e.arg);
    case 'binary':
      return all(e.left) || all(e.right);
    case 'call':
      return e.args.some(all);
    case 'record':
      return e.fields.some((f) => all(f.value));
    case 'field':
      // `{a: …, b: …}.b` reads only b.
      if (e.target.k === 'record') return e.target.fields.some((f) => skips(f.value, f.name === e.name ? 'all' : 'none'));
      return all(e.target);
    case 'index':
      // One element is read; the others' values are not computed.
      return skips(e.target, 'length') || all(e.index);
    case 'range':
      return all(e.start) || all(e.end);
    case 'map':
    case 'map_indexed':
      return need === 'all'
        ? lambda(e.fn, 'all') || skips(e.source, sourceNeed(e.fn, e.k === 'map_indexed' ? 1 : 0))
        : lambda(e.fn, 'none') || skips(e.source, 'length');
    case 'zip':
      return need === 'all'
        ? lambda(e.fn, 'all') || skips(e.source, sourceNeed(e.fn, 0)) || skips(e.other, sourceNeed(e.fn, 1))
        : lambda(e.fn, 'none') || skips(e.source, 'length') || skips(e.other, 'length');
    case 'filter':
      return lambda(e.fn, 'all') || skips(e.source, need === 'all' ? 'all' : sourceNeed(e.fn, 0));
    case 'reduce_op':
      if (readsLengthOnly(e)) return (e.fn !== null && lambda(e.fn, 'all')) || skips(e.source, 'length');
      return (e.fn !== null && lambda(e.fn, 'all')) || skips(e.source, e.fn === null ? 'all' : sourceNeed(e.fn, 0));
    case 'scan':
      return need === 'all' ? all(e.init) || lambda(e.fn, 'all') || all(e.source) : skips(e.init, 'none') || lambda(e.fn, 'none') || skips(e.source, 'length');
    case 'fold':
      return all(e.init) || lambda(e.fn, 'all') || all(e.source);
    case 'sort':
      return (e.key !== null && lambda(e.key, need === 'all' ? 'all' : 'none')) || skips(e.source, need);
    case 'take':
    case 'skip':
      // LIMIT/OFFSET need not be computed when there are no rows.
      return canRaise(e.count) || skips(e.source, need);
    case 'reverse':
      return skips(e.source, need);
    case 'group':
      return (
        lambda(e.key, 'all') ||
        e.slots.some((s) => s.fn !== null && lambda(s.fn, need === 'all' ? 'all' : 'none')) ||
        skips(e.result, need === 'all' ? 'all' : 'none') ||
        all(e.source)
      );
  }
}

/** What a lambda needs of the array its `param`-th parameter walks: nothing but the length if it never reads it. */
function sourceNeed(fn: Lambda, param: number): Need {
  return usesOf(fn.params[param]!.name, fn.body).count === 0 ? 'length' : 'all';
}

/** How often `name` is read in `e`, and whether every read only takes the array's length. */
function usesOf(name: string, e: Expr): { count: number; lengthOnly: boolean } {
  let count = 0;
  let lengthReads = 0;
  forEachExpr(e, (x) => {
    if (x.k === 'var' && x.name === name) count++;
    if (x.k === 'reduce_op' && x.source.k === 'var' && x.source.name === name && readsLengthOnly(x)) lengthReads++;
  });
  return { count, lengthOnly: count > 0 && count === lengthReads };
}

/** `len()`, `count()`, or a count/any/all whose predicate ignores the element. */
function readsLengthOnly(e: Extract<Expr, { k: 'reduce_op' }>): boolean {
  if (e.op === 'len') return true;
  if (e.op !== 'count' && e.op !== 'any' && e.op !== 'all') return false;
  return e.fn === null || sourceNeed(e.fn, 0) === 'length';
}

/** Whether evaluating `e` can raise CLR001–CLR003. */
function canRaise(e: Expr): boolean {
  let found = false;
  forEachExpr(e, (x) => {
    if (x.k === 'index') found = true;
    else if (x.k === 'reduce_op' && (x.op === 'min' || x.op === 'max' || x.op === 'mean')) found = true;
    else if (x.k === 'binary' && (x.op === '/' || x.op === '%') && x.type.kind === 'i64') {
      if (!(x.right.k === 'lit' && x.right.value !== 0n)) found = true;
    }
  });
  return found;
}
