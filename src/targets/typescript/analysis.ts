// Questions the emitter asks about IR expressions before choosing a form: can it be written as
// one TypeScript expression, can it fail at run time, is it cheap and safe to repeat.

import type { Expr } from '../../ir/ir.js';
import { pipelineOf, type Pipeline } from '../../ir/fuse.js';
import { forEachExpr } from '../../ir/walk.js';
import { I64 } from '../../lang/types.js';

/** One array method call that replaces a whole pipeline loop. */
export type MethodForm = 'map' | 'filter' | 'some' | 'every' | 'length';

/** `pipelineOf`, plus a bare `range(a, b)`, which is a pipeline collecting its source. */
export function pipelineFor(e: Expr): Pipeline | null {
  if (e.k === 'range') {
    return { source: { kind: 'range', start: e.start, end: e.end }, stages: [], sink: { kind: 'collect' }, sourceElem: I64, sinkElem: I64, type: e.type };
  }
  return pipelineOf(e);
}

/**
 * The array method `p` prints as, if any: a single map or filter over an array, `some`/`every`
 * for any/all, `length` for a count. Only when the lambda is one expression, since a lambda body
 * with statements reads better as a loop.
 */
export function methodForm(p: Pipeline): MethodForm | null {
  if (p.source.kind !== 'array') return null;
  const { stages, sink } = p;
  if (stages.length === 0) {
    if (sink.kind === 'any' || sink.kind === 'all') return needsStatements(sink.pred.body) ? null : sink.kind === 'any' ? 'some' : 'every';
    if (sink.kind === 'reduce' && sink.op === 'count') return 'length';
    return null;
  }
  if (stages.length === 1 && sink.kind === 'collect') {
    const stage = stages[0]!;
    if (stage.kind === 'map_indexed' || needsStatements(stage.fn.body)) return null;
    return stage.kind;
  }
  return null;
}

const statementsMemo = new WeakMap<Expr, boolean>();

/**
 * Whether emitting `e` as a value needs statements before it (a `const` for a `let`, a loop for
 * a pipeline, ...). Kept in step with the emitter, which asserts it where it relies on it: a
 * conditional expression `c ? a : b` is only possible when neither branch needs statements.
 */
export function needsStatements(e: Expr): boolean {
  const known = statementsMemo.get(e);
  if (known !== undefined) return known;
  const result = computeNeedsStatements(e);
  statementsMemo.set(e, result);
  return result;
}

function computeNeedsStatements(e: Expr): boolean {
  switch (e.k) {
    case 'lit':
    case 'var':
    case 'aggref':
      return false;
    case 'let':
    case 'group':
    case 'range':
      return true;
    case 'if':
      return needsStatements(e.cond) || needsStatements(e.then) || needsStatements(e.else);
    case 'unary':
    case 'cast':
      return needsStatements(e.arg);
    case 'field':
      return needsStatements(e.target);
    case 'binary':
      return needsStatements(e.left) || needsStatements(e.right);
    case 'call':
      return e.args.some(needsStatements);
    case 'record':
      return e.fields.some((f) => needsStatements(f.value));
    case 'index':
      return needsStatements(e.target) || needsStatements(e.index);
    case 'sort':
      return needsStatements(e.source) || (e.key !== null && !isPureKey(e.key.body));
    case 'take':
    case 'skip':
      return needsStatements(e.source) || needsStatements(e.count);
    case 'reverse':
      return needsStatements(e.source);
    case 'map':
    case 'map_indexed':
    case 'filter':
    case 'zip':
    case 'reduce_op':
    case 'scan':
    case 'fold': {
      const p = pipelineOf(e);
      if (p === null || p.source.kind !== 'array' || methodForm(p) === null) return true;
      return needsStatements(p.source.expr);
    }
  }
}

/**
 * Whether emitting `e` declares its result under a name the caller offers (`Emitter.raw`'s
 * `target`): loops whose accumulator is the result, groups, and `if`s that need statements.
 */
export function takesTarget(e: Expr): boolean {
  switch (e.k) {
    case 'let':
      return takesTarget(e.body);
    case 'if':
      return needsStatements(e.then) || needsStatements(e.else);
    case 'group':
      return true;
    default: {
      const p = pipelineFor(e);
      return p !== null && methodForm(p) === null && !(p.sink.kind === 'reduce' && p.sink.op === 'mean');
    }
  }
}

/** A sort key the comparator may evaluate repeatedly: one expression that cannot fail. */
export function isPureKey(body: Expr): boolean {
  return !needsStatements(body) && !mayThrow(body);
}

/** Whether evaluating `e` can raise a runtime error (division by zero, bounds, empty array). */
function mayThrow(e: Expr): boolean {
  let found = false;
  forEachExpr(e, (n) => {
    if (found) return;
    if (n.k === 'index') found = true;
    else if (n.k === 'reduce_op' && (n.op === 'min' || n.op === 'max' || n.op === 'mean')) found = true;
    else if (n.k === 'binary' && (n.op === '/' || n.op === '%') && n.type.kind === 'i64') {
      found = !(n.right.k === 'lit' && n.right.value !== 0n);
    }
  });
  return found;
}

/** A variable, literal or field chain of those: as cheap to repeat as a name. */
export function isSimpleExpr(e: Expr): boolean {
  if (e.k === 'var' || e.k === 'lit') return true;
  return e.k === 'field' && isSimpleExpr(e.target);
}
