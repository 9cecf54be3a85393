// Pipelines (src/ir/fuse.ts: a source, element-wise stages and a sink) as Go loops: one loop per
// chain, sequential or chunked over goroutines.
//
// Evaluation order is the interpreter's: stage by stage over the whole array. Fusing stages into
// one loop interleaves them, which is unobservable unless two of them can raise a runtime error
// (the first error would change) or the sink stops early (`any`/`all` would skip a later
// element's error). In those cases the pipeline is split and its prefix materialised first.

import { pipelineOf } from '../../ir/fuse.js';
import type { Binding, Expr, Lambda } from '../../ir/ir.js';
import type { Type } from '../../lang/types.js';
import { canPanic, lambdaCanPanic } from './analysis.js';
import type { Block, Elem, Lowerer, ValueOptions } from './context.js';
import { mentions, typed } from './literals.js';
import { cleanNegation, countsAfterFilter, emitLoop, prepareSource, rangeLength, sourceLength, type LoopSource, type Prepared, type Stage, type Step } from './loop.js';
import {
  assign,
  BREAK,
  binary,
  call,
  callSel,
  define,
  exprStmt,
  ident,
  ifStmt,
  incr,
  index,
  lit,
  not,
  ret,
  typeExpr,
  varDecl,
  type GoExpr,
  type GoStmt,
} from './syntax.js';

export type Sink =
  | { readonly kind: 'collect' }
  | { readonly kind: 'reduce'; readonly op: 'sum' | 'prod' | 'min' | 'max' | 'mean' | 'count' }
  | { readonly kind: 'any' | 'all'; readonly pred: Lambda }
  | { readonly kind: 'fold' | 'scan'; readonly init: Expr; readonly fn: Lambda };

export interface LoopPipeline {
  readonly source: LoopSource;
  readonly stages: readonly Stage[];
  readonly sink: Sink;
  /** Type of the elements reaching the sink. */
  readonly elemType: Type;
  /** Type of the pipeline's value. */
  readonly type: Type;
}

/** The loop `e` is (a sink or stage over any source, or a `range` to collect), else null. */
export function loopPipelineOf(e: Expr): LoopPipeline | null {
  if (e.k === 'range') {
    return { source: { kind: 'range', start: e.start, end: e.end }, stages: [], sink: { kind: 'collect' }, elemType: e.type.kind === 'array' ? e.type.elem : e.type, type: e.type };
  }
  const p = pipelineOf(e);
  if (!p) return null;
  const stages: Stage[] = p.stages.map((s) => ({ kind: s.kind, fn: s.fn }));
  const sink: Sink = p.sink.kind === 'any' || p.sink.kind === 'all' ? { kind: p.sink.kind, pred: p.sink.pred } : p.sink;
  return { source: p.source, stages, sink, elemType: p.sinkElem, type: p.type };
}

/** The stage chain of `e` when `e` is one (map/filter/map_indexed/zip over a source), for other consumers. */
export function stagesOf(e: Expr): { source: LoopSource; stages: readonly Stage[] } {
  const p = loopPipelineOf(e);
  if (p && p.sink.kind === 'collect') return { source: p.source, stages: p.stages };
  return { source: { kind: 'array', expr: e }, stages: [] };
}

export function emitPipeline(L: Lowerer, pl: LoopPipeline, b: Block, opts: ValueOptions): GoExpr {
  const split = splitPoint(pl);
  if (split !== null) {
    const prefix: LoopPipeline = {
      source: pl.source,
      stages: pl.stages.slice(0, split),
      sink: { kind: 'collect' },
      elemType: elemTypeAfter(pl, split),
      type: { kind: 'array', elem: elemTypeAfter(pl, split) },
    };
    const slice = emitPipeline(L, prefix, b, {});
    const source: LoopSource = { kind: 'slice', expr: slice, elem: prefix.elemType };
    return emitPipeline(L, { ...pl, source, stages: pl.stages.slice(split) }, b, opts);
  }
  const prepared = prepareSource(L, pl.source, b);
  const exact = !pl.stages.some((s) => s.kind === 'filter') && prepared.kind !== 'range';
  const shortcut = withoutLoop(L, pl, prepared, exact);
  if (shortcut) return shortcut;
  if (L.file.parallel && L.loopDepth === 0) {
    const refusal = parallelRefusal(L, pl);
    if (refusal === null) return parallelPipeline(L, pl, prepared, exact, b, opts);
    L.file.degrade(refusal.code, refusal.message, L.kernelName);
  }
  return sequentialPipeline(L, pl, prepared, exact, b, opts);
}

