// Array expressions as LINQ chains (`xs.Where(..).Select(..).Sum()`), and as PLINQ chains
// (`xs.AsParallel().AsOrdered()...`) at the kernel's own level of a parallel render.
//
// LINQ is lazy; the language is not: `xs.map(f).take(1)` evaluates `f` on every element, so a
// runtime error in the last one stops the kernel. A chain therefore remembers whether it still
// holds deferred lambdas that may fail, and an operator that may stop enumerating early (Take,
// Skip, Zip, Any, All) first materialises such a chain with ToArray().
//
// Order: `ordered` says whether the consumer needs the elements in order. A PLINQ source only
// gets AsOrdered() (which must follow AsParallel() directly) when some consumer above needs it.

import type { Expr, Lambda, ReduceOp } from '../../ir/ir.js';
import type { Type } from '../../lang/types.js';
import { lambdaMayFail, mayFail, slotUses } from './analysis.js';
import type { Lowered, Lowerer } from './lower.js';
import { call, lambda, member, name, number, type CsExpr, type CsStmt } from './syntax.js';

export interface Chain {
  readonly stmts: readonly CsStmt[];
  readonly expr: CsExpr;
  /** 'array': a `T[]`; 'seq': a deferred IEnumerable; 'par': a deferred ParallelQuery. */
  readonly form: 'array' | 'seq' | 'par';
  /** Deferred lambdas in the chain may raise a runtime error when finally run. */
  readonly deferredMayFail: boolean;
}

const INT_MAX = 2n ** 31n - 1n;

export function materialize(c: Chain): Lowered {
  return { stmts: c.stmts, value: c.form === 'array' ? c.expr : call(c.expr, 'ToArray') };
}

/** `c` with its deferred lambdas run now, when they might fail. */
function settled(c: Chain): Chain {
  if (!c.deferredMayFail) return c;
  const array = materialize(c);
  return { stmts: array.stmts, expr: array.value, form: 'array', deferredMayFail: false };
}

/** One more deferred operator `expr` on `c` (plus statements `extra.stmts` its operands need). */
function extend(c: Chain, expr: CsExpr, extra: { stmts?: readonly CsStmt[]; mayFail?: boolean } = {}): Chain {
  return {
    stmts: [...c.stmts, ...(extra.stmts ?? [])],
    expr,
    form: c.form === 'par' ? 'par' : 'seq',
    deferredMayFail: c.deferredMayFail || (extra.mayFail ?? false),
  };
}

/** At the kernel's level of a parallel render, `c` as a ParallelQuery. */
function parallel(lw: Lowerer, c: Chain, ordered: boolean): Chain {
  if (!lw.ctx.parallel || c.form === 'par') return c;
  const query = call(c.expr, 'AsParallel');
  return { ...c, expr: ordered ? call(query, 'AsOrdered') : query, form: 'par' };
}

function sequential(c: Chain): Chain {
  return c.form === 'par' ? { ...c, expr: call(c.expr, 'AsSequential'), form: 'seq' } : c;
}

