// One Go `for` loop over a pipeline's source with its element-wise stages (map, filter,
// map_indexed) inlined in the body: no closures, no intermediate slices. The caller supplies the
// sink's step for each element reaching the end. Loops run sequentially, or over one chunk
// [lo, hi) of the source inside a parallel chunk function.

import type { Binding, Expr, Lambda } from '../../ir/ir.js';
import type { Type } from '../../lang/types.js';
import { canPanic } from './analysis.js';
import type { Block, Elem, Lowerer } from './context.js';
import { isAtomic, mentions, nameFor, singular, typed } from './literals.js';
import {
  binary,
  call,
  CONTINUE,
  define,
  ident,
  ifStmt,
  incr,
  index,
  isConstant,
  lit,
  not,
  sliceExpr,
  varDecl,
  type GoExpr,
  type GoStmt,
} from './syntax.js';

/** Where a loop's elements come from. */
export type LoopSource =
  | { readonly kind: 'array'; readonly expr: Expr }
  /** A Go slice already computed (a materialised prefix of a pipeline), of `elem`s. */
  | { readonly kind: 'slice'; readonly expr: GoExpr; readonly elem: Type }
  | { readonly kind: 'range'; readonly start: Expr; readonly end: Expr }
  | { readonly kind: 'zip'; readonly left: Expr; readonly right: Expr; readonly fn: Lambda };

export type Stage =
  | { readonly kind: 'map' | 'filter'; readonly fn: Lambda }
  | { readonly kind: 'map_indexed'; readonly fn: Lambda };

/** A source whose operands were evaluated into atomic Go expressions before the loop. */
export type Prepared =
  | { readonly kind: 'slice'; readonly slice: GoExpr }
  | { readonly kind: 'range'; readonly start: GoExpr; readonly end: GoExpr; readonly zeroStart: boolean }
  | { readonly kind: 'zip'; readonly left: GoExpr; readonly right: GoExpr; readonly fn: Lambda };

/** Whether a `map_indexed` that reads its index follows a `filter`: the index is then a running count. */
export function countsAfterFilter(L: Lowerer, stages: readonly Stage[]): boolean {
  return stages.some(
    (s, i) => s.kind === 'map_indexed' && L.uses(s.fn.params[0]!.name) > 0 && stages.slice(0, i).some((t) => t.kind === 'filter'),
  );
}

/** Evaluates the source's operands in `b`, binding any that is not atomic to a variable. */
export function prepareSource(L: Lowerer, source: LoopSource, b: Block): Prepared {
  switch (source.kind) {
    case 'slice':
      return { kind: 'slice', slice: source.expr };
    case 'array': {
      const slice = L.value(source.expr, b);
      return { kind: 'slice', slice: atomically(slice, b, suggestFor(source.expr), source.expr.type) };
    }
    case 'range': {
      const [start, end] = L.values([source.start, source.end], b, ['start', 'end']);
      return {
        kind: 'range',
        start: typed(atomically(start!, b, 'start', source.start.type), source.start.type),
        // The loop condition re-reads `end`: bind it unless that is free.
        end: isCheap(end!) ? end! : atomically(end!, b, 'end', source.end.type),
        zeroStart: start!.k === 'lit' && start!.text === '0',
      };
    }
    case 'zip': {
      const [left, right] = L.values([source.left, source.right], b, [suggestFor(source.left), suggestFor(source.right)]);
      return {
        kind: 'zip',
        left: atomically(left!, b, suggestFor(source.left), source.left.type),
        right: atomically(right!, b, suggestFor(source.right), source.right.type),
        fn: source.fn,
      };
    }
  }
}

function suggestFor(e: Expr): string {
  return nameFor(e);
}

function atomically(e: GoExpr, b: Block, suggest: string, t: Type): GoExpr {
  if (isAtomic(e)) return e;
  const name = b.claim(suggest);
  b.push(define(name, typed(e, t)));
  return ident(name);
}

/** Arithmetic on atomic operands: pure and cheap enough to re-evaluate in a loop condition. */
function isCheap(e: GoExpr): boolean {
  if (isAtomic(e)) return true;
  if (e.k === 'binary') return ['+', '-', '*'].includes(e.op) && isCheap(e.x) && isCheap(e.y);
  if (e.k === 'paren') return isCheap(e.x);
  return false;
}

/** The number of source elements as a Go `int`, when known before the loop. */
export function sourceLength(p: Prepared): GoExpr | null {
  switch (p.kind) {
    case 'slice':
      return call('len', p.slice);
    case 'zip':
      return call('min', call('len', p.left), call('len', p.right));
    case 'range':
      return null;
  }
}

/** Range length as an int64 expression: end - start, or 0 when empty. */
export function rangeLength(p: Extract<Prepared, { kind: 'range' }>): GoExpr {
  return p.zeroStart ? call('max', p.end, lit('0')) : call('max', binary('-', p.end, p.start), lit('0'));
}

