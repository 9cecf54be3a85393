// Pipelines (src/ir/fuse.ts): a chain of map/filter stages ending in a sink becomes ONE `for`
// loop with no intermediate arrays, or one array method call when that says the same thing
// more plainly (`xs.map((x) => x / m)`, `xs.some(...)`, `xs.length`).
//
//   xs.filter(x => x > threshold).map(x => x * gain).sum()
//   →  let sum = 0;
//      for (const x of xs) {
//        if (x > threshold) {
//          sum += x * gain;
//        }
//      }

import type { Lambda } from '../../ir/ir.js';
import type { Pipeline, PipelineSource, PipelineStage } from '../../ir/fuse.js';
import { arrayOf, type Type } from '../../lang/types.js';
import { isSimpleExpr, methodForm, needsStatements, type MethodForm } from './analysis.js';
import type { Block, Emitter } from './context.js';
import { isIdentifierName, localName, RESERVED, singular } from './names.js';
import { bigintOfCount, wrapI64 } from './scalar.js';
import {
  arrayLit,
  arrow,
  assignStmt,
  bigintLit,
  binary,
  boolLit,
  call,
  constStmt,
  exprStmt,
  forOfStmt,
  forStmt,
  ident,
  ifStmt,
  index,
  letStmt,
  member,
  methodCall,
  newExpr,
  numberLit,
  stringLit,
  throwStmt,
  unary,
  widen,
  type Js,
} from './syntax.js';

/** A loop source whose operands have been evaluated (and hoisted where needed). */
export type PreparedSource =
  | { readonly kind: 'of'; readonly iterable: Js; readonly fallbackName: string }
  | { readonly kind: 'range'; readonly start: Js; readonly end: Js }
  | { readonly kind: 'zip'; readonly left: Js; readonly right: Js; readonly fn: Lambda };

/** What consumes the elements that reach the end of the stages. */
export interface ElementSink {
  /** IR name of the lambda parameter the elements are bound to, if any (names the loop variable). */
  readonly param: string | null;
  /** The sink reads each element exactly once, so a stage's result may be inlined into it. */
  readonly inline: boolean;
  consume(elem: Js, body: Block): void;
}

interface SinkPlan extends ElementSink {
  /** After the loop: the pipeline's value. */
  finish(block: Block): Js;
}

export function emitPipeline(em: Emitter, p: Pipeline, block: Block, target?: string): Js {
  const form = methodForm(p);
  if (form !== null && p.source.kind === 'array') return methodValue(em, p, form, em.value(p.source.expr, block));
  const source = prepareSource(em, p.source, block);
  const sink = prepareSink(em, p, block, target);
  emitLoop(em, source, p.stages, sink, block);
  return sink.finish(block);
}

function methodValue(em: Emitter, p: Pipeline, form: MethodForm, source: Js): Js {
  if (form === 'length') return bigintOfCount(member(source, 'length'));
  const fn = p.sink.kind === 'any' || p.sink.kind === 'all' ? p.sink.pred : p.stages[0]!.fn;
  return { ...methodCall(source, form, [arrowOf(em, fn)]), fresh: true };
}

/** `(x) => body` for a one-parameter lambda whose body is one expression. */
function arrowOf(em: Emitter, fn: Lambda): Js {
  return em.scoped(() => {
    const param = em.claimLocal(fn.params[0]!.name);
    const scratch: Block = [];
    const body = wrapI64(em.apply(fn, [ident(param)], scratch));
    if (scratch.length > 0) throw new Error('internal: an arrow body needed statements');
    return arrow([param], body);
  });
}

// ---------------------------------------------------------------------------------------------
// Sources

