// The parallel forms of chains, outside other loops: `Threads.@threads` writing a preallocated
// vector for element-wise maps; otherwise one `Threads.@spawn` task per contiguous chunk
// (`chunk_ranges`: one per thread), each with its own accumulator, vector or dictionary, the
// chunks' results combined in chunk order.

import type { Expr } from '../../ir/ir.js';
import { pipelineOf, type Pipeline, type PipelineStage } from '../../ir/fuse.js';
import { arrayOf, type Type } from '../../lang/types.js';
import { nestedBlock, type Block, type KernelContext } from './context.js';
import { applyLambda, atomize, canFail, emitExpr, type ValueOptions } from './expr.js';
import { arrayName, emptyMessage, isKnownNonEmpty, oneOf, runStages, sinkFor, zeroOf, type Element, type Sink } from './pipeline.js';
import {
  assign,
  binary,
  call,
  doBlock,
  emptyArray,
  exprStmt,
  forLoop,
  id,
  index,
  int,
  kw,
  lit,
  plus,
  range,
  spawn,
  throwIf,
  tuple,
  typeExpr,
  type JExpr,
} from './syntax.js';
import { juliaType } from './types.js';

interface IndexedSource {
  /** Number of elements. */
  readonly length: JExpr;
  /** For `Threads.@threads for j in ...`. */
  readonly indices: JExpr;
  /** The element at index `j` (and the 0-based position `j - 1`), emitted in `lb`. */
  element(j: JExpr, lb: Block): Element;
}

function indexedSource(cx: KernelContext, p: Pipeline, b: Block): IndexedSource {
  const src = p.source;
  if (src.kind === 'zip') {
    const left = atomize(emitExpr(cx, src.left, b), b, arrayName(src.left));
    const right = atomize(emitExpr(cx, src.right, b), b, arrayName(src.right));
    const n = atomize(call('min', [call('length', [left]), call('length', [right])]), b, 'n');
    return {
      length: n,
      indices: range(int(1), n),
      element: (j, lb) => ({ value: applyLambda(cx, src.fn, [index(left, j), index(right, j)], lb, [true, true]), mayFail: canFail(src.fn.body) }),
    };
  }
  const items =
    src.kind === 'range'
      ? atomize(range(emitExpr(cx, src.start, b), plus(emitExpr(cx, src.end, b), -1)), b, 'span')
      : atomize(emitExpr(cx, src.expr, b), b, arrayName(src.expr));
  return { length: call('length', [items]), indices: call('eachindex', [items]), element: (j) => ({ value: index(items, j), mayFail: false }) };
}

export function emitParallel(cx: KernelContext, p: Pipeline, b: Block, opts: ValueOptions): JExpr {
  // A map_indexed after a filter numbers the kept elements: collect them first (in parallel),
  // then the rest of the chain indexes that array by position.
  const split = p.stages.findIndex((s) => s.kind === 'map_indexed' && s.index === 'counter');
  if (split >= 0) {
    const prefix = p.stages.slice(0, split);
    const elem = elementAfter(prefix, p.sourceElem);
    const kept = emitParallel(cx, { ...p, stages: prefix, sink: { kind: 'collect' }, sinkElem: elem, type: arrayOf(elem) }, b, {});
    const name = cx.syntheticVar();
    cx.vars.set(name, atomize(kept, b, 'kept'));
    const rest = p.stages.slice(split).map((s): PipelineStage => (s.kind === 'map_indexed' ? { ...s, index: 'position' } : s));
    const source: Expr = { k: 'var', name, scope: 'local', type: arrayOf(elem) };
    return emitParallel(cx, { ...p, source: { kind: 'array', expr: source }, stages: rest, sourceElem: elem }, b, opts);
  }
  const src = indexedSource(cx, p, b);
  if (p.sink.kind === 'collect' && p.stages.every((s) => s.kind !== 'filter')) return parallelMap(cx, p, src, b, opts);
  return parallelChunks(cx, p, src, b);
}

function elementAfter(stages: readonly PipelineStage[], start: Type): Type {
  let t = start;
  for (const s of stages) if (s.kind !== 'filter') t = s.fn.body.type;
  return t;
}

/** Element-wise maps: every index writes its own slot of a preallocated vector. */
function parallelMap(cx: KernelContext, p: Pipeline, src: IndexedSource, b: Block, opts: ValueOptions): JExpr {
  const out = opts.hint ?? b.scope.claim('result');
  const lb = nestedBlock(b);
  const j = lb.scope.claim('j');
  const elem = src.element(id(j), lb);
  const last = runStages(cx, p.stages, elem, plus(id(j), -1), lb, b);
  lb.stmts.push(assign(index(id(out), id(j)), last.value));
  b.stmts.push(assign(out, call(typeExpr(`Vector{${juliaType(p.sinkElem, cx.file)}}`), [id('undef'), src.length])));
  b.stmts.push(forLoop(j, src.indices, lb.stmts, true));
  return id(out);
}

/**
 * One task per contiguous chunk, each with its own accumulator; the chunks' results are
 * combined in chunk order, so a filter keeps input order and `any`/`all` look at the chunks in
 * order (a later chunk's runtime error only surfaces if no earlier chunk decided).
 */
function parallelChunks(cx: KernelContext, p: Pipeline, src: IndexedSource, b: Block): JExpr {
  const { tasks, sink } = spawnChunks(cx, p, src, b, (task) => chunkSink(cx, p, task));
  return sink.combine(tasks, b);
}

/**
 * `tasks = map(chunk_ranges(n)) do chunk; Threads.@spawn begin ... end; end`: each task runs the
 * chain over its chunk into the sink `sinkFor` sets up in it. Returns the tasks' variable.
 */
