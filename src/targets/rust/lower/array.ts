// Lowering of arrays to Rust iterator chains (rayon parallel iterators for the outermost loops of
// a `parallel` render), and of the reductions that consume them.
//
// The kernel language evaluates every array operation eagerly; Rust iterators are lazy. The two
// agree except where a consumer stops early (`take`, `skip`, `zip`'s longer side, `any`/`all`,
// indexing): there, a chain whose closures may raise a runtime error is collected first, so
// that the error the eager semantics would raise is raised.

import type { Expr, Lambda } from '../../../ir/ir.js';
import { I64, type Type } from '../../../lang/types.js';
import { lambdaMayFail, mayFail } from '../analysis.js';
import { assign, binary, call, cast, closure, letStmt, lit, method, path, unary, type RExpr, type RStmt } from '../ast.js';
import { sameExpr } from './lints.js';
import { toOwned, val, type Val } from '../forms.js';
import { isCopy } from '../types.js';
import type { Block } from './context.js';
import { lowerGroup } from './group.js';
import { lowerSort } from './sort.js';
import { literal } from './literals.js';
import { lowerExpr, lowerOwned, typedNumber } from './scalar.js';

/** An iterator expression and what it yields. */
export interface Iter {
  readonly expr: RExpr;
  /** 'ref': items are `&T`; 'value': items are `T`. */
  readonly item: 'ref' | 'value';
  readonly elem: Type;
  /** A rayon parallel iterator. */
  readonly par: boolean;
  /** rayon: an IndexedParallelIterator (enumerate, zip, rev, take and skip need one). */
  readonly indexed: boolean;
  /** std: DoubleEndedIterator (for `rev`) and ExactSizeIterator. */
  readonly dei: boolean;
  readonly exact: boolean;
  /** Some closure applied lazily in this chain may raise a runtime error. */
  readonly fallible: boolean;
  /** The value this iterates over, when no adapter has been applied yet. */
  readonly base: Val | null;
  /**
   * The iterator owns a collection of references into locals (a group's member lists). Rust 2021
   * drops a tail expression's temporaries after the block's locals, so a `&mut self` consumer
   * (`any`, `all`) must not be the one holding it.
   */
  readonly holdsBorrows?: boolean;
}

export type Arr = { readonly k: 'val'; readonly val: Val } | { readonly k: 'iter'; readonly iter: Iter };

const asIter = (iter: Iter): Arr => ({ k: 'iter', iter });

export function lowerArray(e: Expr, b: Block, par: boolean): Arr {
  switch (e.k) {
    case 'range': {
      const r = rangeExpr(e.start, e.end, b);
      return asIter({
        expr: par ? method(r, 'into_par_iter') : r,
        item: 'value',
        elem: I64,
        par,
        // rayon's i64 ranges are not indexed (only integers up to 32 bits and usize are).
        indexed: !par,
        dei: true,
        exact: false,
        fallible: false,
        base: null,
      });
    }
    case 'map':
      return asIter(mapStage(sourceIter(e.source, b, par), e.fn, b));
    case 'filter': {
      const src = sourceIter(e.source, b, par);
      const pred = lowerLambda(e.fn, b, [src.item === 'ref' ? 'refref' : 'ref'], 'copy');
      return asIter({
        ...src,
        expr: method(src.expr, 'filter', [pred]),
        indexed: false,
        exact: false,
        fallible: src.fallible || mayFail(e.fn.body),
        base: null,
      });
    }
    case 'map_indexed':
      return asIter(mapIndexed(e, b, par));
    case 'zip':
      return asIter(zip(e, b, par));
    case 'scan':
      return asIter(scan(e, b));
    case 'sort':
      return lowerSort(e, b, par);
    case 'take':
    case 'skip':
      return takeOrSkip(e, b, par);
    case 'reverse': {
      let src = sourceIter(e.source, b, par);
      if (src.par ? !src.indexed : !src.dei) src = reiterate(src);
      return asIter({ ...src, expr: method(src.expr, 'rev'), base: null });
    }
    case 'group':
      return asIter(lowerGroup(e, b, par));
    default:
      return { k: 'val', val: lowerExpr(e, b) };
  }
}

function rangeExpr(start: Expr, end: Expr, b: Block): RExpr {
  // Two bare literals would leave the element type to inference (i32): `(0_i64..10)`.
  const first = start.k === 'lit' && end.k === 'lit' ? literal(start.value, true) : lowerExpr(start, b).expr;
  return { k: 'paren', inner: { k: 'range', start: first, end: lowerExpr(end, b).expr, inclusive: false } };
}