/** The array expression `e` as a chain; `ordered`: whether the consumer needs input order. */
export function chainOf(lw: Lowerer, e: Expr, ordered: boolean): Chain {
  switch (e.k) {
    case 'map':
    case 'filter': {
      const src = parallel(lw, chainOf(lw, e.source, ordered), ordered);
      return extend(src, call(src.expr, e.k === 'map' ? 'Select' : 'Where', lw.lambda(e.fn)), { mayFail: lambdaMayFail(e.fn) });
    }
    case 'map_indexed': {
      const src = parallel(lw, chainOf(lw, e.source, true), true);
      // LINQ passes (element, index), the language (index, element).
      const [index, element] = e.fn.params;
      const fn = lw.lambda({ params: [element!, index!], body: e.fn.body }, { intIndex: 1 });
      return extend(src, call(src.expr, 'Select', fn), { mayFail: lambdaMayFail(e.fn) });
    }
    case 'zip': {
      const left = parallel(lw, settled(chainOf(lw, e.source, true)), true);
      const other = settled(chainOf(lw, e.other, true));
      // PLINQ zips two parallel queries only.
      const right = left.form === 'par' ? parallel(lw, other, true) : other;
      return extend(left, call(left.expr, 'Zip', right.expr, lw.lambda(e.fn)), { stmts: right.stmts, mayFail: lambdaMayFail(e.fn) });
    }
    case 'range': {
      const bounds = lw.values([e.start, e.end]);
      const expr = call(null, lw.ctx.file.use('LongRange'), ...bounds.values);
      return { stmts: bounds.stmts, expr, form: 'seq', deferredMayFail: false };
    }
    case 'sort':
      return sortChain(lw, e, chainOf(lw, e.source, true));
    case 'take':
    case 'skip': {
      const src = settled(chainOf(lw, e.source, true));
      const count = countArgument(lw, e.count);
      return extend(src, call(src.expr, e.k === 'take' ? 'Take' : 'Skip', count.value), { stmts: count.stmts });
    }
    case 'reverse': {
      const src = chainOf(lw, e.source, true);
      // `array.Reverse()` binds to the in-place MemoryExtensions.Reverse in C# 14.
      const expr = src.form === 'array' ? call(name('Enumerable'), 'Reverse', src.expr) : call(src.expr, 'Reverse');
      return extend(src, expr);
    }
    case 'scan': {
      const src = sequential(chainOf(lw, e.source, true));
      if (lw.ctx.parallel) {
        lw.ctx.file.degrade('sequential-scan', '`scan` runs sequentially: PLINQ has no prefix scan.', lw.ctx.kernel);
      }
      const init = lw.value(e.init);
      const expr = call(src.expr, lw.ctx.file.use('Scan'), init.value, lw.lambda(e.fn));
      return extend(src, expr, { stmts: init.stmts, mayFail: lambdaMayFail(e.fn) });
    }
    case 'group':
      return groupChain(lw, e);
    default: {
      const v = lw.value(e);
      return { stmts: v.stmts, expr: v.value, form: 'array', deferredMayFail: false };
    }
  }
}

function countArgument(lw: Lowerer, count: Expr): Lowered {
  if (count.k === 'lit' && typeof count.value === 'bigint' && count.value >= 0n && count.value <= INT_MAX) {
    return { stmts: [], value: number(String(count.value)) };
  }
  const n = lw.value(count);
  return { stmts: n.stmts, value: call(null, lw.ctx.file.use('AsCount'), n.value) };
}

/** The comparer a sort or group key of type `t` needs, if the default one is wrong. */
function keyComparer(lw: Lowerer, t: Type): CsExpr[] {
  if (t.kind === 'str') return [name(lw.ctx.file.use('CodePointOrder'))];
  if (t.kind === 'f64') return [name(lw.ctx.file.use('NaNLastOrder'))];
  return [];
}

function sortChain(lw: Lowerer, e: Extract<Expr, { k: 'sort' }>, source: Chain): Chain {
  const keyType = e.key ? e.key.body.type : elementType(e.source.type);
  const method = e.desc ? 'OrderByDescending' : 'OrderBy';
  const comparer = keyComparer(lw, keyType);
  const mayFailKey = e.key !== null && lambdaMayFail(e.key);
  if (!lw.ctx.parallel) {
    const key = e.key ? lw.lambda(e.key) : lw.syntheticLambda(['x'], ([x]) => x!);
    // LINQ's OrderBy and OrderByDescending are stable.
    return extend(source, call(source.expr, method, key, ...comparer), { mayFail: mayFailKey });
  }
  // PLINQ's OrderBy is not stable: ties are broken by the input position.
  const src = parallel(lw, source, true);
  const pairs = call(
    src.expr,
    'Select',
    lw.syntheticLambda(['x', 'index'], ([x, i]) => ({ k: 'anonymous', fields: [{ name: 'Item', value: x! }, { name: 'Index', value: i! }] })),
  );
  const item = (p: CsExpr): CsExpr => member(p, 'Item');
  const key = e.key ? lw.lambdaThrough(e.key, 'pair', item) : lw.syntheticLambda(['pair'], ([p]) => item(p!));
  const sorted = call(call(pairs, method, key, ...comparer), 'ThenBy', lw.syntheticLambda(['pair'], ([p]) => member(p!, 'Index')));
  return extend(src, call(sorted, 'Select', lw.syntheticLambda(['pair'], ([p]) => item(p!))), { mayFail: mayFailKey });
}

