// Whole-array operations: sort/sort_by, take/skip, reverse and group_by(..).agg(..).
//
// Arrays are values in the kernel language, so an operation that reorders must not touch its
// input: it works on a copy unless its operand is a slice this render has just built.

import type { Expr, ExprOf, Lambda } from '../../ir/ir.js';
import type { Type } from '../../lang/types.js';
import { canPanic, lambdaCanPanic } from './analysis.js';
import type { Block, Elem, Lowerer, ValueOptions } from './context.js';
import { isAtomic, mentions, nameFor, typed } from './literals.js';
import { countsAfterFilter, emitLoop, prepareSource, type Prepared, type StepContext } from './loop.js';
import { localName } from './names.js';
import { emitChunked, stagesOf } from './pipeline.js';
import {
  assign,
  binary,
  call,
  callSel,
  define,
  exprStmt,
  ident,
  ifStmt,
  index,
  lit,
  ret,
  selector,
  sliceExpr,
  typeExpr,
  varDecl,
  type GoExpr,
  type GoStmt,
} from './syntax.js';

/** Node kinds whose Go value is a slice this render allocated (so it may be reordered in place). */
function isFresh(e: Expr): boolean {
  return ['map', 'map_indexed', 'filter', 'zip', 'scan', 'range', 'sort', 'group', 'reverse'].includes(e.k);
}

/** A slice we may reorder: the operand itself when fresh, else a clone (named for the result). */
function ownedSlice(L: Lowerer, source: Expr, b: Block, opts: ValueOptions, name: string): GoExpr {
  if (isFresh(source)) {
    const s = L.value(source, b, opts);
    if (s.k === 'ident') return s;
    const v = opts.target ?? b.claim(opts.suggest ?? name);
    b.push(define(v, s));
    return ident(v);
  }
  const s = L.value(source, b);
  const v = opts.target ?? b.claim(opts.suggest ?? name);
  b.push(define(v, callSel(L.file.pkgName('slices'), 'Clone', s)));
  return ident(v);
}

// ---------------------------------------------------------------------------------------------
// sort

export function emitSort(L: Lowerer, e: ExprOf<'sort'>, b: Block, opts: ValueOptions): GoExpr {
  if (L.file.parallel && L.loopDepth === 0) {
    L.file.degrade('sequential-sort', 'Sorting has no parallel form here: rendered with the sequential stable sort of package slices.', L.kernelName);
  }
  const elemType = (e.type as Extract<Type, { kind: 'array' }>).elem;
  const T = L.file.goType(elemType);
  const slices = L.file.pkgName('slices');
  if (e.key === null) {
    const s = ownedSlice(L, e.source, b, opts, 'sorted');
    if (!e.desc && (elemType.kind === 'i64' || elemType.kind === 'str')) {
      // Equal ints or strings are indistinguishable, so an unstable sort is exact.
      b.push(exprStmt(callSel(slices, 'Sort', s)));
    } else if (!e.desc) {
      b.push(exprStmt(callSel(slices, 'SortStableFunc', s, ident(compareFn(L, elemType)))));
    } else {
      b.push(exprStmt(callSel(slices, 'SortStableFunc', s, comparator(L, b, T, (x) => x, elemType, true))));
    }
    return s;
  }
  const key = e.key;
  const keyType = key.body.type;
  // A key that is a plain expression runs inside the comparator; one that needs statements, or can
  // fail, is computed once per element first, in input order, as the interpreter does.
  const probe = b.child();
  const param = key.params[0]!;
  L.bindLocal(param.name, ident('a'));
  L.value(key.body, probe);
  if (probe.stmts.length === 0 && !canPanic(key.body)) {
    const s = ownedSlice(L, e.source, b, opts, 'sorted');
    const keyOf = (x: GoExpr): GoExpr => {
      L.bindLocal(param.name, x);
      return L.value(key.body, b);
    };
    b.push(exprStmt(callSel(slices, 'SortStableFunc', s, comparator(L, b, T, keyOf, keyType, e.desc))));
    return s;
  }
  return decoratedSort(L, e, key, b, opts, T);
}