/** The array as an iterator: borrowed values by `iter()`, owned ones by `into_iter()`. */
function iterOf(arr: Arr, par: boolean): Iter {
  if (arr.k === 'iter') return arr.iter;
  const v = arr.val;
  const elem = v.type.kind === 'array' ? v.type.elem : v.type;
  const consume = v.form === 'owned' || (v.form === 'place' && v.movable === true);
  const name = consume ? (par ? 'into_par_iter' : 'into_iter') : par ? 'par_iter' : 'iter';
  return {
    expr: method(v.expr, name),
    item: consume ? 'value' : 'ref',
    elem,
    par,
    indexed: true,
    dei: true,
    exact: true,
    fallible: false,
    base: v,
  };
}

/** Lowers the source of a stage: iterators stay as they are, values start one (parallel if asked). */
export function sourceIter(e: Expr, b: Block, par: boolean): Iter {
  return iterOf(lowerArray(e, b, par), par);
}

/** The elements as an owned `Vec` expression (`collect::<Vec<_>>()` when built from an iterator). */
export function collectVec(it: Iter): RExpr {
  if (it.base) return toOwned(it.base);
  return method(itemsByValue(it), 'collect::<Vec<_>>');
}

/** Items as values: `&T` items copied (Copy types) or cloned. */
function itemsByValue(it: Iter): RExpr {
  if (it.item === 'value') return it.expr;
  return method(it.expr, isCopy(it.elem) ? 'copied' : 'cloned');
}

/** Collects the chain and iterates the result again: for what the chain cannot do lazily. */
function reiterate(it: Iter): Iter {
  const vec: Val = val(collectVec(it), { kind: 'array', elem: it.elem }, 'owned');
  return { ...iterOf({ k: 'val', val: vec }, it.par), holdsBorrows: false };
}

export function arrayToVal(arr: Arr): Val {
  if (arr.k === 'val') return arr.val;
  const it = arr.iter;
  if (it.base) return it.base;
  return val(collectVec(it), { kind: 'array', elem: it.elem }, 'owned');
}

/** An expression that can be indexed with `[i]`. */
export function materialized(arr: Arr): RExpr {
  if (arr.k === 'val') return arr.val.expr;
  return arr.iter.base ? arr.iter.base.expr : method(arr.iter.expr, 'collect::<Vec<_>>');
}

// ---------------------------------------------------------------------------------------------
// Closures

/**
 * How a closure receives a value: 'value' (`T`), 'ref' (`&T`), 'refref' (`&&T`, a filter over
 * borrowed items), 'index' (an enumerate `usize`), 'state' (scan's `&mut T`).
 */
export type Passing = 'value' | 'ref' | 'refref' | 'index' | 'state';

/** The pattern binding `p`, and its binding for the closure body. */
export function bindParam(p: { name: string; type: Type }, passing: Passing, inner: Block): string {
  const kc = inner.kc;
  const usage = kc.facts.usage(p.name);
  if (usage.count === 0) return '_';
  const rust = inner.bindName(p.name);
  const copy = isCopy(p.type);
  const bind = (expr: RExpr, form: Val['form'], movable = false): void => {
    kc.bindings.set(p.name, { expr, form: copy ? 'copy' : form, movable });
  };
  switch (passing) {
    case 'value':
      bind(path(rust), 'place', usage.count === 1 && !usage.nested);
      return rust;
    case 'ref':
      bind(path(rust), 'ref');
      return copy ? `&${rust}` : rust;
    case 'refref':
      bind(path(rust), 'ref');
      return copy ? `&&${rust}` : `&${rust}`;
    case 'index':
      kc.bindings.set(p.name, { expr: cast(path(rust), 'i64'), form: 'copy', movable: false });
      return rust;
    case 'state':
      bind(copy ? unary('*', path(rust)) : path(rust), 'ref');
      return rust;
  }
}

/** What a closure body must produce: an owned value, or a Copy scalar as is. */
export type BodyKind = 'owned' | 'copy';

export function lowerLambda(l: Lambda, b: Block, passing: readonly Passing[], body: BodyKind): RExpr {
  const inner = b.closure();
  const params = l.params.map((p, i) => bindParam(p, passing[i] ?? 'value', inner));
  return closure(params, lowerBody(l.body, inner, body));
}

export function lowerBody(e: Expr, inner: Block, body: BodyKind): RExpr {
  const value = body === 'owned' ? lowerOwned(e, inner) : lowerExpr(e, inner).expr;
  return inner.finish(typedNumber(value, e.type));
}

