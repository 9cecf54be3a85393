// Fusion analysis: the pipeline shapes emitters rely on.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { pipelineOf } from '../../src/ir/fuse.js';
import type { Pipeline } from '../../src/ir/fuse.js';
import type { Expr } from '../../src/ir/ir.js';
import { showType } from '../../src/lang/types.js';
import {
  arg, arrayOf, bin, BOOL, cast, F64, f, filter, fold, group, I64, i, map, mapIndexed, range, reduce, reverse, scan, skip,
  sort, take, zip,
} from './build.js';

const xs = arg('xs', arrayOf(F64));
const ys = arg('ys', arrayOf(F64));
const positive = (x: Expr): Expr => bin('>', x, f(0));
const double = (x: Expr): Expr => bin('*', x, f(2));

/** A compact spelling of a pipeline's shape for assertions. */
function shape(p: Pipeline | null): string {
  if (p === null) return 'none';
  const src = p.source.kind === 'array' ? `array(${p.source.expr.k})` : p.source.kind;
  const stages = p.stages.map((s) => (s.kind === 'map_indexed' ? `map_indexed/${s.index}` : s.kind));
  const sink = p.sink.kind === 'reduce' ? `reduce ${p.sink.op}` : p.sink.kind;
  return `${src} | ${[...stages, sink].join(' | ')} : ${showType(p.sourceElem)} -> ${showType(p.sinkElem)} => ${showType(p.type)}`;
}
const shapeOf = (e: Expr): string => shape(pipelineOf(e));

describe('pipelineOf', () => {
  test('filter → map → sum is one loop over the array', () => {
    const e = reduce('sum', map(filter(xs, positive), double));
    assert.equal(shapeOf(e), 'array(var) | filter | map | reduce sum : f64 -> f64 => f64');
    const p = pipelineOf(e)!;
    assert.ok(p.source.kind === 'array' && p.source.expr === xs);
    assert.ok(p.stages[0]!.kind === 'filter' && p.stages[0]!.fn.body.k === 'binary' && p.stages[0]!.fn.body.op === '>');
  });

  test('a bare stage collects into an array', () => {
    assert.equal(shapeOf(map(xs, double)), 'array(var) | map | collect : f64 -> f64 => [f64]');
    assert.equal(shapeOf(filter(map(xs, positive), (b) => b)), 'array(var) | map | filter | collect : f64 -> bool => [bool]');
  });

  test('reductions with a function become a stage plus the plain reduction', () => {
    assert.equal(shapeOf(reduce('sum', xs, double)), 'array(var) | map | reduce sum : f64 -> f64 => f64');
    assert.equal(shapeOf(reduce('mean', xs, (x) => cast('i64', x))), 'array(var) | map | reduce mean : f64 -> i64 => f64');
    assert.equal(shapeOf(reduce('min', filter(xs, positive), double)), 'array(var) | filter | map | reduce min : f64 -> f64 => f64');
    assert.equal(shapeOf(reduce('count', xs, positive)), 'array(var) | filter | reduce count : f64 -> f64 => i64');
    assert.equal(shapeOf(reduce('count', xs)), 'array(var) | reduce count : f64 -> f64 => i64');
    assert.equal(shapeOf(reduce('len', map(xs, positive))), 'array(var) | map | reduce count : f64 -> bool => i64');
  });

  test('any and all keep their predicate in the sink', () => {
    const p = pipelineOf(reduce('any', map(xs, double), positive))!;
    assert.equal(shape(p), 'array(var) | map | any : f64 -> f64 => bool');
    assert.ok(p.sink.kind === 'any' && p.sink.pred.params[0]!.type.kind === 'f64');
    assert.equal(shapeOf(reduce('all', xs, positive)), 'array(var) | all : f64 -> f64 => bool');
  });

  test('range and zip are sources', () => {
    const running = scan(map(range(i(0), arg('n', I64)), (k) => cast('f64', k)), f(0), (acc, x) => bin('+', acc, x));
    assert.equal(shapeOf(running), 'range | map | scan : i64 -> f64 => [f64]');
    const dot = reduce('sum', zip(xs, ys, (x, y) => bin('*', x, y)));
    assert.equal(shapeOf(dot), 'zip | reduce sum : f64 -> f64 => f64');
    assert.equal(shapeOf(zip(xs, ys, (x, y) => bin('<', x, y))), 'zip | collect : bool -> bool => [bool]');
    const folded = fold(range(i(1), i(5)), i(1), (acc, k) => bin('*', acc, k));
    assert.equal(shapeOf(folded), 'range | fold : i64 -> i64 => i64');
  });

  test('map_indexed indexes the sequence reaching it: source position unless a filter runs earlier', () => {
    const idx = (src: Expr): Expr => mapIndexed(src, (k, x) => bin('*', cast('f64', k), x));
    assert.equal(shapeOf(idx(xs)), 'array(var) | map_indexed/position | collect : f64 -> f64 => [f64]');
    assert.equal(shapeOf(idx(map(xs, double))), 'array(var) | map | map_indexed/position | collect : f64 -> f64 => [f64]');
    assert.equal(
      shapeOf(map(idx(filter(xs, positive)), double)),
      'array(var) | filter | map_indexed/counter | map | collect : f64 -> f64 => [f64]',
    );
    assert.equal(
      shapeOf(reduce('sum', idx(map(filter(zip(xs, ys, (x, y) => bin('-', x, y)), positive), double)))),
      'zip | filter | map | map_indexed/counter | reduce sum : f64 -> f64 => f64',
    );
    assert.equal(
      shapeOf(idx(idx(xs))),
      'array(var) | map_indexed/position | map_indexed/position | collect : f64 -> f64 => [f64]',
    );
  });

  test('anything between the source and the stages that is not a stage ends the chain', () => {
    const sorted = sort(map(xs, double));
    assert.equal(shapeOf(reduce('sum', map(sorted, double))), 'array(sort) | map | reduce sum : f64 -> f64 => f64');
    assert.equal(shapeOf(reduce('sum', take(map(xs, double), i(3)))), 'array(take) | reduce sum : f64 -> f64 => f64');
    const left = map(xs, double);
    const p = pipelineOf(reduce('sum', zip(left, ys, (x, y) => bin('+', x, y))))!;
    assert.ok(p.source.kind === 'zip' && p.source.left === left, 'a zip side is an operand, fused on its own');
    assert.equal(shape(pipelineOf(left)), 'array(var) | map | collect : f64 -> f64 => [f64]');
  });

  test('nodes that are neither a stage nor a sink are not pipelines', () => {
    const groups = group(xs, (x) => bin('>', x, f(0)), [{ op: 'key' }], ([k]) => k!);
    for (const e of [xs, range(i(0), i(3)), sort(xs), reverse(xs), take(xs, i(1)), skip(xs, i(1)), groups, f(1)]) {
      assert.equal(pipelineOf(e), null, e.k);
    }
  });

  test('sinkElem follows the last mapping stage through filters', () => {
    const p = pipelineOf(filter(map(xs, positive), (b) => b))!;
    assert.equal(p.sinkElem.kind, BOOL.kind);
    assert.equal(p.sourceElem.kind, 'f64');
  });
});