export interface LoopOptions {
  /** Run over the chunk [lo, hi) of source positions (parallel form). */
  readonly chunk?: { readonly lo: string; readonly hi: string };
  /** The lambda parameter that will receive each source element, to name the loop variable after. */
  readonly elemParam?: string;
  /** Otherwise, a Go name for the loop variable. */
  readonly elemName?: string;
  /** The step will ask for the element's position: name the index before the body's own loops. */
  readonly position?: boolean;
  /** The step reads the element (false for a count): default true. */
  readonly stepReadsElem?: boolean;
}

/** Per-element state the sink step may use. */
export interface StepContext {
  /** The element's position in the source as a Go `int`: for preallocated outputs. */
  position(): GoExpr;
}

export type Step = (elem: Elem, body: Block, ctx: StepContext) => void;

/**
 * Emits the loop into `b`: `for` header over `p`, then `stages` and `step` in its body.
 * `filtered` is reported so the caller knows if every source element reaches the step.
 */
export function emitLoop(L: Lowerer, p: Prepared, stages: readonly Stage[], b: Block, step: Step, opts: LoopOptions = {}): void {
  // A map_indexed after a filter numbers the elements that got through: a counter declared
  // before the loop (named now, before the body claims names that could shadow it).
  const counters = new Map<number, string>();
  stages.forEach((s, i) => {
    const index = s.fn.params[0]!;
    if (s.kind === 'map_indexed' && L.uses(index.name) > 0 && stages.slice(0, i).some((t) => t.kind === 'filter')) {
      const counter = b.claim(L.preferredName(index.name));
      b.push(varDecl(counter, 'int64'));
      counters.set(i, counter);
    }
  });
  const body = b.child();
  let posName: string | null = null;
  const position = (): string => (posName ??= body.claimFirst(['i', 'j', 'k']));
  if (opts.position) position();
  // A zip's elements are its lambda's result; other sources have a loop variable.
  const elemName =
    p.kind === 'zip'
      ? ''
      : body.claim(opts.elemParam !== undefined ? L.preferredName(opts.elemParam) : (opts.elemName ?? (p.kind === 'slice' ? singular(p.slice) : 'k')));

  L.loopDepth++;
  let first: Elem;
  const readsAfter = (s: number): boolean => elemReadAfter(L, stages, s, opts.stepReadsElem ?? true);
  const readsAfterSource = readsAfter(-1);
  // The IR index of a source element (map_indexed 'position'), an int64.
  let sourceIndex: () => GoExpr;
  if (p.kind === 'zip') {
    const i = position();
    const [a, c] = p.fn.params as readonly [Binding, Binding];
    L.bindLocal(a.name, index(p.left, ident(i)));
    L.bindLocal(c.name, index(p.right, ident(i)));
    first = elemFrom(L, p.fn.body, body, readsAfterSource);
    sourceIndex = () => call('int64', ident(position()));
  } else {
    first = { expr: ident(elemName), panics: false, atomic: true };
    sourceIndex =
      p.kind === 'slice'
        ? () => call('int64', ident(position()))
        : p.zeroStart
          ? () => ident(elemName)
          : () => binary('-', ident(elemName), p.start);
  }
  const ctx: StepContext = { position: () => ident(position()) };
  runStages(L, stages, first, body, counters, sourceIndex, readsAfter, step, ctx);
  L.loopDepth--;

  const stmts = body.stmts;
  const used = elemName !== '' && mentions(stmts, elemName);
  // The position may have been asked for by code that turned out not to read it.
  const pos = posName !== null && (opts.chunk || mentions(stmts, posName)) ? posName : null;
  b.push(loopStatement(p, stmts, opts, elemName, used, pos));
}

function loopStatement(p: Prepared, stmts: GoStmt[], opts: LoopOptions, elemName: string, used: boolean, pos: string | null): GoStmt {
  const chunk = opts.chunk;
  const elem = used ? elemName : null;
  if (p.kind === 'range') {
    if (chunk) {
      const lo = call('int64', ident(chunk.lo));
      const hi = call('int64', ident(chunk.hi));
      const from = p.zeroStart ? lo : binary('+', p.start, lo);
      const to = p.zeroStart ? hi : binary('+', p.start, hi);
      return forClause(elemName, from, to, stmts);
    }
    if (p.zeroStart) {
      return { k: 'range', key: elem, value: null, x: isConstant(p.end) ? call('int64', p.end) : p.end, body: stmts };
    }
    return forClause(elemName, p.start, p.end, stmts);
  }
  if (p.kind === 'zip') {
    const n = call('min', call('len', p.left), call('len', p.right));
    return chunk ? forClause(pos ?? '_', ident(chunk.lo), ident(chunk.hi), stmts) : { k: 'range', key: pos, value: null, x: n, body: stmts };
  }
  if (chunk) {
    if (pos === null) return { k: 'range', key: null, value: elem, x: sliceExpr(p.slice, ident(chunk.lo), ident(chunk.hi)), body: stmts };
    const withElem = elem === null ? stmts : [define(elem, index(p.slice, ident(pos))), ...stmts];
    return forClause(pos, ident(chunk.lo), ident(chunk.hi), withElem);
  }
  return { k: 'range', key: pos, value: elem, x: p.slice, body: stmts };
}