/**
 * `return xs.any(p)` as the idiomatic early return: `for ... { if p(x) { return true } }` then
 * `return false`. Returns false (emitting nothing) when the pipeline needs its general form.
 */
export function emitReturningSearch(L: Lowerer, pl: LoopPipeline, b: Block): boolean {
  const sink = pl.sink;
  if ((sink.kind !== 'any' && sink.kind !== 'all') || splitPoint(pl) !== null) return false;
  if (L.file.parallel && L.loopDepth === 0) {
    const refusal = parallelRefusal(L, pl);
    if (refusal === null) return false;
    L.file.degrade(refusal.code, refusal.message, L.kernelName);
  }
  const isAny = sink.kind === 'any';
  const prepared = prepareSource(L, pl.source, b);
  emitLoop(
    L,
    prepared,
    pl.stages,
    b,
    (elem, body) => {
      L.bindParam(sink.pred.params[0]!, elem, body, true);
      const cond = L.value(sink.pred.body, body);
      const test = isAny ? cond : (cleanNegation(sink.pred.body, cond) ?? not(cond));
      body.push(ifStmt(test, [ret(ident(isAny ? 'true' : 'false'))]));
    },
    { ...elemOpts(pl), stepReadsElem: sinkReadsElem(L, sink) },
  );
  b.push(ret(ident(isAny ? 'false' : 'true')));
  return true;
}

function elemTypeAfter(pl: LoopPipeline, stageCount: number): Type {
  for (let i = stageCount - 1; i >= 0; i--) {
    const s = pl.stages[i]!;
    if (s.kind !== 'filter') return s.fn.body.type;
  }
  switch (pl.source.kind) {
    case 'zip':
      return pl.source.fn.body.type;
    case 'range':
      return { kind: 'i64' };
    case 'array':
      return pl.source.expr.type.kind === 'array' ? pl.source.expr.type.elem : pl.source.expr.type;
    case 'slice':
      return pl.source.elem;
  }
}

/**
 * Where to cut `pl` so that fused evaluation raises the same first error as stage-by-stage
 * evaluation: the index of the first stage of the suffix, or null when no cut is needed.
 */
function splitPoint(pl: LoopPipeline): number | null {
  // In-loop items in order: the zip's lambda (index -1), the stages, the sink's lambda (index n).
  const n = pl.stages.length;
  const panicking: number[] = [];
  if (pl.source.kind === 'zip' && lambdaCanPanic(pl.source.fn)) panicking.push(-1);
  pl.stages.forEach((s, i) => {
    if (lambdaCanPanic(s.fn)) panicking.push(i);
  });
  const sink = pl.sink;
  const sinkFn = sink.kind === 'any' || sink.kind === 'all' ? sink.pred : sink.kind === 'fold' || sink.kind === 'scan' ? sink.fn : null;
  const upstream = panicking.length > 0;
  const earlyExit = sink.kind === 'any' || sink.kind === 'all';
  // The init of fold/scan runs before the loop, but after every stage in the interpreter.
  const initPanics = (sink.kind === 'fold' || sink.kind === 'scan') && canPanic(sink.init);
  if (lambdaCanPanic(sinkFn)) panicking.push(n);
  const cutAll = (): number | null => (n === 0 && pl.source.kind !== 'zip' ? null : n);
  if (upstream && (earlyExit || initPanics)) return cutAll();
  if (panicking.length >= 2) {
    const second = panicking[1]!;
    if (second === n) return cutAll();
    return Math.max(second, 0);
  }
  return null;
}