/** A fold's or scan's initial state, typed when it is a bare literal. */
function lowerInit(e: Expr, b: Block): RExpr {
  return typedNumber(lowerOwned(e, b), e.type);
}

const itemPassing = (it: Iter): Passing => (it.item === 'ref' ? 'ref' : 'value');

function isIdentity(l: Lambda): boolean {
  const p = l.params[0];
  return p !== undefined && l.body.k === 'var' && l.body.name === p.name;
}

// ---------------------------------------------------------------------------------------------
// Stages

function mapStage(src: Iter, fn: Lambda, b: Block): Iter {
  const elem = fn.body.type;
  if (isIdentity(fn)) return src;
  return {
    ...src,
    expr: method(src.expr, 'map', [lowerLambda(fn, b, [itemPassing(src)], 'owned')]),
    item: 'value',
    elem,
    fallible: src.fallible || mayFail(fn.body),
    base: null,
  };
}

function mapIndexed(e: Extract<Expr, { k: 'map_indexed' }>, b: Block, par: boolean): Iter {
  const [index, element] = e.fn.params as [Lambda['params'][0], Lambda['params'][0]];
  let src = sourceIter(e.source, b, par);
  if (b.kc.facts.usage(index.name).count === 0) {
    // The index is unused: a plain map (clippy rejects an enumerate whose index is ignored).
    return mapStage(src, { params: [element], body: e.fn.body }, b);
  }
  if (src.par && !src.indexed) src = reiterate(src);
  const inner = b.closure();
  const pattern = `(${bindParam(index, 'index', inner)}, ${bindParam(element, itemPassing(src), inner)})`;
  const fn = closure([pattern], lowerBody(e.fn.body, inner, 'owned'));
  return {
    ...src,
    expr: method(method(src.expr, 'enumerate'), 'map', [fn]),
    item: 'value',
    elem: e.fn.body.type,
    dei: src.dei && src.exact,
    fallible: src.fallible || mayFail(e.fn.body),
    base: null,
  };
}

function zip(e: Extract<Expr, { k: 'zip' }>, b: Block, par: boolean): Iter {
  let left = sourceIter(e.source, b, par);
  if (left.fallible) left = reiterate(left);
  if (left.par && !left.indexed) left = reiterate(left);
  const otherArr = lowerArray(e.other, b, left.par);
  let right: { expr: RExpr; item: 'ref' | 'value'; exact: boolean; dei: boolean; indexed: boolean };
  if (otherArr.k === 'val') {
    const v = otherArr.val;
    const consume = v.form === 'owned' || (v.form === 'place' && v.movable === true);
    right = { expr: v.form === 'place' && !consume ? unary('&', v.expr) : v.expr, item: consume ? 'value' : 'ref', exact: true, dei: true, indexed: true };
  } else {
    let it = otherArr.iter;
    if (it.fallible || (left.par && !(it.par && it.indexed))) it = reiterate({ ...it, par: left.par });
    right = { expr: it.base ? it.base.expr : it.expr, item: it.item, exact: it.exact, dei: it.dei, indexed: it.indexed };
    if (it.base) right = { ...right, expr: iterArgument(it) };
  }
  // A range is an argument here, where it needs no parentheses.
  if (right.expr.k === 'paren' && right.expr.inner.k === 'range') right = { ...right, expr: right.expr.inner };
  const [x, y] = e.fn.params as [Lambda['params'][0], Lambda['params'][0]];
  const inner = b.closure();
  const pattern = `(${bindParam(x, itemPassing(left), inner)}, ${bindParam(y, right.item === 'ref' ? 'ref' : 'value', inner)})`;
  const fn = closure([pattern], lowerBody(e.fn.body, inner, 'owned'));
  const exact = left.exact && right.exact;
  return {
    expr: method(method(left.expr, 'zip', [right.expr]), 'map', [fn]),
    item: 'value',
    elem: e.fn.body.type,
    par: left.par,
    indexed: left.indexed && right.indexed,
    dei: exact && left.dei && right.dei,
    exact,
    fallible: mayFail(e.fn.body),
    base: null,
  };
}

/** What `zip` takes for a bare iteration of a value: the value itself (`&v` for a place). */
function iterArgument(it: Iter): RExpr {
  const v = it.base!;
  if (it.item === 'value') return v.expr;
  return v.form === 'place' ? unary('&', v.expr) : v.expr;
}