function compareFn(L: Lowerer, t: Type): string {
  if (t.kind === 'f64') return L.file.use('compareFloat64');
  if (t.kind === 'bool') return L.file.use('compareBool');
  return `${L.file.pkgName('cmp')}.Compare`;
}

/** `func(a, b T) int { return compare(key(a), key(b)) }` (arguments swapped for desc). */
function comparator(L: Lowerer, b: Block, T: string, keyOf: (x: GoExpr) => GoExpr, keyType: Type, desc: boolean): GoExpr {
  const scope = b.child();
  const a = scope.claim('a');
  const c = scope.claim('b');
  const [x, y] = desc ? [keyOf(ident(c)), keyOf(ident(a))] : [keyOf(ident(a)), keyOf(ident(c))];
  return {
    k: 'func',
    params: [
      { name: a, type: T },
      { name: c, type: T },
    ],
    result: 'int',
    body: [ret(call(compareFn(L, keyType), x, y))],
  };
}

function decoratedSort(L: Lowerer, e: ExprOf<'sort'>, key: Lambda, b: Block, opts: ValueOptions, T: string): GoExpr {
  const keyType = key.body.type;
  const source = L.value(e.source, b);
  const s = isAtomic(source) ? source : bindTo(b, 'items', source);
  const pairType = b.claim(`keyed${capitalize(T.replace(/^\[\]/, ''))}`);
  b.push({
    k: 'struct',
    name: pairType,
    fields: [
      { name: 'key', type: L.file.goType(keyType), tag: null },
      { name: 'value', type: T, tag: null },
    ],
  });
  const keyed = b.claim('keyed');
  b.push(define(keyed, call('make', typeExpr(`[]${pairType}`), call('len', s))));
  emitLoop(
    L,
    { kind: 'slice', slice: s },
    [],
    b,
    (elem, body, ctx) => {
      const x = L.bindParam(key.params[0]!, elem, body, false);
      const k = L.value(key.body, body);
      body.push(assign(index(ident(keyed), ctx.position()), { k: 'composite', type: pairType, elems: [{ key: 'key', value: k }, { key: 'value', value: x.expr }] }));
    },
    { elemParam: key.params[0]!.name, position: true },
  );
  const cmpKey = (x: GoExpr): GoExpr => selector(x, 'key');
  b.push(exprStmt(callSel(L.file.pkgName('slices'), 'SortStableFunc', ident(keyed), comparator(L, b, pairType, cmpKey, keyType, e.desc))));
  const out = opts.target ?? b.claim(opts.suggest ?? 'sorted');
  b.push(define(out, call('make', typeExpr(`[]${T}`), call('len', ident(keyed)))));
  const scope = b.child();
  const i = scope.claim('i');
  const pair = scope.claim('pair');
  b.push({ k: 'range', key: i, value: pair, x: ident(keyed), body: [assign(index(ident(out), ident(i)), selector(ident(pair), 'value'))] });
  return ident(out);
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function bindTo(b: Block, name: string, value: GoExpr): GoExpr {
  const v = b.claim(name);
  b.push(define(v, value));
  return ident(v);
}

// ---------------------------------------------------------------------------------------------
// take, skip, reverse

export function emitTakeSkip(L: Lowerer, e: ExprOf<'take' | 'skip'>, b: Block): GoExpr {
  const [source, count] = L.values([e.source, e.count], b, [undefined, 'n']);
  const s = isAtomic(source!) ? source! : bindTo(b, nameFor(e.source), source!);
  const length = call('len', s);
  let n: GoExpr;
  if (e.count.k === 'lit' && typeof e.count.value === 'bigint') {
    if (e.count.value <= 0n) n = lit('0');
    else n = call('min', lit(e.count.value.toString()), length);
  } else n = call(L.file.use('clampCount'), typed(count!, e.count.type), length);
  if (e.k === 'skip' && n.k === 'lit') return s;
  return e.k === 'take' ? sliceExpr(s, null, n) : sliceExpr(s, n, null);
}

export function emitReverse(L: Lowerer, e: ExprOf<'reverse'>, b: Block, opts: ValueOptions): GoExpr {
  const s = ownedSlice(L, e.source, b, opts, 'reversed');
  b.push(exprStmt(callSel(L.file.pkgName('slices'), 'Reverse', s)));
  return s;
}

// ---------------------------------------------------------------------------------------------
// group_by(..).agg(..)

/**
 * Groups are built as `map[K][]T` (members in input order), their keys sorted, and each group
 * aggregated in key order: the interpreter's order, so every sum adds in the same order.
 */
export function emitGroup(L: Lowerer, e: ExprOf<'group'>, b: Block, opts: ValueOptions): GoExpr {
  const keyParam = e.key.params[0]!;
  const K = L.file.goType(e.key.body.type);
  const T = L.file.goType(keyParam.type);
  let parallel = L.file.parallel && L.loopDepth === 0;

  // Members by key. A key that can fail next to stages that can fail would interleave two
  // errors: then the stages run to completion first.
  let { source, stages } = stagesOf(e.source);
  const stagePanics = stages.some((s) => lambdaCanPanic(s.fn)) || (source.kind === 'zip' && lambdaCanPanic(source.fn));
  if (stagePanics && lambdaCanPanic(e.key)) {
    source = { kind: 'slice', expr: L.value(e.source, b), elem: keyParam.type };
    stages = [];
  }
  if (parallel && countsAfterFilter(L, stages)) {
    L.file.degrade(
      'sequential-indexed',
      '`map_indexed` after a `filter` numbers elements by a running count: the grouping loop is sequential.',
      L.kernelName,
    );
    parallel = false;
  }
  const prepared = prepareSource(L, source, b);
  const groups = b.claim('groups');
  const mapType = `map[${K}][]${T}`;
  const bucket = (into: string) => (elem: Elem, body: Block): void => {
    const x = L.bindParam(keyParam, elem, body, false);
    let k = L.value(e.key.body, body);
    if (!isAtomic(k)) k = bindTo(body, 'key', typed(k, e.key.body.type));
    body.push(assign(index(ident(into), k), call('append', index(ident(into), k), x.expr)));
  };
  if (parallel) {
    const parts = b.claim('parts');
    emitChunked(
      L,
      prepared,
      stages,
      b,
      { elemParam: keyParam.name },
      (chunks) => [define(parts, call('make', typeExpr(`[]${mapType}`), chunks))],
      ({ c, body, loop }) => {
        const part = body.claim('part');
        body.push(define(part, call('make', typeExpr(mapType))));
        loop(bucket(part));
        body.push(assign(index(ident(parts), ident(c)), ident(part)));
      },
    );
    b.push(define(groups, call('make', typeExpr(mapType))));
    const scope = b.child();
    const part = scope.claim('part');
    const inner = scope.child();
    const key = inner.claim('key');
    const members = inner.claim('members');
    const merge: GoStmt = {
      k: 'range',
      key,
      value: members,
      x: ident(part),
      body: [assign(index(ident(groups), ident(key)), { k: 'call', fn: ident('append'), args: [index(ident(groups), ident(key)), ident(members)], spread: true })],
    };
    b.push({ k: 'range', key: null, value: part, x: ident(parts), body: [merge] });
  } else {
    b.push(define(groups, call('make', typeExpr(mapType))));
    emitLoop(L, prepared, stages, b, bucket(groups), { elemParam: keyParam.name });
  }

  const slices = L.file.pkgName('slices');
  const keysOf = callSel(L.file.pkgName('maps'), 'Keys', ident(groups));
  const keys = b.claim('keys');
  b.push(
    define(
      keys,
      e.key.body.type.kind === 'bool' ? callSel(slices, 'SortedFunc', keysOf, ident(L.file.use('compareBool'))) : callSel(slices, 'Sorted', keysOf),
    ),
  );

  const R = L.file.goType((e.type as Extract<Type, { kind: 'array' }>).elem);
  const rows = opts.target ?? b.claim(opts.suggest ?? 'rows');
  b.push(define(rows, call('make', typeExpr(`[]${R}`), call('len', ident(keys)))));
  const names = slotNames(e);
  const keyName = names.find((_, i) => e.slots[i]!.op === 'key') ?? 'key';
  const step = (elem: Elem, body: Block, ctx: StepContext): void => {
    const group = body.claim('group');
    const members = define(group, index(ident(groups), elem.expr));
    body.push(members);
    const values = aggregate(L, e, names, ident(group), elem.expr, body);
    const row = L.withSlots(values, () => L.value(e.result, body));
    body.push(assign(index(ident(rows), ctx.position()), row));
    // Only the key may be read (or nothing): then the members are not needed.
    if (!mentions(body.stmts.slice(body.stmts.indexOf(members) + 1), group)) body.stmts.splice(body.stmts.indexOf(members), 1);
  };
  const keysSource: Prepared = { kind: 'slice', slice: ident(keys) };
  if (parallel) emitChunked(L, keysSource, [], b, { elemName: keyName }, () => [], ({ loop }) => loop(step, true));
  else emitLoop(L, keysSource, [], b, step, { elemName: keyName, position: true });
  return ident(rows);
}

/** Names for the slots: the result field a slot fills, else the aggregate's name. */
function slotNames(e: ExprOf<'group'>): string[] {
  const byField = new Map<number, string>();
  if (e.result.k === 'record') {
    for (const f of e.result.fields) if (f.value.k === 'aggref' && !byField.has(f.value.slot)) byField.set(f.value.slot, f.name);
  }
  const fallback = { key: 'key', count: 'count', sum: 'total', min: 'lowest', max: 'highest', mean: 'mean' } as const;
  return e.slots.map((s, i) => localName(byField.get(i) ?? fallback[s.op]));
}

/**
 * The slot values of one group, as Go expressions. Sums, minima, maxima and means share one loop
 * over the group's members unless two of their lambdas can fail (the interpreter computes slot
 * after slot, which would then decide which error comes first).
 */
function aggregate(L: Lowerer, e: ExprOf<'group'>, names: readonly string[], group: GoExpr, key: GoExpr, b: Block): GoExpr[] {
  const values: GoExpr[] = [];
  const looped: { slot: number; name: string; fn: Lambda; op: 'sum' | 'min' | 'max' | 'mean'; type: Type }[] = [];
  e.slots.forEach((s, i) => {
    if (s.op === 'key') values[i] = key;
    else if (s.op === 'count') values[i] = call('int64', call('len', group));
    else looped.push({ slot: i, name: names[i]!, fn: s.fn!, op: s.op, type: s.type });
  });
  const failing = looped.filter((s) => lambdaCanPanic(s.fn)).length;
  const batches = failing >= 2 ? looped.map((s) => [s]) : looped.length > 0 ? [looped] : [];
  for (const batch of batches) {
    const vars = batch.map((s) => {
      const name = b.claim(s.op === 'mean' ? `${s.name}Sum` : s.name);
      b.push(varDecl(name, s.op === 'mean' ? 'float64' : L.file.goType(s.type)));
      return name;
    });
    emitLoop(
      L,
      { kind: 'slice', slice: group },
      [],
      b,
      (elem, body, ctx) => {
        batch.forEach((s, j) => {
          L.bindParam(s.fn.params[0]!, elem, body, true);
          let v = L.value(s.fn.body, body);
          const acc = vars[j]!;
          switch (s.op) {
            case 'sum':
              body.push(assign(acc, v, '+='));
              break;
            case 'mean':
              body.push(assign(acc, s.fn.body.type.kind === 'i64' ? call('float64', v) : v, '+='));
              break;
            case 'min':
            case 'max':
              if (!isAtomic(v)) v = bindTo(body, 'v', typed(v, s.type));
              body.push(ifStmt(binary('||', binary('==', ctx.position(), lit('0')), binary(s.op === 'min' ? '<' : '>', v, ident(acc))), [assign(acc, v)]));
              break;
          }
        });
      },
      { elemParam: batch[0]!.fn.params[0]!.name, position: batch.some((s) => s.op === 'min' || s.op === 'max') },
    );
    batch.forEach((s, j) => {
      if (s.op === 'mean') {
        const mean = b.claim(s.name);
        b.push(define(mean, binary('/', ident(vars[j]!), call('float64', call('len', group)))));
        values[s.slot] = ident(mean);
      } else values[s.slot] = ident(vars[j]!);
    });
  }
  return values;
}