export function prepareSource(em: Emitter, source: PipelineSource, block: Block): PreparedSource {
  switch (source.kind) {
    case 'array': {
      let iterable = em.value(source.expr, block);
      // A chain of calls reads better named than inside a `for (... of ...)` header.
      if ((iterable.chain?.links.length ?? 0) >= 2) iterable = hoist(em, 'values', iterable, block);
      return { kind: 'of', iterable, fallbackName: elementNameOf(iterable) };
    }
    case 'range': {
      let start = em.value(source.start, block);
      let end = em.value(source.end, block);
      // The loop test reads `end` on every iteration: evaluate it once, after `start`.
      if (!end.simple) {
        if (!start.simple) start = hoist(em, 'start', start, block);
        end = hoist(em, 'end', end, block);
      }
      return { kind: 'range', start, end };
    }
    case 'zip': {
      const [x, y] = [source.fn.params[0]!, source.fn.params[1]!];
      let left = em.value(source.left, block);
      let right = em.value(source.right, block);
      if (!left.simple) left = hoist(em, pluralOf(x.name), left, block);
      if (!right.simple) right = hoist(em, pluralOf(y.name), right, block);
      return { kind: 'zip', left, right, fn: source.fn };
    }
  }
}

/** A loop over the elements of an already evaluated array. */
export function arraySource(iterable: Js): PreparedSource {
  return { kind: 'of', iterable, fallbackName: elementNameOf(iterable) };
}

function elementNameOf(iterable: Js): string {
  return typeof iterable.doc === 'string' && isIdentifierName(iterable.doc) ? singular(iterable.doc) : 'item';
}

function pluralOf(irName: string): string {
  const plural = `${localName(irName)}s`;
  return RESERVED.has(plural) ? `${localName(irName)}Values` : plural;
}

function hoist(em: Emitter, preferred: string, value: Js, block: Block): Js {
  const name = em.claim(preferred);
  block.push(constStmt(name, value));
  return ident(name);
}

// ---------------------------------------------------------------------------------------------
// The loop

/** Emits one loop over `source` through `stages`, handing the surviving elements to `sink`. */
export function emitLoop(em: Emitter, source: PreparedSource, stages: readonly PipelineStage[], sink: ElementSink, block: Block): void {
  // map_indexed counts the elements reaching it: a counter per such stage, declared before the loop.
  const counters = stages.map((s) => {
    if (s.kind !== 'map_indexed') return null;
    const name = em.claimLocal(s.fn.params[0]!.name);
    block.push(letStmt(name, bigintLit(0n)));
    return name;
  });
  const run = (elem: Js, body: Block): void => runStages(em, stages, 0, counters, sink, elem, body);

  em.scoped(() => {
    const body: Block = [];
    switch (source.kind) {
      case 'of': {
        const name = em.claimLocal(firstParam(stages, sink) ?? source.fallbackName);
        run(ident(name), body);
        block.push(forOfStmt(name, source.iterable, body));
        return;
      }
      case 'range': {
        const name = em.claimLocal(firstParam(stages, sink) ?? 'i');
        run(ident(name), body);
        block.push(forStmt(['let ', name, ' = ', source.start.doc], binary('<', ident(name), source.end), `${name}++`, body));
        return;
      }
      case 'zip': {
        const i = em.claim('i');
        const [x, y] = [source.fn.params[0]!, source.fn.params[1]!];
        const left = bindElement(em, x.name, source.left, i, body);
        const right = bindElement(em, y.name, source.right, i, body);
        run(produce(em, source.fn, [left, right], nextParam(stages, 0, sink), sink.inline && stages.length === 0, body), body);
        const length = call('Math.min', [member(source.left, 'length'), member(source.right, 'length')]);
        block.push(forStmt(`let ${i} = 0`, binary('<', ident(i), length), `${i}++`, body));
        return;
      }
    }
  });
}

/** `const x = xs[i];` for a zip operand the lambda reads. */
function bindElement(em: Emitter, irName: string, array: Js, i: string, body: Block): Js {
  const name = em.claimLocal(irName);
  body.push(constStmt(name, index(array, ident(i))));
  return ident(name);
}