/** Results that need no loop: `len`, and min/max of a plain []int64 (slices.Min/Max). */
function withoutLoop(L: Lowerer, pl: LoopPipeline, p: Prepared, exact: boolean): GoExpr | null {
  if (pl.sink.kind !== 'reduce') return null;
  const quiet = !pl.stages.some((s) => lambdaCanPanic(s.fn)) && !(pl.source.kind === 'zip' && lambdaCanPanic(pl.source.fn));
  if (pl.sink.op === 'count' && quiet) {
    if (p.kind === 'range' && !pl.stages.some((s) => s.kind === 'filter')) return rangeLength(p);
    if (exact) return call('int64', sourceLength(p)!);
  }
  const parallel = L.file.parallel && L.loopDepth === 0;
  if ((pl.sink.op === 'min' || pl.sink.op === 'max') && pl.stages.length === 0 && p.kind === 'slice' && pl.elemType.kind === 'i64' && !parallel) {
    return callSel(L.file.pkgName('slices'), pl.sink.op === 'min' ? 'Min' : 'Max', p.slice);
  }
  return null;
}

function parallelRefusal(L: Lowerer, pl: LoopPipeline): { code: string; message: string } | null {
  const sink = pl.sink;
  if (sink.kind === 'fold') {
    return { code: 'sequential-reduce', message: '`reduce` with an arbitrary lambda has no parallel form: rendered as a sequential loop.' };
  }
  if (sink.kind === 'scan') {
    return { code: 'sequential-scan', message: '`scan` with an arbitrary lambda has no parallel form: rendered as a sequential loop.' };
  }
  if (countsAfterFilter(L, pl.stages)) {
    return {
      code: 'sequential-indexed',
      message: '`map_indexed` after a `filter` numbers elements by a running count: rendered as a sequential loop.',
    };
  }
  if ((sink.kind === 'any' || sink.kind === 'all') && lambdaCanPanic(sink.pred)) {
    return {
      code: 'sequential-short-circuit',
      message: `\`${sink.kind}\` stops at the first decisive element and its predicate can fail on later ones: rendered as a sequential loop.`,
    };
  }
  return null;
}

function resultName(b: Block, opts: ValueOptions, fallback: string): string {
  return opts.target ?? b.claim(opts.suggest ?? fallback);
}

const DEFAULT_NAMES = { sum: 'total', prod: 'product', count: 'count', min: 'lowest', max: 'highest', mean: 'mean' } as const;

function elemParamOf(pl: LoopPipeline): string | undefined {
  const first = pl.stages[0];
  if (first) return first.kind === 'map_indexed' ? first.fn.params[1]!.name : first.fn.params[0]!.name;
  const sink = pl.sink;
  if (sink.kind === 'any' || sink.kind === 'all') return sink.pred.params[0]!.name;
  if (sink.kind === 'fold' || sink.kind === 'scan') return sink.fn.params[1]!.name;
  return undefined;
}

function emptyPanic(op: string): GoStmt {
  return exprStmt(call('panic', lit(`"${op} of an empty array"`)));
}

/** `v` as something the step may read twice: bound to a variable unless atomic. */
function twice(elem: Elem, body: Block, t: Type): GoExpr {
  if (elem.atomic) return elem.expr;
  const name = body.claim('v');
  body.push(define(name, typed(elem.expr, t)));
  return ident(name);
}

function discard(elem: Elem, body: Block): void {
  if (elem.panics) body.push(assign('_', elem.expr));
}

