// Map/filter chains and the reductions that end them (src/ir/fuse.ts recognises the chains),
// in one of three forms:
//
// - compact, when every lambda is a single expression: Base's own vocabulary on a comprehension
//   or generator — `Float64[x * g for x in xs if x > t]`, `filter(x -> x > t, xs)`,
//   `count(p, xs)`, `any(p, xs)`, `sum(xs)` for i64, `foldl(+, ...; init = 0.0)` for f64 (Base's
//   `sum` of floats sums pairwise; the kernel language adds left to right), `foldl(f, xs; init)`
//   and `accumulate(f, xs; init)` for `reduce` and `scan`;
// - a loop with explicit accumulators, otherwise;
// - with `parallel`, outside other loops: `Threads.@threads` writing a preallocated vector for
//   maps, else `Threads.@spawn` tasks over contiguous chunks with per-chunk accumulators,
//   combined in chunk order. `reduce` and `scan` stay sequential and are reported as degraded.

import type { Expr, Lambda } from '../../ir/ir.js';
import { pipelineOf, type Pipeline, type PipelineSink, type PipelineStage } from '../../ir/fuse.js';
import type { Type } from '../../lang/types.js';
import { nestedBlock, type Block, type KernelContext } from './context.js';
import { applyLambda, atomize, canFail, emitExpr, type ValueOptions } from './expr.js';
import { localName, type JuliaIdent } from './names.js';
import { flatWidth } from './printer.js';
import {
  assign,
  binary,
  BREAK,
  call,
  emptyArray,
  exprStmt,
  forLoop,
  generator,
  id,
  ifStmt,
  int,
  isAtom,
  kw,
  lambda,
  lit,
  not,
  plus,
  range,
  skipUnless,
  ternary,
  throwIf,
  type JExpr,
  type Kwarg,
} from './syntax.js';
import { emitParallel } from './parallel.js';
import { juliaType } from './types.js';

/** Comprehensions and generators wider than this become loops (they cannot break lines). */
const MAX_GENERATOR_WIDTH = 80;

export function emitPipeline(cx: KernelContext, e: Expr, b: Block, opts: ValueOptions): JExpr {
  const p = pipelineOf(e);
  if (!p) throw new Error(`${e.k} is not a pipeline`);
  const topLevel = cx.parallel && !b.inLoop;
  if (topLevel && p.sink.kind === 'fold') {
    cx.degrade('sequential-reduce', '`reduce` folds with an arbitrary lambda, which has no parallel form: it runs as a sequential left fold');
  }
  if (topLevel && p.sink.kind === 'scan') {
    cx.degrade('sequential-scan', '`scan` with an arbitrary lambda has no parallel form: it runs as a sequential loop');
  }
  if (topLevel && p.sink.kind !== 'fold' && p.sink.kind !== 'scan' && !isLength(p)) return emitParallel(cx, p, b, opts);
  if (!cx.notCompact.has(e)) {
    const undo = cx.checkpoint();
    const before = b.stmts.length;
    const compact = emitCompact(cx, p, b);
    if (compact !== null) return compact;
    undo();
    b.stmts.length = before;
    cx.notCompact.add(e);
  }
  return emitLoop(cx, p, (after) => sinkFor(cx, p, after, opts), b);
}

/** A count that is the source's length (no filter; maps that cannot fail): nothing to share. */
function isLength(p: Pipeline): boolean {
  return (
    p.source.kind !== 'zip' &&
    p.sink.kind === 'reduce' &&
    p.sink.op === 'count' &&
    p.stages.every((s) => s.kind !== 'filter' && !canFail(s.fn.body))
  );
}

// ---------------------------------------------------------------------------------------------
// Elements flowing through a loop body

/** The current element: a Julia expression, and whether computing it may raise an error. */
export interface Element {
  readonly value: JExpr;
  readonly mayFail: boolean;
}