function spawnChunks<S extends Pick<ChunkSink, 'sink' | 'result'>>(
  cx: KernelContext,
  p: Pipeline,
  src: IndexedSource,
  b: Block,
  sinkFor: (task: Block) => S,
): { tasks: JExpr; sink: S } {
  const tasks = b.scope.claim('tasks');
  const closure = nestedBlock(b);
  const chunk = closure.scope.claim('chunk');
  const task = nestedBlock(closure);
  const made = sinkFor(task);
  const { sink, result } = made;
  const lb = nestedBlock(task);
  const j = lb.scope.claim('j');
  const elem = src.element(id(j), lb);
  sink.step(runStages(cx, p.stages, elem, plus(id(j), -1), lb, task), lb);
  task.stmts.push(forLoop(j, id(chunk), lb.stmts));
  task.stmts.push(exprStmt(result(task)));
  const chunks = call(cx.useHelper('chunk_ranges'), [src.length]);
  b.stmts.push(assign(tasks, doBlock(call('map', [chunks]), [chunk], [exprStmt(spawn(task.stmts))])));
  return { tasks: id(tasks), sink: made };
}

/**
 * Parallel chunks over `source` (a chain or an array), each task filling its own value: `start`
 * sets it up in the task and returns it, `step` adds one element. Returns the tasks' variable;
 * `fetch.(tasks)` gives the values in chunk order.
 */
export function emitParallelFeed(
  cx: KernelContext,
  source: Expr,
  b: Block,
  start: (task: Block) => JExpr,
  step: (elem: JExpr, lb: Block) => void,
): JExpr {
  const chain = pipelineOf(source);
  const elem = elemOf(source.type);
  const p: Pipeline =
    chain !== null && chain.sink.kind === 'collect'
      ? chain
      : { source: { kind: 'array', expr: source }, stages: [], sink: { kind: 'collect' }, sourceElem: elem, sinkElem: elem, type: source.type };
  const src = indexedSource(cx, p, b);
  const made = spawnChunks(cx, p, src, b, (task) => {
    const value = start(task);
    return { sink: { step: (e, lb) => step(e.value, lb), finish: () => value }, result: () => value };
  });
  return made.tasks;
}

function elemOf(t: Type): Type {
  if (t.kind !== 'array') throw new Error(`expected an array, found ${t.kind}`);
  return t.elem;
}

interface ChunkSink {
  readonly sink: Sink;
  /** A chunk task's value. */
  result(task: Block): JExpr;
  /** All chunks' values, in chunk order, as the chain's value. */
  combine(tasks: JExpr, b: Block): JExpr;
}

const fetched = (tasks: JExpr): JExpr => call(id('fetch.'), [tasks]);

function chunkSink(cx: KernelContext, p: Pipeline, task: Block): ChunkSink {
  const sink = p.sink;
  const t = p.sinkElem;
  const sequential = (): Sink => sinkFor(cx, p, task, {});
  switch (sink.kind) {
    case 'collect': {
      const s = sequential();
      const type = juliaType(t, cx.file);
      return { sink: s, result: (tb) => s.finish(tb), combine: (tasks) => call('reduce', [id('vcat'), fetched(tasks)], [kw('init', emptyArray(type))]) };
    }
    case 'any':
    case 'all': {
      const s = sequential();
      return { sink: s, result: (tb) => s.finish(tb), combine: (tasks) => call(sink.kind, [id('fetch'), tasks]) };
    }
    case 'fold':
    case 'scan':
      throw new Error(`${sink.kind} has no parallel form`);
    case 'reduce':
      switch (sink.op) {
        case 'sum':
        case 'prod':
        case 'count': {
          const s = sequential();
          const init = sink.op === 'prod' ? oneOf(t) : sink.op === 'count' ? int(0) : zeroOf(t);
          return {
            sink: s,
            result: (tb) => s.finish(tb),
            combine: (tasks) => call(sink.op === 'prod' ? 'prod' : 'sum', [id('fetch'), tasks], [kw('init', init)]),
          };
        }
        case 'min':
        case 'max': {
          const share = task.scope.claim('share');
          task.stmts.push(assign(share, id('nothing')));
          const better = id(sink.op === 'min' ? '<' : '>');
          const s: Sink = {
            step: (elem, lb) => lb.stmts.push(assign(share, call(cx.useHelper('extend_share'), [id(share), elem.value, better]))),
            finish: () => id(share),
          };
          return {
            sink: s,
            result: () => id(share),
            combine: (tasks) => call(cx.useHelper('merge_shares'), [fetched(tasks), better, lit(`"${sink.op}"`)]),
          };
        }
        case 'mean': {
          const total = task.scope.claim('total');
          const n = task.scope.claim('n');
          task.stmts.push(assign(total, lit('0.0')), assign(n, int(0)));
          const s: Sink = {
            step: (elem, lb) => lb.stmts.push(assign(total, t.kind === 'f64' ? elem.value : call('Float64', [elem.value]), '+='), assign(n, int(1), '+=')),
            finish: () => tuple([id(total), id(n)]),
          };
          return {
            sink: s,
            result: () => tuple([id(total), id(n)]),
            combine: (tasks, b) => {
              const shares = b.scope.claim('shares');
              const count = b.scope.claim('n');
              b.stmts.push(assign(shares, fetched(tasks)));
              b.stmts.push(assign(count, call('sum', [id('last'), id(shares)], [kw('init', int(0))])));
              if (!isKnownNonEmpty(cx, p)) b.stmts.push(throwIf(binary('==', id(count), int(0)), emptyMessage('mean')));
              return binary('/', call('sum', [id('first'), id(shares)], [kw('init', lit('0.0'))]), id(count));
            },
          };
        }
      }
  }
}