function groupChain(lw: Lowerer, e: Extract<Expr, { k: 'group' }>): Chain {
  const src = parallel(lw, chainOf(lw, e.source, true), true);
  const grouped = call(src.expr, 'GroupBy', lw.lambda(e.key));
  // Groups come out sorted by key; GroupBy keeps each group's elements in input order.
  const byKey = call(grouped, 'OrderBy', lw.syntheticLambda(['g'], ([g]) => member(g!, 'Key')), ...keyComparer(lw, e.key.body.type));
  const rows = call(byKey, 'Select', groupResult(lw, e));
  const deferred = lambdaMayFail(e.key) || e.slots.some((s) => s.fn !== null && lambdaMayFail(s.fn)) || mayFail(e.result);
  return extend(src, rows, { mayFail: deferred });
}

/**
 * `g => result`: aggregates read once (and not conditionally) are written where they are read
 * (`g.Sum(t => t.Price)`); the others are computed first into locals, as the language computes
 * every aggregate of a group before its result.
 */
function groupResult(lw: Lowerer, e: Extract<Expr, { k: 'group' }>): CsExpr {
  const { scope, groups } = lw.ctx;
  const [g] = scope.openLambda([{ preferred: 'g' }]);
  const group = name(g!);
  const body = lw.inLambda(() => {
    const uses = slotUses(e.result, e.slots.length);
    const first: CsStmt[] = [];
    const frame = e.slots.map((slot, i): CsExpr => {
      if (slot.op === 'key') return member(group, 'Key');
      if (slot.op === 'count') return call(group, 'LongCount');
      const use = uses[i]!;
      const fn = slot.fn!;
      // Never read, so never lowered (its helpers stay unused), unless it can fail.
      if (use.count === 0 && !lambdaMayFail(fn)) return group;
      const members: Chain = { stmts: [], expr: group, form: 'seq', deferredMayFail: false };
      const value = reduce(lw, slot.op, members, fn, fn.body.type);
      if (use.count === 1 && !use.conditional) return value;
      if (use.count === 0) {
        first.push({ k: 'discard', value });
        return value;
      }
      const local = scope.fresh(slot.op);
      first.push({ k: 'var', name: local, value });
      return name(local);
    });
    groups.push(frame);
    try {
      return [...first, ...lw.tail(e.result)];
    } finally {
      groups.pop();
    }
  });
  scope.closeLambda();
  const only = body.length === 1 ? body[0]! : null;
  return lambda([g!], only?.k === 'return' ? only.value : body);
}

/** A `reduce_op` or `fold` node: the value it reduces its array to. */
export function reduction(lw: Lowerer, e: Extract<Expr, { k: 'reduce_op' | 'fold' }>): Lowered {
  if (e.k === 'fold') {
    const src = sequential(chainOf(lw, e.source, true));
    if (lw.ctx.parallel) {
      lw.ctx.file.degrade(
        'sequential-reduce',
        '`reduce` runs sequentially: PLINQ parallelises only associative folds, and its lambda is arbitrary.',
        lw.ctx.kernel,
      );
    }
    const init = lw.value(e.init);
    return { stmts: [...src.stmts, ...init.stmts], value: call(src.expr, 'Aggregate', init.value, lw.lambda(e.fn)) };
  }
  const source = chainOf(lw, e.source, false);
  const elem = e.fn !== null && e.op !== 'count' && e.op !== 'any' && e.op !== 'all' ? e.fn.body.type : elementType(e.source.type);
  return { stmts: source.stmts, value: reduce(lw, e.op, source, e.fn, elem) };
}