/** Runs the stages on `elem` inside loop body `lb`; `outer` receives counter initialisations. */
export function runStages(cx: KernelContext, stages: readonly PipelineStage[], start: Element, position: JExpr | null, lb: Block, outer: Block): Element {
  let elem = start;
  for (const s of stages) {
    switch (s.kind) {
      case 'filter': {
        const cond = applyLambda(cx, s.fn, [elem.value], lb, [!elem.mayFail]);
        if (!(cond.k === 'lit' && cond.text === 'true')) lb.stmts.push(skipUnless(cond));
        const bound = cx.vars.get(s.fn.params[0]!.name);
        elem = bound ? { value: bound, mayFail: false } : elem;
        break;
      }
      case 'map':
        elem = { value: applyLambda(cx, s.fn, [elem.value], lb, [!elem.mayFail]), mayFail: canFail(s.fn.body) };
        break;
      case 'map_indexed': {
        if (s.index === 'position') {
          if (position === null) throw new Error('map_indexed without a position');
          elem = { value: applyLambda(cx, s.fn, [position, elem.value], lb, [true, !elem.mayFail]), mayFail: canFail(s.fn.body) };
          break;
        }
        // Counts the elements reaching this stage: read before, incremented after.
        const counter = outer.scope.claim(localName(s.fn.params[0]!.name));
        outer.stmts.push(assign(counter, int(0)));
        const value = atomize(applyLambda(cx, s.fn, [id(counter), elem.value], lb, [true, !elem.mayFail]), lb, 'value');
        lb.stmts.push(assign(counter, int(1), '+='));
        elem = { value, mayFail: false };
        break;
      }
    }
  }
  return elem;
}

/** The lambda parameter that first receives a source element, for naming the loop variable. */
function firstElementParam(p: Pipeline): string | null {
  const s = p.stages[0];
  if (s) return s.kind === 'map_indexed' ? s.fn.params[1]!.name : s.fn.params[0]!.name;
  const sink = p.sink;
  if (sink.kind === 'any' || sink.kind === 'all') return sink.pred.params[0]!.name;
  if (sink.kind === 'fold' || sink.kind === 'scan') return sink.fn.params[1]!.name;
  return null;
}

function defaultElementName(t: Type): string {
  return t.kind === 'record' ? 'row' : t.kind === 'str' ? 's' : 'x';
}

function positionStage(p: Pipeline): Lambda | null {
  const s = p.stages.find((st) => st.kind === 'map_indexed' && st.index === 'position');
  return s ? s.fn : null;
}

/** Wider sources get a name first: a loop header or a generator reads best short. */
const MAX_INLINE_SOURCE_WIDTH = 30;

/** An array to iterate: inline when short, else bound to a variable named after what it is. */
export function iterable(cx: KernelContext, e: Expr, b: Block): JExpr {
  const value = emitExpr(cx, e, b);
  return flatWidth(value) <= MAX_INLINE_SOURCE_WIDTH ? value : atomize(value, b, arrayName(e));
}

export function arrayName(e: Expr): string {
  switch (e.k) {
    case 'sort':
      return 'sorted';
    case 'filter':
      return 'kept';
    case 'map':
    case 'map_indexed':
    case 'zip':
      return 'mapped';
    case 'take':
      return 'head';
    case 'skip':
      return 'rest';
    case 'reverse':
      return 'reversed';
    case 'group':
      return 'rows';
    case 'range':
      return 'span';
    case 'scan':
      return 'states';
    default:
      return 'items';
  }
}

/** `Iterators.countfrom(0)`: the 0-based index that `zip` pairs with each element. */
const COUNT_FROM_ZERO: JExpr = call(id('Iterators.countfrom'), [int(0)]);

// ---------------------------------------------------------------------------------------------
// Sinks: what happens before, inside and after the loop

export interface Sink {
  /** Inside the loop, for each element reaching the end of the chain. */
  step(elem: Element, lb: Block): void;
  /** After the loop: the chain's value. */
  finish(b: Block): JExpr;
}

export const zeroOf = (t: Type): JExpr => lit(t.kind === 'f64' ? '0.0' : '0');
export const oneOf = (t: Type): JExpr => lit(t.kind === 'f64' ? '1.0' : '1');
export const emptyMessage = (what: string): JExpr => lit(`"${what} of an empty array"`);

/** Keeps a dropped element's computation when it may raise the error the interpreter raises. */
function evaluateDropped(elem: Element, lb: Block): void {
  if (elem.mayFail && !isAtom(elem.value)) lb.stmts.push(assign('_', elem.value));
}

