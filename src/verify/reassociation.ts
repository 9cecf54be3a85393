// Which kernels a parallel render may legitimately answer differently from the interpreter.
//
// A parallel render may reassociate f64 sums and products (docs/language.md, "Summation order"):
// the result then differs in the last bits, which the differential tolerance absorbs. But a
// discontinuous operation applied to such a value — `%`, `floor`, `ceil`, `round`, `i64(..)`, a
// comparison — can turn a last-bit difference into any difference at all (`1e11 % 0.5`). For
// those kernels only the sequential render is held to the interpreter's exact answer.

import type { Expr, Kernel, Lambda } from '../ir/ir.js';
import { mapChildren } from '../ir/walk.js';

const REASSOCIABLE = new Set(['sum', 'prod', 'mean']);
const COMPARISONS = new Set(['<', '<=', '>', '>=', '==', '!=']);

export function isReassociationSensitive(kernel: Kernel): boolean {
  const state = { tainted: new Set<string>(), groups: [] as boolean[][], sensitive: false };

  const visitLambda = (fn: Lambda, paramsTainted: boolean): boolean => {
    if (paramsTainted) for (const p of fn.params) state.tainted.add(p.name);
    return visit(fn.body);
  };

  /** Whether `e`'s value may carry a reassociation difference; records sensitivity on the way. */
  const visit = (e: Expr): boolean => {
    switch (e.k) {
      case 'lit':
        return false;
      case 'var':
        return state.tainted.has(e.name);
      case 'let':
        if (visit(e.value)) state.tainted.add(e.name);
        return visit(e.body);
      case 'reduce_op': {
        const source = visit(e.source);
        const fn = e.fn ? visitLambda(e.fn, source) : false;
        return source || fn || (REASSOCIABLE.has(e.op) && e.type.kind === 'f64');
      }
      case 'group': {
        const source = visit(e.source);
        visitLambda(e.key, source);
        const slots = e.slots.map((s) => {
          const fn = s.fn ? visitLambda(s.fn, source) : false;
          return source || fn || ((s.op === 'sum' || s.op === 'mean') && s.type.kind === 'f64');
        });
        state.groups.push(slots);
        const result = visit(e.result);
        state.groups.pop();
        return result;
      }
      case 'aggref':
        return state.groups[state.groups.length - 1]?.[e.slot] ?? false;
      case 'map':
      case 'map_indexed':
      case 'filter': {
        const source = visit(e.source);
        return visitLambda(e.fn, source) || source;
      }
      case 'zip': {
        const sources = visit(e.source) || visit(e.other);
        return visitLambda(e.fn, sources) || sources;
      }
      case 'scan':
      case 'fold': {
        const inputs = visit(e.source) || visit(e.init);
        return visitLambda(e.fn, inputs) || inputs;
      }
      case 'sort': {
        const source = visit(e.source);
        // A key that may differ in the last bits may order elements differently.
        if (e.key && visitLambda(e.key, source) && e.key.body.type.kind === 'f64') state.sensitive = true;
        return source;
      }
      default: {
        let any = false;
        mapChildren(e, (child) => {
          any = visit(child) || any;
          return child;
        });
        if (any && isDiscontinuous(e)) state.sensitive = true;
        return any;
      }
    }
  };

  visit(kernel.body);
  return state.sensitive;
}

function isDiscontinuous(e: Expr): boolean {
  switch (e.k) {
    case 'binary':
      return (e.op === '%' && e.type.kind === 'f64') || (COMPARISONS.has(e.op) && e.left.type.kind === 'f64');
    case 'call':
      return e.fn === 'floor' || e.fn === 'ceil' || e.fn === 'round';
    case 'cast':
      return e.to === 'i64';
    default:
      return false;
  }
}