function scan(e: Extract<Expr, { k: 'scan' }>, b: Block): Iter {
  if (b.parallel) {
    b.kc.module.degrade('sequential-scan', 'rayon has no parallel scan: the running state is computed sequentially.', b.kc.kernel.name);
  }
  const src = sourceIter(e.source, b, false);
  const init = lowerInit(e.init, b);
  const [acc, x] = e.fn.params as [Lambda['params'][0], Lambda['params'][0]];
  const inner = b.closure();
  let state: string;
  if (isCopy(e.init.type) || b.kc.facts.usage(acc.name).count === 0) {
    const accPattern = bindParam(acc, 'state', inner);
    state = accPattern === '_' ? inner.fresh('state') : accPattern;
  } else {
    // The state is `&mut T`; the source's accumulator reads it through a shared reborrow, which
    // (unlike the `&mut` itself) can be bound and passed on freely.
    state = inner.fresh('state');
    const name = bindParam(acc, 'ref', inner);
    inner.push(letStmt(name, path(state), `&${b.kc.rustType(e.init.type)}`));
  }
  const xPattern = bindParam(x, itemPassing(src), inner);
  const update = updateState(unary('*', path(state)), lowerOwned(e.fn.body, inner));
  if (update) inner.push(update);
  const emitted = isCopy(e.init.type) ? unary('*', path(state)) : method(path(state), 'clone');
  const body = inner.finish(call('Some', [emitted]));
  return {
    expr: method(src.expr, 'scan', [init, closure([state, xPattern], body)]),
    item: 'value',
    elem: e.init.type,
    par: false,
    indexed: false,
    dei: false,
    exact: false,
    fallible: src.fallible || mayFail(e.fn.body),
    base: null,
  };
}

/** `*acc = *acc + x` as clippy wants it: `*acc += x` (also `x + *acc`: f64 `+` and `*` commute). */
function updateState(target: RExpr, value: RExpr): RStmt | null {
  if (sameExpr(target, value)) return null;
  if (value.k === 'binary' && (value.op === '+' || value.op === '-' || value.op === '*' || value.op === '/' || value.op === '%')) {
    if (sameExpr(value.left, target)) return assign(target, unparen(value.right), `${value.op}=`);
    if ((value.op === '+' || value.op === '*') && sameExpr(value.right, target)) return assign(target, unparen(value.left), `${value.op}=`);
  }
  return assign(target, value);
}

function unparen(e: RExpr): RExpr {
  return e.k === 'paren' ? e.inner : e;
}

function takeOrSkip(e: Extract<Expr, { k: 'take' | 'skip' }>, b: Block, par: boolean): Arr {
  const literalCount = e.count.k === 'lit' ? (e.count.value as bigint) : null;
  if (e.k === 'skip' && literalCount !== null && literalCount <= 0n) return lowerArray(e.source, b, par);
  let src = sourceIter(e.source, b, par);
  if (src.fallible || (src.par && !src.indexed)) src = reiterate(src);
  const count =
    literalCount !== null
      ? lit(String(literalCount < 0n ? 0n : literalCount))
      : cast(method(lowerExpr(e.count, b).expr, 'max', [lit('0')]), 'usize');
  return asIter({ ...src, expr: method(src.expr, e.k, [count]), dei: src.dei && src.exact, base: null });
}

// ---------------------------------------------------------------------------------------------
// Reductions

const EMPTY = (op: string): RExpr => lit(`"${op} of an empty array"`);

export function lowerReduction(e: Extract<Expr, { k: 'reduce_op' | 'fold' }>, b: Block): Val {
  if (e.k === 'fold') return val(fold(e, b), e.type, 'owned');
  switch (e.op) {
    case 'len':
      return val(cast(lengthOf(e.source, b), 'i64'), I64, 'copy');
    case 'count': {
      if (!e.fn) return val(cast(lengthOf(e.source, b), 'i64'), I64, 'copy');
      const src = sourceIter(e.source, b, b.parallel);
      const pred = lowerLambda(e.fn, b, [src.item === 'ref' ? 'refref' : 'ref'], 'copy');
      return val(cast(method(method(src.expr, 'filter', [pred]), 'count'), 'i64'), I64, 'copy');
    }
    case 'any':
    case 'all': {
      const fn = e.fn!;
      // A parallel any/all may evaluate the predicate past the deciding element: only safe when
      // the predicate cannot fail.
      const par = b.parallel && !lambdaMayFail(fn);
      if (b.parallel && !par) {
        b.kc.module.degrade(
          'sequential-short-circuit',
          `\`${e.op}\` with a predicate that may fail runs sequentially, so it stops where the sequential semantics stop.`,
          b.kc.kernel.name,
        );
      }
      let src = sourceIter(e.source, b, par);
      if (src.fallible || src.holdsBorrows) src = reiterate(src);
      // `xs.map(f).all(b => b)` is `xs.all(f)` (clippy's map_all_any_identity).
      if (isIdentity(fn) && src.expr.k === 'method' && src.expr.name === 'map') {
        return val(method(src.expr.recv, e.op, src.expr.args), e.type, 'copy');
      }
      const pred = lowerLambda(fn, b, [itemPassing(src)], 'copy');
      return val(method(src.expr, e.op, [pred]), e.type, 'copy');
    }
    default:
      return val(numeric(e.op, e.source, e.fn, b), e.type, 'copy');
  }
}