/** A sequential sink; its initial statements go to `b` now. */
export function sinkFor(cx: KernelContext, p: Pipeline, b: Block, opts: ValueOptions): Sink {
  const sink = p.sink;
  const t = p.sinkElem;
  const name = (preferred: string): string => opts.hint ?? b.scope.claim(preferred);
  switch (sink.kind) {
    case 'collect': {
      const out = name('result');
      b.stmts.push(assign(out, emptyArray(juliaType(t, cx.file))));
      return {
        step: (elem, lb) => lb.stmts.push(exprStmt(call('push!', [id(out), elem.value]))),
        finish: () => id(out),
      };
    }
    case 'reduce':
      return reduceSink(cx, sink.op, t, b, name, isKnownNonEmpty(cx, p));
    case 'any':
    case 'all': {
      const any = sink.kind === 'any';
      const flag = name(any ? 'found' : 'holds');
      b.stmts.push(assign(flag, lit(any ? 'false' : 'true')));
      return {
        step: (elem, lb) => {
          const holds = applyLambda(cx, sink.pred, [elem.value], lb, [!elem.mayFail]);
          lb.stmts.push(ifStmt(any ? holds : not(holds), [assign(flag, lit(any ? 'true' : 'false')), BREAK]));
        },
        finish: () => id(flag),
      };
    }
    case 'fold':
    case 'scan': {
      const states = sink.kind === 'scan' ? name('states') : null;
      const acc = states === null ? name(localName(sink.fn.params[0]!.name)) : b.scope.claim(localName(sink.fn.params[0]!.name));
      b.stmts.push(assign(acc, emitExpr(cx, sink.init, b)));
      if (states !== null) b.stmts.push(assign(states, emptyArray(juliaType(p.type.kind === 'array' ? p.type.elem : p.type, cx.file))));
      return {
        step: (elem, lb) => {
          const next = applyLambda(cx, sink.fn, [id(acc), elem.value], lb, [true, !elem.mayFail]);
          if (!(next.k === 'id' && next.name === acc)) lb.stmts.push(assign(acc, next));
          if (states !== null) lb.stmts.push(exprStmt(call('push!', [id(states), id(acc)])));
        },
        finish: () => id(states ?? acc),
      };
    }
  }
}