/** `op` over `source`, whose elements (after `fn`, for the numeric ops) have type `elem`. */
function reduce(lw: Lowerer, op: ReduceOp, source: Chain, fn: Lambda | null, elem: Type): CsExpr {
  switch (op) {
    case 'len':
    case 'count':
      if (op === 'count' && fn !== null) return call(parallel(lw, source, false).expr, 'LongCount', lw.lambda(fn));
      return source.form === 'array' ? member(source.expr, 'LongLength') : call(source.expr, 'LongCount');
    case 'any':
    case 'all': {
      if (fn === null) throw new Error(`${op} without a predicate`);
      let src = settled(source);
      if (lw.ctx.parallel && lambdaMayFail(fn)) {
        src = sequential(src);
        lw.ctx.file.degrade(
          'sequential-short-circuit',
          '`any`/`all` runs sequentially: its predicate may fail, and PLINQ may test elements after the deciding one.',
          lw.ctx.kernel,
        );
      } else src = parallel(lw, src, false);
      return call(src.expr, op === 'any' ? 'Any' : 'All', lw.lambda(fn));
    }
    default:
      return numericReduce(lw, op, parallel(lw, source, false), fn, elem);
  }
}

function numericReduce(lw: Lowerer, op: 'sum' | 'prod' | 'min' | 'max' | 'mean', src: Chain, fn: Lambda | null, elem: Type): CsExpr {
  const { file } = lw.ctx;
  const withFn = (method: string): CsExpr => (fn === null ? call(src.expr, method) : call(src.expr, method, lw.lambda(fn)));
  const mapped = (): CsExpr => (fn === null ? src.expr : call(src.expr, 'Select', lw.lambda(fn)));
  switch (op) {
    case 'sum':
      // Enumerable.Sum over longs is checked (it throws on overflow); the language wraps.
      if (elem.kind === 'f64') return withFn('Sum');
      return wrappingFold(lw, mapped(), src.form === 'par', '+', number('0L'));
    case 'prod':
      return wrappingFold(lw, mapped(), src.form === 'par', '*', number(elem.kind === 'f64' ? '1.0' : '1L'));
    case 'min':
    case 'max':
      // On longs LINQ's Min/Max agree with the language; on doubles they treat NaN differently.
      if (elem.kind === 'i64') return withFn(op === 'min' ? 'Min' : 'Max');
      return call(mapped(), 'Aggregate', name(file.use(op === 'min' ? 'Min' : 'Max')));
    case 'mean': {
      // Average adds doubles in order and divides by the count; longs are converted first.
      if (elem.kind === 'f64') return withFn('Average');
      const toDouble = (v: CsExpr): CsExpr => ({ k: 'cast', type: 'double', arg: v });
      const selector = fn === null ? lw.syntheticLambda(['x'], ([x]) => toDouble(x!)) : lw.lambda(fn, { wrap: toDouble });
      return call(src.expr, 'Average', selector);
    }
  }
}

/** `Aggregate(seed, (acc, x) => acc op x)`; PLINQ also needs the combiner and a result selector. */
function wrappingFold(lw: Lowerer, source: CsExpr, isParallel: boolean, op: '+' | '*', seed: CsExpr): CsExpr {
  const acc = op === '+' ? 'sum' : 'product';
  const step = lw.syntheticLambda([acc, 'x'], ([a, x]) => ({ k: 'binary', op, left: a!, right: x! }));
  if (!isParallel) return call(source, 'Aggregate', seed, step);
  const combine = lw.syntheticLambda(['a', 'b'], ([a, b]) => ({ k: 'binary', op, left: a!, right: b! }));
  return call(source, 'Aggregate', seed, step, combine, lw.syntheticLambda([acc], ([a]) => a!));
}

function elementType(t: Type): Type {
  if (t.kind !== 'array') throw new Error('not an array');
  return t.elem;
}
