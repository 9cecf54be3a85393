// SQL computes a value only where and when the result reads it. The language evaluates every
// `let` when it is reached and every element of an array when the array is built, so a runtime
// error there is raised by every other target and not by SQL when the result does not need the
// value: an unused let, a let read only in a branch not taken or in a lambda that runs for no
// element, elements that are only counted or that a filter drops. This finds the operations
// that can raise (integer `/` and `%`, indexing, min/max/mean of an array) in such a place, so
// that the render can say so. It errs on the side of saying so.

import type { Expr, Kernel, Lambda } from '../../ir/ir.js';
import { forEachExpr, lambdasOf } from '../../ir/walk.js';

/** How much of a value is needed: all of it, an array's length only, or nothing. */
type Need = 'all' | 'length' | 'none';

const RANK: Readonly<Record<Need, number>> = { none: 0, length: 1, all: 2 };

export function mayLeaveErrorsUnraised(kernel: Kernel): boolean {
  return new Demand().skips(kernel.body, 'all', 0) || raisesInElementValues(kernel.body);
}

/** Whether a lambda body holds an operation that can raise (DuckDB may compute it eagerly). */
export function raisesInLambda(kernel: Kernel): boolean {
  let found = false;
  forEachExpr(kernel.body, (x) => {
    if ([...lambdasOf(x).map((fn) => fn.body), ...(x.k === 'group' ? [x.result] : [])].some(canRaise)) found = true;
  });
  return found;
}

/** Whether an `if` choosing between arrays has a branch that can raise (SQL may build both). */
export function raisesInArrayBranch(kernel: Kernel): boolean {
  let found = false;
  forEachExpr(kernel.body, (x) => {
    if (x.k === 'if' && x.type.kind === 'array' && (canRaise(x.then) || canRaise(x.else))) found = true;
  });
  return found;
}

/** Whether `e` reads the variable `name`. */
export function readsVar(e: Expr, name: string): boolean {
  let found = false;
  forEachExpr(e, (x) => {
    if (x.k === 'var' && x.name === name) found = true;
  });
  return found;
}

/**
 * Walks an expression with what is needed of it. A variable's need counts only where it is
 * read for sure once it is bound: not inside a branch, the right of `&&`/`||` or a lambda entered
 * after its binding (`level` counts those).
 */
class Demand {
  private readonly bindings = new Map<string, { level: number; need: Need }>();

  skips(e: Expr, need: Need, level: number): boolean {
    if (need === 'none') return canRaise(e);
    const all = (x: Expr): boolean => this.skips(x, 'all', level);
    switch (e.k) {
      case 'lit':
      case 'aggref':
        return false;
      case 'var': {
        const b = this.bindings.get(e.name);
        if (b !== undefined && b.level === level && RANK[need] > RANK[b.need]) b.need = need;
        return false;
      }
      case 'let': {
        this.bindings.set(e.name, { level, need: 'none' });
        const body = this.skips(e.body, need, level);
        return this.skips(e.value, this.bindings.get(e.name)!.need, level) || body;
      }
      case 'if':
        return all(e.cond) || this.skips(e.then, need, level + 1) || this.skips(e.else, need, level + 1);
      case 'unary':
      case 'cast':
        return all(e.arg);
      case 'binary':
        return all(e.left) || this.skips(e.right, 'all', e.op === '&&' || e.op === '||' ? level + 1 : level);
      case 'call':
        return e.args.some(all);
      case 'record':
        return e.fields.some((f) => all(f.value));
      case 'field':
        // `{a: …, b: …}.b` reads only b.
        if (e.target.k === 'record') return e.target.fields.some((f) => this.skips(f.value, f.name === e.name ? 'all' : 'none', level));
        return all(e.target);
      case 'index':
        // One element is read; the others' values are not computed.
        return all(e.index) || this.skips(e.target, 'length', level);
      case 'range':
        return all(e.start) || all(e.end);
      case 'map':
      case 'map_indexed': {
        const element = e.k === 'map_indexed' ? 1 : 0;
        if (need !== 'all') return this.lambda(e.fn, 'none', level).skipped || this.skips(e.source, 'length', level);
        const { skipped, needs } = this.lambda(e.fn, 'all', level);
        return skipped || this.skips(e.source, needs[element]!, level);
      }
      case 'zip': {
        if (need !== 'all') return this.lambda(e.fn, 'none', level).skipped || this.skips(e.source, 'length', level) || this.skips(e.other, 'length', level);
        const { skipped, needs } = this.lambda(e.fn, 'all', level);
        return skipped || this.skips(e.source, needs[0]!, level) || this.skips(e.other, needs[1]!, level);
      }
      case 'filter': {
        const { skipped, needs } = this.lambda(e.fn, 'all', level);
        return skipped || this.skips(e.source, need === 'all' ? 'all' : needs[0]!, level);
      }
      case 'reduce_op': {
        if (e.fn === null) return this.skips(e.source, e.op === 'len' || e.op === 'count' ? 'length' : 'all', level);
        const { skipped, needs } = this.lambda(e.fn, 'all', level);
        return skipped || this.skips(e.source, needs[0]!, level);
      }
      case 'scan':
        if (need !== 'all') return canRaise(e.init) || this.lambda(e.fn, 'none', level).skipped || this.skips(e.source, 'length', level);
        return all(e.init) || this.lambda(e.fn, 'all', level).skipped || all(e.source);
      case 'fold':
        return all(e.init) || this.lambda(e.fn, 'all', level).skipped || all(e.source);
      case 'sort': {
        if (e.key === null) return this.skips(e.source, need, level);
        // A key that ignores the element sorts nothing: SQL leaves it out.
        const { skipped, needs } = this.lambda(e.key, need === 'all' ? 'all' : 'none', level);
        const keyIgnoresElement = needs[0] !== 'all';
        return skipped || (keyIgnoresElement && canRaise(e.key.body)) || this.skips(e.source, need, level);
      }
      case 'take':
      case 'skip':
        // LIMIT/OFFSET need not be computed when there are no rows.
        return canRaise(e.count) || this.skips(e.source, need, level);
      case 'reverse':
        return this.skips(e.source, need, level);
      case 'group': {
        const sure = need === 'all' ? 'all' : 'none';
        return (
          this.lambda(e.key, 'all', level).skipped ||
          e.slots.some((s) => s.fn !== null && this.lambda(s.fn, sure, level).skipped) ||
          this.skips(e.result, sure, level + 1) ||
          all(e.source)
        );
      }
    }
  }

  /** A lambda body, run for each element (maybe none): what it needs of each parameter. */
  private lambda(fn: Lambda, need: Need, level: number): { skipped: boolean; needs: Need[] } {
    for (const p of fn.params) this.bindings.set(p.name, { level: level + 1, need: 'none' });
    const skipped = this.skips(fn.body, need, level + 1);
    return { skipped, needs: fn.params.map((p) => (RANK[this.bindings.get(p.name)!.need] > 0 ? this.bindings.get(p.name)!.need : 'length')) };
  }
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
        if (readsVar(e.fn.body, e.fn.params[e.k === 'map_indexed' ? 1 : 0]!.name)) visit(e.source);
        break;
      case 'zip':
        out.add(e);
        if (readsVar(e.fn.body, e.fn.params[0]!.name)) visit(e.source);
        if (readsVar(e.fn.body, e.fn.params[1]!.name)) visit(e.other);
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