/** The number of elements as a `usize` (lints.ts already skipped what cannot change it). */
function lengthOf(e: Expr, b: Block): RExpr {
  const arr = lowerArray(e, b, b.parallel);
  if (arr.k === 'val') return method(arr.val.expr, 'len');
  const it = arr.iter;
  if (it.base) return method(it.base.expr, 'len');
  // clippy: a `map` right before `count` does nothing for the count; materialise instead.
  if (it.expr.k === 'method' && it.expr.name === 'map') return method(collectVec(it), 'len');
  return method(it.expr, 'count');
}

type NumericOp = 'sum' | 'prod' | 'min' | 'max' | 'mean';

/** sum/prod/min/max/mean of the (mapped) elements. */
function numeric(op: NumericOp, source: Expr, fn: Lambda | null, b: Block): RExpr {
  return lowerReductionOver(op, sourceIter(source, b, b.parallel), fn, b);
}

/** A numeric reduction of the elements `source` yields, mapped by `fn` first when given. */
export function lowerReductionOver(op: NumericOp, source: Iter, fn: Lambda | null, b: Block): RExpr {
  const it = fn ? mapStage(source, fn, b) : source;
  const int = (fn ? fn.body.type : it.elem).kind === 'i64';
  const m = b.kc.module;
  const values = itemsByValue(it);
  const x = it.item === 'ref' ? '&x' : 'x';
  switch (op) {
    case 'sum':
      if (int) return it.par ? method(values, 'reduce', [closure([], lit('0')), path('i64::wrapping_add')]) : method(values, 'fold', [lit('0'), path('i64::wrapping_add')]);
      // Not `sum()`: std's f64 sum starts from -0.0, so an empty sum would be -0.0.
      if (it.par) return method(values, 'reduce', [closure([], lit('0.0')), closure(['a', 'b'], binary('+', path('a'), path('b')))]);
      return method(it.expr, 'fold', [lit('0.0'), closure(['acc', x], binary('+', path('acc'), path('x')))]);
    case 'prod':
      if (!int) return method(values, 'product::<f64>');
      return it.par ? method(values, 'reduce', [closure([], lit('1')), path('i64::wrapping_mul')]) : method(values, 'fold', [lit('1'), path('i64::wrapping_mul')]);
    case 'min':
    case 'max': {
      if (int) return method(method(values, op), 'expect', [EMPTY(op)]);
      if (it.par) return call(m.useHelper(op === 'min' ? 'par_min_f64' : 'par_max_f64'), [values]);
      const pick = path(m.useHelper(op === 'min' ? 'min_f64' : 'max_f64'));
      return method(method(values, 'reduce', [pick]), 'expect', [EMPTY(op)]);
    }
    case 'mean': {
      const floats = int ? method(it.expr, 'map', [closure([x], cast(path('x'), 'f64'))]) : values;
      return call(m.useHelper(it.par ? 'par_mean_f64' : 'mean_f64'), [floats]);
    }
  }
}

function fold(e: Extract<Expr, { k: 'fold' }>, b: Block): RExpr {
  if (b.parallel) {
    b.kc.module.degrade(
      'sequential-reduce',
      '`reduce` with an arbitrary function has no parallel form: it folds sequentially.',
      b.kc.kernel.name,
    );
  }
  const src = sourceIter(e.source, b, false);
  const init = lowerInit(e.init, b);
  const [acc, x] = e.fn.params as [Lambda['params'][0], Lambda['params'][0]];
  const inner = b.closure();
  const params = [bindParam(acc, 'value', inner), bindParam(x, itemPassing(src), inner)];
  return method(src.expr, 'fold', [init, closure(params, lowerBody(e.fn.body, inner, 'owned'))]);
}
