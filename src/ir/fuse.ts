// Fusion analysis for loop-based emitters (Go, TypeScript): a chain of element-wise stages
// ending in a sink becomes ONE loop, with no intermediate arrays.
//
//   xs.filter(x => x > t).map(x => x * g).sum()
//     → { source: array xs, stages: [filter, map], sink: reduce sum }
//     → acc := 0.0; for _, x := range xs { if !(x > t) { continue }; y := x * g; acc += y }
//
//   range(0, n).map(i => f64(i)).scan(0.0, (a, x) => a + x)
//     → { source: range 0..n, stages: [map], sink: scan }
//
//   xs.zip(ys, (x, y) => x * y).filter(p => p > 0.0).map_indexed((i, p) => f64(i) * p)
//     → { source: zip xs ys, stages: [filter, map_indexed (index: 'counter')], sink: collect }
//     `i` counts the elements that passed the filter, not source positions: the emitter keeps a
//     counter it increments each time an element reaches that stage.
//
// Reductions are normalised so emitters have fewer cases: `xs.sum(f)` / `prod` / `min` / `max`
// / `mean(f)` become a map stage plus the plain reduction, `xs.count(p)` a filter stage plus
// `count`, and `len` is `count`. `any`/`all` keep their predicate (they stop at the first
// decisive element). `min`, `max` and `mean` still raise CLR002 when nothing reaches the sink.
//
// Array operands that are not themselves stages (a zip's two sides, a `sort`, an argument) are
// plain expressions here; emitters may call `pipelineOf` on them in turn.

import type { Expr, Lambda } from './ir.js';
import type { Type } from '../lang/types.js';
import { I64 } from '../lang/types.js';

export type PipelineSource =
  /** Iterate over an array-valued expression. */
  | { readonly kind: 'array'; readonly expr: Expr }
  /** Iterate i64 values start, start+1, …, end-1 (nothing when end <= start). */
  | { readonly kind: 'range'; readonly start: Expr; readonly end: Expr }
  /** Iterate `fn(left[i], right[i])` for i below the shorter length. */
  | { readonly kind: 'zip'; readonly left: Expr; readonly right: Expr; readonly fn: Lambda };

export type PipelineStage =
  | { readonly kind: 'map'; readonly fn: Lambda }
  /** Elements for which `fn` is false go no further. */
  | { readonly kind: 'filter'; readonly fn: Lambda }
  /**
   * `fn(i, x)` where `i` is the 0-based index of `x` among the elements that reach this stage.
   * 'position': no filter runs earlier, so `i` is the position in the source (the loop index,
   * minus `start` for a range). 'counter': a filter runs earlier, so the emitter must count the
   * elements reaching this stage.
   */
  | { readonly kind: 'map_indexed'; readonly fn: Lambda; readonly index: 'position' | 'counter' };

export type PipelineSink =
  /** Collect the elements into an array (the chain's value is that array). */
  | { readonly kind: 'collect' }
  /** sum/prod of [] are 0/1; min/max/mean of [] raise CLR002; count = number of elements. */
  | { readonly kind: 'reduce'; readonly op: 'sum' | 'prod' | 'min' | 'max' | 'mean' | 'count' }
  /** Short-circuiting: any stops at the first true, all at the first false. */
  | { readonly kind: 'any' | 'all'; readonly pred: Lambda }
  /** `fold` yields the final accumulator, `scan` the array of every intermediate one. */
  | { readonly kind: 'fold' | 'scan'; readonly init: Expr; readonly fn: Lambda };

export interface Pipeline {
  readonly source: PipelineSource;
  /** In execution order: the first stage sees the source's elements. */
  readonly stages: readonly PipelineStage[];
  readonly sink: PipelineSink;
  /** Type of the source's elements. */
  readonly sourceElem: Type;
  /** Type of the elements reaching the sink. */
  readonly sinkElem: Type;
  /** Type of the whole chain's value (the node `pipelineOf` was given). */
  readonly type: Type;
}

type StageNode = Extract<Expr, { k: 'map' | 'filter' | 'map_indexed' }>;

/**
 * The loop `expr` is, when `expr` is a sink (reduce_op, fold, scan) or a stage (map, filter,
 * map_indexed, zip) over any source; null for every other node.
 */
export function pipelineOf(expr: Expr): Pipeline | null {
  let sink: PipelineSink;
  let chain: Expr;
  const tail: PipelineStage[] = []; // stages the sink's normalisation contributes
  switch (expr.k) {
    case 'reduce_op': {
      chain = expr.source;
      const { op, fn } = expr;
      if (op === 'any' || op === 'all') {
        if (!fn) throw new Error(`${op} without a predicate`);
        sink = { kind: op, pred: fn };
      } else if (op === 'count' || op === 'len') {
        if (fn && op === 'count') tail.push({ kind: 'filter', fn });
        sink = { kind: 'reduce', op: 'count' };
      } else {
        if (fn) tail.push({ kind: 'map', fn });
        sink = { kind: 'reduce', op };
      }
      break;
    }
    case 'fold':
    case 'scan':
      chain = expr.source;
      sink = { kind: expr.k, init: expr.init, fn: expr.fn };
      break;
    case 'map':
    case 'filter':
    case 'map_indexed':
    case 'zip':
      chain = expr;
      sink = { kind: 'collect' };
      break;
    default:
      return null;
  }

  const nodes: StageNode[] = [];
  while (chain.k === 'map' || chain.k === 'filter' || chain.k === 'map_indexed') {
    nodes.push(chain);
    chain = chain.source;
  }
  nodes.reverse();
  const stages: PipelineStage[] = [];
  let filtered = false;
  for (const n of nodes) {
    if (n.k === 'map_indexed') stages.push({ kind: 'map_indexed', fn: n.fn, index: filtered ? 'counter' : 'position' });
    else stages.push({ kind: n.k, fn: n.fn });
    filtered ||= n.k === 'filter';
  }
  stages.push(...tail);

  const { source, sourceElem } = sourceOf(chain);
  return { source, stages, sink, sourceElem, sinkElem: elemAfter(stages, sourceElem), type: expr.type };
}

function sourceOf(e: Expr): { source: PipelineSource; sourceElem: Type } {
  if (e.k === 'range') return { source: { kind: 'range', start: e.start, end: e.end }, sourceElem: I64 };
  if (e.k === 'zip') return { source: { kind: 'zip', left: e.source, right: e.other, fn: e.fn }, sourceElem: e.fn.body.type };
  if (e.type.kind !== 'array') throw new Error(`pipeline source of type ${e.type.kind} is not an array`);
  return { source: { kind: 'array', expr: e }, sourceElem: e.type.elem };
}

/** Element type after `stages`: filters keep it, maps replace it. */
function elemAfter(stages: readonly PipelineStage[], sourceElem: Type): Type {
  let t = sourceElem;
  for (const s of stages) if (s.kind !== 'filter') t = s.fn.body.type;
  return t;
}