function reduceSink(
  cx: KernelContext,
  op: Extract<PipelineSink, { kind: 'reduce' }>['op'],
  t: Type,
  b: Block,
  name: (preferred: string) => string,
  nonEmpty: boolean,
): Sink {
  switch (op) {
    case 'sum':
    case 'prod': {
      const acc = name(op === 'sum' ? 'total' : 'product');
      b.stmts.push(assign(acc, op === 'sum' ? zeroOf(t) : oneOf(t)));
      return { step: (elem, lb) => lb.stmts.push(assign(acc, elem.value, op === 'sum' ? '+=' : '*=')), finish: () => id(acc) };
    }
    case 'count': {
      const n = name('n');
      b.stmts.push(assign(n, int(0)));
      return {
        step: (elem, lb) => {
          evaluateDropped(elem, lb);
          lb.stmts.push(assign(n, int(1), '+='));
        },
        finish: () => id(n),
      };
    }
    case 'min':
    case 'max': {
      const acc = name(op === 'min' ? 'lowest' : 'highest');
      const found = b.scope.claim('found');
      b.stmts.push(assign(acc, zeroOf(t)), assign(found, lit('false')));
      const combine = t.kind === 'f64' ? cx.useHelper(op === 'min' ? 'lesser' : 'greater') : op;
      return {
        step: (elem, lb) => {
          const v = atomize(elem.value, lb, 'value');
          lb.stmts.push(assign(acc, ternary(id(found), call(combine, [id(acc), v]), v)), assign(found, lit('true')));
        },
        finish: (after) => {
          after.stmts.push(exprStmt(binary('||', id(found), call('throw', [call('ArgumentError', [emptyMessage(op)])]))));
          return id(acc);
        },
      };
    }
    case 'mean': {
      const total = b.scope.claim('total');
      const n = b.scope.claim('n');
      b.stmts.push(assign(total, lit('0.0')), assign(n, int(0)));
      return {
        step: (elem, lb) => {
          lb.stmts.push(assign(total, t.kind === 'f64' ? elem.value : call('Float64', [elem.value]), '+='), assign(n, int(1), '+='));
        },
        finish: (after) => {
          if (!nonEmpty) after.stmts.push(throwIf(binary('==', id(n), int(0)), emptyMessage('mean')));
          return binary('/', id(total), id(n));
        },
      };
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Loop form

/** The loop; `sinkFor` runs once the source is emitted, so initialisations come after it. */
function emitLoop(cx: KernelContext, p: Pipeline, sinkFor: (b: Block) => Sink, b: Block): JExpr {
  const lb = nestedBlock(b);
  const { pattern, iter, elem, position } = loopSource(cx, p, b, lb);
  const sink = sinkFor(b);
  const last = runStages(cx, p.stages, elem, position, lb, b);
  sink.step(last, lb);
  b.stmts.push(forLoop(pattern, iter, lb.stmts));
  return sink.finish(b);
}

interface LoopSource {
  readonly pattern: string;
  readonly iter: JExpr;
  readonly elem: Element;
  readonly position: JExpr | null;
}

/** `for pattern in iter`: the source expressions go to `b`, the loop variables to `lb`'s scope. */
function loopSource(cx: KernelContext, p: Pipeline, b: Block, lb: Block): LoopSource {
  const indexed = positionStage(p);
  const index = indexed ? lb.scope.claim(localName(indexed.params[0]!.name)) : null;
  const withIndex = (pattern: string, iter: JExpr): { pattern: string; iter: JExpr } =>
    index === null ? { pattern, iter } : { pattern: `(${index}, ${pattern})`, iter: call('zip', [COUNT_FROM_ZERO, iter]) };
  const position = index === null ? null : id(index);
  const src = p.source;
  if (src.kind === 'zip') {
    const left = iterable(cx, src.left, b);
    const right = iterable(cx, src.right, b);
    const [x, y] = src.fn.params.map((q) => lb.scope.claim(localName(q.name))) as [JuliaIdent, JuliaIdent];
    const value = applyLambda(cx, src.fn, [id(x), id(y)], lb);
    return { ...withIndex(`(${x}, ${y})`, call('zip', [left, right])), elem: { value, mayFail: canFail(src.fn.body) }, position };
  }
  const iter = src.kind === 'range' ? range(emitExpr(cx, src.start, b), plus(emitExpr(cx, src.end, b), -1)) : iterable(cx, src.expr, b);
  const param = firstElementParam(p);
  const x = lb.scope.claim(param === null ? defaultElementName(p.sourceElem) : localName(param));
  return { ...withIndex(x, iter), elem: { value: id(x), mayFail: false }, position };
}

// ---------------------------------------------------------------------------------------------
// Compact form: Base functions over the source or a generator

/** The chain as `body for pattern in iter if cond`, when it has that shape and simple lambdas. */
interface Comprehension {
  /** The source itself (array or range), for forms that take it directly. */
  readonly source: JExpr | null;
  readonly pattern: string;
  /** The loop variable (array or range sources), for lambdas over the source. */
  readonly variable: string | null;
  readonly iter: JExpr;
  readonly cond: JExpr | null;
  /** The element reaching the sink. */
  readonly body: JExpr;
  /** Stages after the filters: a map or a map_indexed. */
  readonly mapped: boolean;
  readonly filtered: boolean;
  readonly mayFail: boolean;
  /** For lambdas and generators: names claimed here, statements must stay empty. */
  readonly scope: Block;
}

function comprehension(cx: KernelContext, p: Pipeline, b: Block): Comprehension | null {
  const stages = p.stages;
  const filters = stages.filter((s) => s.kind === 'filter');
  const rest = stages.slice(filters.length);
  // A counting map_indexed (after a filter) needs the loop's counter.
  const shapeOk =
    stages.slice(0, filters.length).every((s) => s.kind === 'filter') &&
    rest.length <= 1 &&
    !(rest[0]?.kind === 'map_indexed' && rest[0].index === 'counter');
  if (!shapeOk || (p.source.kind === 'zip' && stages.length > 0)) return null;
  const gb = nestedBlock(b);
  const src = p.source;
  if (src.kind === 'zip') {
    const left = iterable(cx, src.left, b);
    const right = iterable(cx, src.right, b);
    const [x, y] = src.fn.params.map((q) => gb.scope.claim(localName(q.name))) as [JuliaIdent, JuliaIdent];
    const body = applyLambda(cx, src.fn, [id(x), id(y)], gb);
    const pattern = `(${x}, ${y})`;
    return { source: null, pattern, variable: null, iter: call('zip', [left, right]), cond: null, body, mapped: true, filtered: false, mayFail: canFail(src.fn.body), scope: gb };
  }
  const source = src.kind === 'range' ? range(emitExpr(cx, src.start, b), plus(emitExpr(cx, src.end, b), -1)) : iterable(cx, src.expr, b);
  if (stages.length === 0) {
    // The sink takes the source itself (or a lambda of its own): no loop variable to name.
    return { source, pattern: '', variable: null, iter: source, cond: null, body: source, mapped: false, filtered: false, mayFail: false, scope: gb };
  }
  const param = firstElementParam(p);
  const x = gb.scope.claim(param === null ? defaultElementName(p.sourceElem) : localName(param));
  const last = rest[0];
  const index = last?.kind === 'map_indexed' ? gb.scope.claim(localName(last.fn.params[0]!.name)) : null;
  const conds = filters.map((f) => applyLambda(cx, f.fn, [id(x)], gb));
  const cond = conds.length === 0 ? null : conds.reduce((acc, c) => binary('&&', acc, c));
  let body: JExpr = id(x);
  if (last?.kind === 'map') body = applyLambda(cx, last.fn, [id(x)], gb);
  if (last?.kind === 'map_indexed') body = applyLambda(cx, last.fn, [id(index!), id(x)], gb);
  // `map(x => x)` (what `g.mean(x => x)` becomes) maps nothing.
  const mapped = last !== undefined && !(index === null && body.k === 'id' && body.name === x);
  return {
    source,
    pattern: index === null ? x : `(${index}, ${x})`,
    variable: x,
    iter: index === null ? source : call('zip', [COUNT_FROM_ZERO, source]),
    cond,
    body,
    mapped,
    filtered: filters.length > 0,
    mayFail: mapped && canFail(last!.fn.body),
    scope: gb,
  };
}

function emitCompact(cx: KernelContext, p: Pipeline, b: Block): JExpr | null {
  const c = comprehension(cx, p, b);
  if (c === null || c.scope.stmts.length > 0) return null;
  const gen = (comprehensionType: string | null = null): JExpr | null => {
    const g = generator(c.body, c.pattern, c.iter, c.cond, comprehensionType);
    return flatWidth(g) <= MAX_GENERATOR_WIDTH ? g : null;
  };
  /** The source alone (no stages), else a lambda over it (a single map), else a generator. */
  const plain = c.source !== null && !c.mapped && !c.filtered;
  const mappedOnly = c.source !== null && c.mapped && !c.filtered && c.pattern === c.variable;
  const mapFn = (): JExpr => lambda([c.variable!], c.body);
  const sink = p.sink;
  const float = p.sinkElem.kind === 'f64';
  switch (sink.kind) {
    case 'collect':
      if (c.source !== null && !c.mapped && c.filtered) return call('filter', [lambda([c.variable!], c.cond!), c.source]);
      return gen(juliaType(p.sinkElem, cx.file));
    case 'any':
    case 'all': {
      if (plain) {
        const pb = nestedBlock(b);
        const param = pb.scope.claim(localName(sink.pred.params[0]!.name));
        const pred = applyLambda(cx, sink.pred, [id(param)], pb);
        return pb.stmts.length > 0 ? null : call(sink.kind, [lambda([param], pred), c.source!]);
      }
      const holds = applyLambda(cx, sink.pred, [c.body], c.scope);
      if (c.scope.stmts.length > 0) return null;
      const g = generator(holds, c.pattern, c.iter, c.cond);
      return flatWidth(g) <= MAX_GENERATOR_WIDTH ? call(sink.kind, [g]) : null;
    }
    case 'fold':
    case 'scan': {
      if (!plain) return null;
      const init = emitExpr(cx, sink.init, b);
      const fb = nestedBlock(b);
      const params = sink.fn.params.map((q) => fb.scope.claim(localName(q.name)));
      const body = applyLambda(cx, sink.fn, params.map(id), fb);
      if (fb.stmts.length > 0) return null;
      return call(sink.kind === 'fold' ? 'foldl' : 'accumulate', [lambda(params, body), c.source!], [kw('init', init)]);
    }
    case 'reduce':
      switch (sink.op) {
        case 'count':
          // A map before `count` only matters if it may raise an error.
          if (c.source === null || (c.mapped && c.mayFail)) return null;
          return c.filtered ? call('count', [lambda([c.variable!], c.cond!), c.source]) : call('length', [c.source]);
        case 'sum':
        case 'prod':
        case 'min':
        case 'max': {
          const reducer = reducerOf(cx, sink.op, float);
          const init: Kwarg[] = sink.op === 'min' || sink.op === 'max' ? [] : [kw('init', sink.op === 'sum' ? zeroOf(p.sinkElem) : oneOf(p.sinkElem))];
          if (plain) return reducer.base ? call(reducer.base, [c.source!]) : call('foldl', [id(reducer.op), c.source!], init);
          if (mappedOnly) {
            return reducer.base ? call(reducer.base, [mapFn(), c.source!], init) : call('mapfoldl', [mapFn(), id(reducer.op), c.source!], init);
          }
          const g = gen();
          if (g === null) return null;
          return reducer.base ? call(reducer.base, [g], init) : call('foldl', [id(reducer.op), g], init);
        }
        case 'mean': {
          if (c.source === null || c.filtered || (c.mapped && !mappedOnly)) return null;
          const source = atomize(c.source, b, p.source.kind === 'array' ? arrayName(p.source.expr) : 'span');
          const toFloat = (x: JExpr): JExpr => (float ? x : call('Float64', [x]));
          const total = c.mapped
            ? call('mapfoldl', [lambda([c.variable!], toFloat(c.body)), id('+'), source], [kw('init', lit('0.0'))])
            : float
              ? call('foldl', [id('+'), source], [kw('init', lit('0.0'))])
              : call('mapfoldl', [id('Float64'), id('+'), source], [kw('init', lit('0.0'))]);
          if (!isKnownNonEmpty(cx, p)) b.stmts.push(throwIf(call('isempty', [source]), emptyMessage('mean')));
          return binary('/', total, call('length', [source]));
        }
      }
  }
}

/**
 * How a reduction is spelled: i64 sums and products wrap, so Base's `sum`, `prod`, `minimum`
 * and `maximum` give the exact answer in any order; f64 ones fold left with `+`, `*` and the
 * kernel language's `lesser`/`greater`.
 */
function reducerOf(cx: KernelContext, op: 'sum' | 'prod' | 'min' | 'max', float: boolean): { base: string | null; op: string } {
  const floatOp = { sum: '+', prod: '*', min: 'lesser', max: 'greater' }[op];
  if (float) return { base: null, op: op === 'min' || op === 'max' ? cx.useHelper(floatOp as 'lesser' | 'greater') : floatOp };
  return { base: { sum: 'sum', prod: 'prod', min: 'minimum', max: 'maximum' }[op], op: floatOp };
}

/** Group members are never empty: their min/max/mean need no emptiness check. */
export function isKnownNonEmpty(cx: KernelContext, p: Pipeline): boolean {
  return p.source.kind === 'array' && p.source.expr.k === 'var' && cx.nonEmpty.has(p.source.expr.name) && p.stages.every((s) => s.kind !== 'filter');
}

/** A loop over `source` with a caller-defined sink (group_by fills its dictionary this way). */
export function emitFeed(cx: KernelContext, source: Expr, b: Block, elementName: string, step: (elem: JExpr, lb: Block) => void): void {
  const p = pipelineOf(source);
  const sink: Sink = { step: (elem, lb) => step(elem.value, lb), finish: () => lit('nothing') };
  if (p !== null && p.sink.kind === 'collect') {
    emitLoop(cx, p, () => sink, b);
    return;
  }
  const t = source.type.kind === 'array' ? source.type.elem : source.type;
  const lb = nestedBlock(b);
  const iter = iterable(cx, source, b);
  const x = lb.scope.claim(elementName || defaultElementName(t));
  step(id(x), lb);
  b.stmts.push(forLoop(x, iter, lb.stmts));
}
