// Facts about a kernel's IR the emitter needs before it writes a line: which bindings are used
// (and whether only once, at their own closure depth, so an owned value can move instead of being
// cloned), and which expressions may raise a runtime error (lazy iterator chains must then not
// skip elements the eager semantics would evaluate).

import type { Expr, Kernel, Lambda } from '../../ir/ir.js';
import { forEachChild, forEachExpr } from '../../ir/walk.js';

export interface Usage {
  readonly count: number;
  /** Some use sits in a closure nested inside the binding's own closure level. */
  readonly nested: boolean;
}

export interface KernelFacts {
  /** Every let binding and lambda parameter, in order of appearance. */
  readonly locals: readonly string[];
  usage(name: string): Usage;
}

export function analyzeKernel(kernel: Kernel): KernelFacts {
  const locals: string[] = [];
  const depthOf = new Map<string, number>();
  const counts = new Map<string, { count: number; nested: boolean }>();
  const bind = (name: string, depth: number): void => {
    locals.push(name);
    depthOf.set(name, depth);
  };
  const lambda = (l: Lambda, depth: number): void => {
    for (const p of l.params) bind(p.name, depth + 1);
    visit(l.body, depth + 1);
  };
  const visit = (e: Expr, depth: number): void => {
    switch (e.k) {
      case 'var': {
        const entry = counts.get(e.name) ?? { count: 0, nested: false };
        entry.count++;
        entry.nested ||= depth > (depthOf.get(e.name) ?? depth);
        counts.set(e.name, entry);
        return;
      }
      case 'let':
        visit(e.value, depth);
        bind(e.name, depth);
        visit(e.body, depth);
        return;
      case 'map':
      case 'map_indexed':
      case 'filter':
        visit(e.source, depth);
        lambda(e.fn, depth);
        return;
      case 'zip':
        visit(e.source, depth);
        visit(e.other, depth);
        lambda(e.fn, depth);
        return;
      case 'reduce_op':
        visit(e.source, depth);
        if (e.fn) lambda(e.fn, depth);
        return;
      case 'scan':
      case 'fold':
        visit(e.source, depth);
        visit(e.init, depth);
        lambda(e.fn, depth);
        return;
      case 'sort':
        visit(e.source, depth);
        if (e.key) lambda(e.key, depth);
        return;
      case 'group':
        visit(e.source, depth);
        lambda(e.key, depth);
        for (const s of e.slots) if (s.fn) lambda(s.fn, depth);
        // The result is evaluated once per group: a closure level of its own.
        visit(e.result, depth + 1);
        return;
      default:
        forEachChild(e, (c) => visit(c, depth));
    }
  };
  visit(kernel.body, 0);
  return {
    locals,
    usage: (name) => counts.get(name) ?? { count: 0, nested: false },
  };
}

const failCache = new WeakMap<Expr, boolean>();

/**
 * Whether evaluating `e` (including any closure inside it) may raise CLR001–CLR003: i64 `/` or
 * `%` by anything but a non-zero literal, indexing, and `min`/`max`/`mean` of an array.
 */
export function mayFail(e: Expr): boolean {
  const cached = failCache.get(e);
  if (cached !== undefined) return cached;
  let result = false;
  forEachExpr(e, (c) => {
    if (result) return;
    if (c.k === 'index') result = true;
    else if (c.k === 'reduce_op' && (c.op === 'min' || c.op === 'max' || c.op === 'mean')) result = true;
    else if (c.k === 'binary' && (c.op === '/' || c.op === '%') && c.type.kind === 'i64') {
      result = !(c.right.k === 'lit' && c.right.value !== 0n);
    }
  });
  failCache.set(e, result);
  return result;
}

export const lambdaMayFail = (l: Lambda | null): boolean => l !== null && mayFail(l.body);