function runStages(
  em: Emitter,
  stages: readonly PipelineStage[],
  at: number,
  counters: readonly (string | null)[],
  sink: ElementSink,
  elem: Js,
  body: Block,
): void {
  const stage = stages[at];
  if (stage === undefined) {
    sink.consume(elem, body);
    return;
  }
  const last = at === stages.length - 1;
  switch (stage.kind) {
    case 'filter': {
      const test = em.apply(stage.fn, [elem], body);
      // A predicate folded to a literal: everything passes, or nothing does.
      if (test.literal) {
        if (test.doc === 'true') runStages(em, stages, at + 1, counters, sink, elem, body);
        return;
      }
      const condition = em.condition(test, body);
      const inner = em.withFacts(condition.facts?.whenTrue, () =>
        em.scoped(() => {
          const b: Block = [];
          runStages(em, stages, at + 1, counters, sink, elem, b);
          return b;
        }),
      );
      body.push(ifStmt(condition, inner));
      return;
    }
    case 'map': {
      const next = produce(em, stage.fn, [elem], nextParam(stages, at + 1, sink), last && sink.inline, body);
      runStages(em, stages, at + 1, counters, sink, next, body);
      return;
    }
    case 'map_indexed': {
      const counter = counters[at]!;
      const next = produce(em, stage.fn, [ident(counter), elem], nextParam(stages, at + 1, sink), last && sink.inline, body);
      runStages(em, stages, at + 1, counters, sink, next, body);
      body.push(`${counter}++;`);
      return;
    }
  }
}

/**
 * The value of a map-like lambda for the next stage: inlined when it is simple or read once by
 * the sink, else bound to a `const` named after the parameter that receives it.
 */
function produce(em: Emitter, fn: Lambda, args: readonly Js[], nextName: string | null, inline: boolean, body: Block): Js {
  if (inline || isSimpleExpr(fn.body)) return em.apply(fn, args, body);
  const name = nextName === null ? em.claim('value') : em.claimLocal(nextName);
  em.applyInto(fn, args, { kind: 'declare', name, type: fn.body.type }, body);
  return ident(name);
}

/** IR name of the parameter that first receives the source's elements. */
function firstParam(stages: readonly PipelineStage[], sink: ElementSink): string | null {
  return nextParam(stages, 0, sink);
}

function nextParam(stages: readonly PipelineStage[], at: number, sink: ElementSink): string | null {
  const stage = stages[at];
  if (stage === undefined) return sink.param;
  return stage.kind === 'map_indexed' ? stage.fn.params[1]!.name : stage.fn.params[0]!.name;
}

// ---------------------------------------------------------------------------------------------
// Sinks

function prepareSink(em: Emitter, p: Pipeline, block: Block, target: string | undefined): SinkPlan {
  const { sink, sinkElem } = p;
  switch (sink.kind) {
    case 'collect':
      return collectInto(em, target ?? em.claim('result'), sinkElem, block);
    case 'reduce':
      return sink.op === 'min' || sink.op === 'max'
        ? extremum(em, sink.op, sinkElem, block, target)
        : sink.op === 'mean'
          ? mean(em, sinkElem, block)
          : accumulate(em, sink.op, sinkElem, block, target);
    case 'any':
    case 'all': {
      const found = sink.kind === 'any';
      const name = target ?? em.claim(found ? 'anyMatch' : 'allMatch');
      block.push(letStmt(name, boolLit(!found)));
      return {
        param: sink.pred.params[0]!.name,
        inline: false,
        consume: (elem, body) => {
          const test = em.apply(sink.pred, [elem], body);
          const decisive = em.condition(found ? test : unary('!', test), body);
          body.push(ifStmt(decisive, [assignStmt(name, boolLit(found)), 'break;']));
        },
        finish: () => ident(name),
      };
    }
    case 'fold': {
      const { fn } = sink;
      const init = em.value(sink.init, block);
      const acc = target ?? em.claimLocal(fn.params[0]!.name);
      block.push(letStmt(acc, init, em.letType(init, fn.body.type)));
      return {
        param: fn.params[1]!.name,
        inline: false,
        consume: (elem, body) => step(em, fn, acc, elem, body),
        finish: () => ident(acc),
      };
    }
    case 'scan': {
      const { fn } = sink;
      const init = em.value(sink.init, block);
      const result = collectInto(em, target ?? em.claim('result'), fn.body.type, block);
      const acc = em.claimLocal(fn.params[0]!.name);
      block.push(letStmt(acc, init, em.letType(init, fn.body.type)));
      return {
        param: fn.params[1]!.name,
        inline: false,
        consume: (elem, body) => {
          step(em, fn, acc, elem, body);
          result.consume(ident(acc), body);
        },
        finish: result.finish,
      };
    }
  }
}