function sequentialPipeline(L: Lowerer, pl: LoopPipeline, p: Prepared, exact: boolean, b: Block, opts: ValueOptions): GoExpr {
  const sink = pl.sink;
  const T = L.file.goType(pl.elemType);
  const loop = (step: Step, position = false, stepReadsElem = true): void =>
    emitLoop(L, p, pl.stages, b, step, { ...elemOpts(pl), position, stepReadsElem: stepReadsElem && sinkReadsElem(L, pl.sink) });
  switch (sink.kind) {
    case 'collect': {
      const out = resultName(b, opts, pl.stages[pl.stages.length - 1]?.kind === 'filter' ? 'kept' : 'out');
      if (exact) {
        b.push(define(out, call('make', typeExpr(`[]${T}`), sourceLength(p)!)));
        loop((elem, body, ctx) => body.push(assign(index(ident(out), ctx.position()), elem.expr)), true);
      } else {
        b.push(varDecl(out, `[]${T}`));
        loop((elem, body) => body.push(assign(out, call('append', ident(out), elem.expr))));
      }
      return ident(out);
    }
    case 'reduce':
      return sequentialReduce(sink.op, pl, p, exact, b, opts, T, loop);
    case 'any':
    case 'all': {
      const isAny = sink.kind === 'any';
      const found = resultName(b, opts, isAny ? 'anyMatch' : 'allMatch');
      b.push(define(found, ident(isAny ? 'false' : 'true')));
      loop((elem, body) => {
        L.bindParam(sink.pred.params[0]!, elem, body, true);
        const cond = L.value(sink.pred.body, body);
        const test = isAny ? cond : (cleanNegation(sink.pred.body, cond) ?? not(cond));
        body.push(ifStmt(test, [assign(found, ident(isAny ? 'true' : 'false')), BREAK]));
      });
      return ident(found);
    }
    case 'fold':
    case 'scan': {
      const [accParam, xParam] = sink.fn.params as [Binding, Binding];
      const accType = sink.fn.body.type;
      const out = sink.kind === 'scan' ? resultName(b, opts, 'running') : null;
      const init = L.value(sink.init, b);
      const acc = sink.kind === 'fold' ? resultName(b, opts, L.preferredName(accParam.name)) : b.claim(L.preferredName(accParam.name));
      if (out !== null) {
        b.push(exact ? define(out, call('make', typeExpr(`[]${L.file.goType(accType)}`), sourceLength(p)!)) : varDecl(out, `[]${L.file.goType(accType)}`));
      }
      b.push(define(acc, typed(init, accType)));
      L.bindLocal(accParam.name, ident(acc));
      loop((elem, body, ctx) => {
        L.bindParam(xParam, elem, body, true);
        L.assignTo(sink.fn.body, body, acc);
        if (out !== null) {
          body.push(exact ? assign(index(ident(out), ctx.position()), ident(acc)) : assign(out, call('append', ident(out), ident(acc))));
        }
      }, exact && out !== null);
      return ident(out ?? acc);
    }
  }
}

function sinkReadsElem(L: Lowerer, sink: Sink): boolean {
  switch (sink.kind) {
    case 'any':
    case 'all':
      return L.uses(sink.pred.params[0]!.name) > 0;
    case 'fold':
    case 'scan':
      return L.uses(sink.fn.params[1]!.name) > 0;
    case 'reduce':
      return sink.op !== 'count';
    case 'collect':
      return true;
  }
}

function elemOpts(pl: LoopPipeline): { elemParam?: string } {
  const param = elemParamOf(pl);
  return param === undefined ? {} : { elemParam: param };
}

