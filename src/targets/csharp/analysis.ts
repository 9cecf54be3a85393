// Facts about IR expressions that the C# lowering needs before it emits anything.

import type { Expr, Lambda } from '../../ir/ir.js';
import { forEachChild, forEachExpr } from '../../ir/walk.js';

/**
 * Whether evaluating `e` can raise a runtime error (CLR001–CLR003): integer division by
 * anything but a non-zero literal, indexing, and min/max/mean of an array that may be empty,
 * anywhere inside `e` including its lambdas. Conservative: false means it certainly cannot fail.
 */
export function mayFail(e: Expr): boolean {
  let fails = false;
  forEachExpr(e, (node) => {
    if (fails) return;
    switch (node.k) {
      case 'binary':
        fails = (node.op === '/' || node.op === '%') && node.type.kind === 'i64' && !(node.right.k === 'lit' && node.right.value !== 0n);
        break;
      case 'index':
        fails = true;
        break;
      case 'reduce_op':
        fails = node.op === 'min' || node.op === 'max' || node.op === 'mean';
        break;
      default:
        break;
    }
  });
  return fails;
}

export function lambdaMayFail(fn: Lambda): boolean {
  return mayFail(fn.body);
}

/** How often each let-bound name is read in `body`. */
export function countReads(body: Expr, local: string): number {
  let reads = 0;
  forEachExpr(body, (node) => {
    if (node.k === 'var' && node.scope === 'local' && node.name === local) reads++;
  });
  return reads;
}

export interface SlotUse {
  /** Reads of the slot in the group's result. */
  count: number;
  /** Some read is evaluated only conditionally (an `if` branch, the right of `&&`/`||`, a lambda). */
  conditional: boolean;
}

/**
 * How a group's `result` reads its aggregate slots. Reads inside a nested group's result belong
 * to that group and are not counted; its source, key and aggregate functions are ours.
 */
export function slotUses(result: Expr, slotCount: number): SlotUse[] {
  const uses: SlotUse[] = Array.from({ length: slotCount }, () => ({ count: 0, conditional: false }));
  const visit = (e: Expr, conditional: boolean): void => {
    switch (e.k) {
      case 'aggref': {
        const use = uses[e.slot]!;
        use.count++;
        use.conditional ||= conditional;
        return;
      }
      case 'if':
        visit(e.cond, conditional);
        visit(e.then, true);
        visit(e.else, true);
        return;
      case 'binary':
        visit(e.left, conditional);
        visit(e.right, conditional || e.op === '&&' || e.op === '||');
        return;
      case 'group':
        visit(e.source, conditional);
        visit(e.key.body, true);
        for (const s of e.slots) if (s.fn) visit(s.fn.body, true);
        return;
      default:
        forEachChild(e, (child, inLambda) => visit(child, conditional || inLambda));
    }
  };
  visit(result, false);
  return uses;
}