/**
 * `acc = fn(acc, x)`. TypeScript narrows a `boolean` variable on assignment, so a `const` in
 * the loop computed from a boolean accumulator and feeding its next value would have a type
 * that depends on itself (TS7022): the body reads the accumulator through `acc as boolean`,
 * which is not narrowed (an annotation would be).
 */
function step(em: Emitter, fn: Lambda, acc: string, elem: Js, body: Block): void {
  let current = ident(acc);
  if (fn.body.type.kind === 'bool' && needsStatements(fn.body)) {
    const previous = em.claim('previous');
    body.push(constStmt(previous, widen(current, 'boolean')));
    current = ident(previous);
  }
  em.applyInto(fn, [current, elem], { kind: 'assign', name: acc }, body);
}

function collectInto(em: Emitter, name: string, elem: Type, block: Block): SinkPlan {
  block.push(constStmt(name, arrayLit([]), em.type(arrayOf(elem), true)));
  return {
    param: null,
    inline: true,
    consume: (value, body) => body.push(exprStmt(methodCall(ident(name), 'push', [wrapI64(value)]))),
    finish: () => ({ ...ident(name), fresh: true }),
  };
}

function accumulate(em: Emitter, op: 'sum' | 'prod' | 'count', elem: Type, block: Block, target: string | undefined): SinkPlan {
  const name = target ?? em.claim(op === 'prod' ? 'product' : op);
  const acc = ident(name);
  if (op === 'count') {
    block.push(letStmt(name, bigintLit(0n)));
    return { param: null, inline: true, consume: (_elem, body) => body.push(`${name}++;`), finish: () => acc };
  }
  const i64 = elem.kind === 'i64';
  const start = op === 'sum' ? 0 : 1;
  block.push(letStmt(name, i64 ? bigintLit(BigInt(start)) : numberLit(start)));
  return {
    param: null,
    inline: true,
    consume: (value, body) => {
      if (i64) body.push(assignStmt(name, wrapI64({ ...binary(op === 'sum' ? '+' : '*', acc, value), unwrapped: true })));
      else body.push(assignStmt(name, value, op === 'sum' ? '+=' : '*='));
    },
    finish: () => acc,
  };
}

/** min/max: the first element, then `min(acc, x)` as the language defines it; empty is an error. */
function extremum(em: Emitter, op: 'min' | 'max', elem: Type, block: Block, target: string | undefined): SinkPlan {
  const name = target ?? em.claim(op);
  const acc = ident(name);
  block.push(letStmt(name, null, `${em.type(elem)} | undefined`));
  return {
    param: null,
    inline: false,
    consume: (elem, body) => {
      let value = wrapI64(elem);
      if (!value.simple) value = hoist(em, 'value', value, body);
      const better = binary(op === 'min' ? '<' : '>', value, acc);
      body.push(ifStmt(binary('||', binary('===', acc, ident('undefined')), better), [assignStmt(name, value)]));
    },
    finish: (after) => {
      after.push(ifStmt(binary('===', acc, ident('undefined')), [throwStmt(emptyArrayError(op))]));
      return acc;
    },
  };
}

/** mean: the f64 sum in input order divided by the count; empty is an error. */
function mean(em: Emitter, elem: Type, block: Block): SinkPlan {
  const total = em.claim('total');
  const count = em.claim('count');
  block.push(letStmt(total, numberLit(0)), letStmt(count, numberLit(0)));
  return {
    param: null,
    inline: true,
    consume: (value, body) => {
      body.push(assignStmt(total, asF64(elem, value), '+='), `${count}++;`);
    },
    finish: (after) => {
      after.push(ifStmt(binary('===', ident(count), numberLit(0)), [throwStmt(emptyArrayError('mean'))]));
      return binary('/', ident(total), ident(count));
    },
  };
}

/** An i64 or f64 element as a `number`. */
export function asF64(t: Type, value: Js): Js {
  if (t.kind !== 'i64') return value;
  return value.asNumber ?? call('Number', [wrapI64(value)]);
}

function emptyArrayError(op: string): Js {
  return newExpr('RangeError', [stringLit(`${op} of an empty array`)]);
}