function sequentialReduce(
  op: 'sum' | 'prod' | 'min' | 'max' | 'mean' | 'count',
  pl: LoopPipeline,
  p: Prepared,
  exact: boolean,
  b: Block,
  opts: ValueOptions,
  T: string,
  loop: (step: Step, position?: boolean, stepReadsElem?: boolean) => void,
): GoExpr {
  const t = pl.elemType;
  switch (op) {
    case 'sum':
    case 'prod': {
      const total = resultName(b, opts, DEFAULT_NAMES[op]);
      b.push(op === 'sum' ? varDecl(total, T) : define(total, typed(t.kind === 'i64' ? lit('1') : lit('1.0'), t)));
      loop((elem, body) => body.push(assign(total, elem.expr, op === 'sum' ? '+=' : '*=')));
      return ident(total);
    }
    case 'count': {
      const count = resultName(b, opts, 'count');
      b.push(varDecl(count, 'int64'));
      loop(
        (elem, body) => {
          discard(elem, body);
          body.push(incr(count));
        },
        false,
        false,
      );
      return ident(count);
    }
    case 'mean': {
      const length = exact ? sourceLength(p)! : null;
      if (length) b.push(ifStmt(binary('==', length, lit('0')), [emptyPanic('mean')]));
      const sum = b.claim('sum');
      b.push(varDecl(sum, 'float64'));
      const count = length ? null : b.claim('count');
      if (count) b.push(varDecl(count, 'int64'));
      loop((elem, body) => {
        body.push(assign(sum, t.kind === 'i64' ? call('float64', elem.expr) : elem.expr, '+='));
        if (count) body.push(incr(count));
      });
      if (count) b.push(ifStmt(binary('==', ident(count), lit('0')), [emptyPanic('mean')]));
      const mean = resultName(b, opts, 'mean');
      b.push(define(mean, binary('/', ident(sum), call('float64', length ?? ident(count!)))));
      return ident(mean);
    }
    case 'min':
    case 'max': {
      const better = op === 'min' ? '<' : '>';
      const length = exact ? sourceLength(p)! : null;
      if (length) b.push(ifStmt(binary('==', length, lit('0')), [emptyPanic(op)]));
      const best = resultName(b, opts, DEFAULT_NAMES[op]);
      b.push(varDecl(best, T));
      const empty = length ? null : b.claim('empty');
      if (empty) b.push(define(empty, ident('true')));
      loop((elem, body, ctx) => {
        const v = twice(elem, body, t);
        const first = empty ? ident(empty) : binary('==', ctx.position(), lit('0'));
        const update: GoStmt[] = [assign(best, v)];
        if (empty) update.push(assign(empty, ident('false')));
        body.push(ifStmt(binary('||', first, binary(better, v, ident(best))), update));
      }, empty === null);
      if (empty) b.push(ifStmt(ident(empty), [emptyPanic(op)]));
      return ident(best);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Parallel: the loop runs per chunk inside parallelChunks; chunk results combine in chunk order.

export interface ChunkBody {
  /** The chunk's index (for writing its partial result). */
  readonly c: string;
  /** The chunk function's body. */
  readonly body: Block;
  /** Emits the loop over the chunk's elements into `body` (`position`: the step reads it). */
  readonly loop: (step: Step, position?: boolean) => void;
}

/**
 * Emits `chunks := chunkCount(n)`, the declarations `partials` returns (sized by `chunks`), and
 * `parallelChunks(n, chunks, func(c, lo, hi int) {...})` whose body `fill` builds.
 */
export function emitChunked(
  L: Lowerer,
  p: Prepared,
  stages: readonly Stage[],
  b: Block,
  elem: { elemParam?: string; elemName?: string; stepReadsElem?: boolean },
  partials: (chunks: GoExpr) => GoStmt[],
  fill: (chunk: ChunkBody) => void,
): void {
  const n = p.kind === 'range' ? call('int', rangeLength(p)) : sourceLength(p)!;
  // Loops over the same length in one block share their chunk count.
  const memo = `chunks:${JSON.stringify(n)}`;
  let chunks = b.reusable.get(memo);
  if (chunks === undefined) {
    chunks = b.claim('chunks');
    b.reusable.set(memo, chunks);
    b.push(define(chunks, call(L.file.use('chunkCount'), n)));
  }
  b.push(...partials(ident(chunks)));
  const fnBody = b.child();
  const c = fnBody.claim('c');
  const [lo, hi] = fnBody.claimPair([
    ['lo', 'hi'],
    ['start', 'end'],
    ['from', 'to'],
  ]);
  L.loopDepth++;
  fill({
    c,
    body: fnBody,
    loop: (step, position = false) => emitLoop(L, p, stages, fnBody, step, { chunk: { lo, hi }, ...elem, position }),
  });
  L.loopDepth--;
  const fn: GoExpr = {
    k: 'func',
    params: [
      { name: mentions(fnBody.stmts, c) ? c : '_', type: 'int' },
      { name: lo, type: 'int' },
      { name: hi, type: 'int' },
    ],
    result: null,
    body: fnBody.stmts,
  };
  b.push(exprStmt(call(L.file.use('parallelChunks'), n, ident(chunks), fn)));
}

/** `name := make([]type, chunks)`. */
function perChunk(b: Block, name: string, type: string): { name: string; decl: (chunks: GoExpr) => GoStmt } {
  const v = b.claim(name);
  return { name: v, decl: (chunks) => define(v, call('make', typeExpr(`[]${type}`), chunks)) };
}

/** `for _, part := range parts { acc op= part }`. */
function combineInto(b: Block, parts: string, acc: string, op: '+=' | '*='): GoStmt {
  const part = b.child().claim('part');
  return { k: 'range', key: null, value: part, x: ident(parts), body: [assign(acc, ident(part), op)] };
}

function parallelPipeline(L: Lowerer, pl: LoopPipeline, p: Prepared, exact: boolean, b: Block, opts: ValueOptions): GoExpr {
  const sink = pl.sink;
  const T = L.file.goType(pl.elemType);
  const chunked = (partials: (chunks: GoExpr) => GoStmt[], fill: (chunk: ChunkBody) => void): void =>
    emitChunked(L, p, pl.stages, b, { ...elemOpts(pl), stepReadsElem: sinkReadsElem(L, sink) }, partials, fill);
  switch (sink.kind) {
    case 'collect': {
      if (exact) {
        const out = resultName(b, opts, 'out');
        b.push(define(out, call('make', typeExpr(`[]${T}`), sourceLength(p)!)));
        chunked(
          () => [],
          ({ loop }) => loop((elem, body, ctx) => body.push(assign(index(ident(out), ctx.position()), elem.expr)), true),
        );
        return ident(out);
      }
      const parts = perChunk(b, 'parts', `[]${T}`);
      chunked(
        (chunks) => [parts.decl(chunks)],
        ({ c, body, loop }) => {
          const part = body.claim('part');
          body.push(varDecl(part, `[]${T}`));
          loop((elem, inner) => inner.push(assign(part, call('append', ident(part), elem.expr))));
          body.push(assign(index(ident(parts.name), ident(c)), ident(part)));
        },
      );
      const out = resultName(b, opts, 'kept');
      const concat: GoExpr = { k: 'call', fn: { k: 'selector', x: ident(L.file.pkgName('slices')), name: 'Concat' }, args: [ident(parts.name)], spread: true };
      b.push(define(out, concat));
      return ident(out);
    }
    case 'reduce':
      return parallelReduce(L, sink.op, pl, p, exact, b, opts, T, chunked);
    case 'any':
    case 'all': {
      const isAny = sink.kind === 'any';
      const flags = perChunk(b, isAny ? 'found' : 'failed', 'bool');
      chunked(
        (chunks) => [flags.decl(chunks)],
        ({ c, loop }) =>
          loop((elem, body) => {
            L.bindParam(sink.pred.params[0]!, elem, body, true);
            const cond = L.value(sink.pred.body, body);
            const test = isAny ? cond : (cleanNegation(sink.pred.body, cond) ?? not(cond));
            body.push(ifStmt(test, [assign(index(ident(flags.name), ident(c)), ident('true')), BREAK]));
          }),
      );
      const result = resultName(b, opts, isAny ? 'anyMatch' : 'allMatch');
      const contains = callSel(L.file.pkgName('slices'), 'Contains', ident(flags.name), ident('true'));
      b.push(define(result, isAny ? contains : not(contains)));
      return ident(result);
    }
    case 'fold':
    case 'scan':
      throw new Error('fold and scan have no parallel form (parallelRefusal)');
  }
}

function parallelReduce(
  L: Lowerer,
  op: 'sum' | 'prod' | 'min' | 'max' | 'mean' | 'count',
  pl: LoopPipeline,
  p: Prepared,
  exact: boolean,
  b: Block,
  opts: ValueOptions,
  T: string,
  chunked: (partials: (chunks: GoExpr) => GoStmt[], fill: (chunk: ChunkBody) => void) => void,
): GoExpr {
  const t = pl.elemType;
  const one = (): GoExpr => typed(t.kind === 'i64' ? lit('1') : lit('1.0'), t);
  switch (op) {
    case 'sum':
    case 'prod':
    case 'count': {
      const type = op === 'count' ? 'int64' : T;
      const parts = perChunk(b, op === 'count' ? 'counts' : op === 'sum' ? 'sums' : 'products', type);
      chunked(
        (chunks) => [parts.decl(chunks)],
        ({ c, body, loop }) => {
          const local = body.claim('partial');
          body.push(op === 'prod' ? define(local, one()) : varDecl(local, type));
          loop((elem, inner) => {
            if (op === 'count') {
              discard(elem, inner);
              inner.push(incr(local));
            } else inner.push(assign(local, elem.expr, op === 'sum' ? '+=' : '*='));
          });
          body.push(assign(index(ident(parts.name), ident(c)), ident(local)));
        },
      );
      const total = resultName(b, opts, DEFAULT_NAMES[op]);
      b.push(op === 'prod' ? define(total, one()) : varDecl(total, type));
      b.push(combineInto(b, parts.name, total, op === 'prod' ? '*=' : '+='));
      return ident(total);
    }
    case 'mean': {
      const length = exact ? sourceLength(p)! : null;
      if (length) b.push(ifStmt(binary('==', length, lit('0')), [emptyPanic('mean')]));
      const sums = perChunk(b, 'sums', 'float64');
      const counts = length ? null : perChunk(b, 'counts', 'int64');
      chunked(
        (chunks) => [sums.decl(chunks), ...(counts ? [counts.decl(chunks)] : [])],
        ({ c, body, loop }) => {
          const sum = body.claim('sum');
          body.push(varDecl(sum, 'float64'));
          const count = counts ? body.claim('count') : null;
          if (count) body.push(varDecl(count, 'int64'));
          loop((elem, inner) => {
            inner.push(assign(sum, t.kind === 'i64' ? call('float64', elem.expr) : elem.expr, '+='));
            if (count) inner.push(incr(count));
          });
          body.push(assign(index(ident(sums.name), ident(c)), ident(sum)));
          if (count && counts) body.push(assign(index(ident(counts.name), ident(c)), ident(count)));
        },
      );
      const sum = b.claim('sum');
      b.push(varDecl(sum, 'float64'), combineInto(b, sums.name, sum, '+='));
      let count = length;
      if (counts) {
        const total = b.claim('count');
        b.push(varDecl(total, 'int64'), combineInto(b, counts.name, total, '+='));
        b.push(ifStmt(binary('==', ident(total), lit('0')), [emptyPanic('mean')]));
        count = ident(total);
      }
      const mean = resultName(b, opts, 'mean');
      b.push(define(mean, binary('/', ident(sum), call('float64', count!))));
      return ident(mean);
    }
    case 'min':
    case 'max': {
      const type = `${L.file.use('extremum')}[${T}]`;
      const fresh = (name: string, scope: Block): string => {
        const v = scope.claim(name);
        scope.push(op === 'max' ? define(v, { k: 'composite', type, elems: [{ key: 'max', value: ident('true') }] }) : varDecl(v, type));
        return v;
      };
      const parts = perChunk(b, 'parts', type);
      chunked(
        (chunks) => [parts.decl(chunks)],
        ({ c, body, loop }) => {
          const part = fresh('part', body);
          loop((elem, inner) => inner.push(exprStmt(callSel(part, 'add', elem.expr))));
          body.push(assign(index(ident(parts.name), ident(c)), ident(part)));
        },
      );
      const all = fresh(op === 'max' ? 'highest' : 'lowest', b);
      const part = b.child().claim('part');
      b.push({ k: 'range', key: null, value: part, x: ident(parts.name), body: [exprStmt(callSel(all, 'merge', ident(part)))] });
      const best = resultName(b, opts, op === 'max' ? 'maximum' : 'minimum');
      b.push(define(best, callSel(all, 'result', lit(`"${op}"`))));
      return ident(best);
    }
  }
}