function forClause(v: string, from: GoExpr, to: GoExpr, body: GoStmt[]): GoStmt {
  return { k: 'for', init: define(v, from), cond: binary('<', ident(v), to), post: incr(v), body };
}

/** The element a lambda body produces; evaluated only for its errors when nothing reads it. */
function elemFrom(L: Lowerer, body: Expr, b: Block, read: boolean): Elem {
  if (read) {
    const expr = L.value(body, b);
    return { expr, panics: canPanic(body), atomic: isAtomic(expr) };
  }
  L.effect(body, b);
  return UNREAD;
}

/** Stands for an element nobody reads: never printed. */
const UNREAD: Elem = { expr: { k: 'ident', name: '_' }, panics: false, atomic: true };

/** Whether the element leaving stage `s` is read by a later stage or by the step. */
function elemReadAfter(L: Lowerer, stages: readonly Stage[], s: number, stepReads: boolean): boolean {
  const next = stages[s + 1];
  if (!next) return stepReads;
  const param = next.kind === 'map_indexed' ? next.fn.params[1]! : next.fn.params[0]!;
  if (L.uses(param.name) > 0) return true;
  return next.kind === 'filter' && elemReadAfter(L, stages, s + 1, stepReads);
}

function runStages(
  L: Lowerer,
  stages: readonly Stage[],
  elem: Elem,
  body: Block,
  counters: ReadonlyMap<number, string>,
  sourceIndex: () => GoExpr,
  readsAfter: (stage: number) => boolean,
  step: Step,
  ctx: StepContext,
): void {
  let current = elem;
  let block = body;
  for (let s = 0; s < stages.length; s++) {
    const stage = stages[s]!;
    const fn = stage.fn;
    switch (stage.kind) {
      case 'map': {
        L.bindParam(fn.params[0]!, current, block, true);
        current = elemFrom(L, fn.body, block, readsAfter(s));
        break;
      }
      case 'filter': {
        current = L.bindParam(fn.params[0]!, current, block, !readsAfter(s));
        const cond = L.value(fn.body, block);
        const negated = cleanNegation(fn.body, cond);
        if (negated) block.push(ifStmt(negated, [CONTINUE]));
        else {
          const inner = block.child();
          block.push(ifStmt(cond, inner.stmts));
          block = inner;
        }
        break;
      }
      case 'map_indexed': {
        const [i, x] = fn.params as [Binding, Binding];
        const counter = counters.get(s) ?? null;
        if (counter !== null) L.bindLocal(i.name, ident(counter));
        else if (L.uses(i.name) > 0) L.bindLocal(i.name, sourceIndex());
        L.bindParam(x, current, block, true);
        let result = elemFrom(L, fn.body, block, readsAfter(s));
        if (counter !== null) {
          // Read the counter before it moves on.
          if (!(result.expr.k === 'ident' && result.expr.name !== counter) && !isLiteral(result.expr)) {
            const name = block.claim('v');
            block.push(define(name, typed(result.expr, fn.body.type)));
            result = { expr: ident(name), panics: false, atomic: true };
          }
          block.push(incr(counter));
        }
        current = result;
        break;
      }
    }
  }
  step(current, block, ctx);
}

function isLiteral(e: GoExpr): boolean {
  return e.k === 'lit' || (e.k === 'unary' && e.x.k === 'lit');
}

/**
 * `!cond` written without a `!(...)`, when that is exact: comparisons flip (`<=` for `!(>)`)
 * except orderings of f64, where NaN makes `!(a < b)` differ from `a >= b`; null otherwise.
 */
export function cleanNegation(ir: Expr, cond: GoExpr): GoExpr | null {
  if (cond.k === 'unary' && cond.op === '!') return not(cond);
  if (cond.k === 'ident' || cond.k === 'selector' || cond.k === 'call' || cond.k === 'index') return not(cond);
  if (ir.k !== 'binary' || cond.k !== 'binary' || cond.op !== ir.op) return null;
  const flipped = { '==': '!=', '!=': '==', '<': '>=', '<=': '>', '>': '<=', '>=': '<' } as const;
  if (!(cond.op in flipped)) return null;
  const float = ir.left.type.kind === 'f64';
  if (float && cond.op !== '==' && cond.op !== '!=') return null;
  return { ...cond, op: flipped[cond.op as keyof typeof flipped] };
}
