// Whole-array operations: sort, take, skip, reverse and group_by(..).agg(..).

import type { Expr, ExprOf } from '../../ir/ir.js';
import { arrayOf } from '../../lang/types.js';
import { nestedBlock, type Block, type KernelContext } from './context.js';
import { applyLambda, atomize, canFail, emitExpr, type ValueOptions } from './expr.js';
import { localName } from './names.js';
import { emitParallelFeed } from './parallel.js';
import { arrayName, emitFeed, iterable } from './pipeline.js';
import {
  assign,
  call,
  emptyArray,
  END,
  exprStmt,
  forLoop,
  id,
  index,
  int,
  kw,
  lambda,
  lit,
  plus,
  range,
  typeExpr,
  type JExpr,
  type Kwarg,
} from './syntax.js';
import { elemType, juliaType } from './types.js';

export function emitCollection(cx: KernelContext, e: ExprOf<'sort' | 'take' | 'skip' | 'reverse' | 'group'>, b: Block, opts: ValueOptions): JExpr {
  switch (e.k) {
    case 'sort':
      return emitSort(cx, e, b);
    case 'take':
      return emitTake(cx, e, b);
    case 'skip':
      return emitSkip(cx, e, b);
    case 'reverse':
      return call('reverse', [emitExpr(cx, e.source, b)]);
    case 'group':
      return emitGroup(cx, e, b, opts);
  }
}

/** `first` copies at most n elements; a negative n must count as 0 (first throws for it). */
function emitTake(cx: KernelContext, e: ExprOf<'take' | 'skip'>, b: Block): JExpr {
  const source = iterable(cx, e.source, b);
  const n = e.count;
  if (n.k === 'lit' && typeof n.value === 'bigint') return call('first', [source, int(n.value < 0n ? 0 : Number(n.value))]);
  return call('first', [source, call('max', [emitExpr(cx, n, b), int(0)])]);
}

/**
 * `xs[k + 1:end]`; an empty range past the end is a valid index, so only a negative or huge n
 * needs clamping (`clamp(n, 0, end)`: `end` is the array's length inside its brackets).
 */
function emitSkip(cx: KernelContext, e: ExprOf<'take' | 'skip'>, b: Block): JExpr {
  const source = iterable(cx, e.source, b);
  const n = e.count;
  if (n.k === 'lit' && typeof n.value === 'bigint' && n.value <= 0n) return source;
  const from =
    n.k === 'lit' && typeof n.value === 'bigint' && n.value < 2n ** 52n
      ? int(Number(n.value) + 1)
      : plus(call('clamp', [atomize(emitExpr(cx, n, b), b, 'skipped'), int(0), END]), 1);
  return index(source, range(from, END));
}

/**
 * Stable sorts. i64, str and bool values that compare equal are identical, so a plain `sort`
 * needs no stable algorithm; f64 keys need `float_key_less` (isless orders -0.0 before 0.0 and
 * Julia's default puts NaN last but treats -0.0 < 0.0) and key sorts `alg = MergeSort`, both
 * stable under `rev = true` too. A key that may raise an error is computed once per element
 * first, as the interpreter does (`by` would call it per comparison, or not at all).
 */
function emitSort(cx: KernelContext, e: ExprOf<'sort'>, b: Block): JExpr {
  if (cx.parallel && !b.inLoop) cx.degrade('sequential-sort', "Julia's Base has no parallel sort: sorting runs sequentially");
  const source = emitExpr(cx, e.source, b);
  const keyType = e.key ? e.key.body.type : elemType(e.type);
  const order: Kwarg[] = [];
  if (keyType.kind === 'f64') order.push(kw('lt', id(cx.useHelper('float_key_less'))));
  if (e.desc) order.push(kw('rev', lit('true')));
  // `sort_by(x => x)` is a plain sort.
  const key = e.key && !(e.key.body.k === 'var' && e.key.body.name === e.key.params[0]!.name) ? e.key : null;
  if (key === null) {
    if (keyType.kind === 'f64') order.push(kw('alg', id('MergeSort')));
    return call('sort', [source], order);
  }
  order.push(kw('alg', id('MergeSort')));
  if (!canFail(key.body)) {
    const undo = cx.checkpoint();
    const kb = nestedBlock(b);
    const param = kb.scope.claim(localName(key.params[0]!.name));
    const body = applyLambda(cx, key, [id(param)], kb);
    if (kb.stmts.length === 0) return call('sort', [source], [kw('by', lambda([param], body)), ...order]);
    undo();
  }
  const items = atomize(source, b, arrayName(e.source));
  const keys = b.scope.claim('sort_keys');
  const itemsVar = cx.syntheticVar();
  cx.vars.set(itemsVar, items);
  const keyMap: Expr = { k: 'map', source: { k: 'var', name: itemsVar, scope: 'local', type: e.source.type }, fn: key, type: arrayOf(keyType) };
  const computed = emitExpr(cx, keyMap, b, { hint: keys });
  if (!(computed.k === 'id' && computed.name === keys)) b.stmts.push(assign(keys, computed));
  return index(items, call('sortperm', [id(keys)], order));
}

/**
 * A dictionary from key to members (input order kept), then one result per key in ascending
 * key order (`sort!` of strings is by code point). Aggregates are computed per group before the
 * result, as the interpreter does. In parallel, each chunk fills its own dictionary (merged in
 * chunk order, so members keep input order) and the groups are aggregated on all threads.
 */
function emitGroup(cx: KernelContext, e: ExprOf<'group'>, b: Block, opts: ValueOptions): JExpr {
  const parallel = cx.parallel && !b.inLoop;
  const elem = juliaType(elemType(e.source.type), cx.file);
  const members = typeExpr(`Vector{${elem}}`);
  const dict = call(typeExpr(`Dict{${juliaType(e.key.body.type, cx.file)}, Vector{${elem}}}`), []);
  const insert = (into: string) => (value: JExpr, lb: Block): void => {
    const member = atomize(value, lb, localName(e.key.params[0]!.name));
    const key = applyLambda(cx, e.key, [member], lb);
    lb.stmts.push(exprStmt(call('push!', [call('get!', [members, id(into), key]), member])));
  };
  const groups = parallel ? mergedGroups(cx, e, b, dict, members, insert) : b.scope.claim('groups');
  if (!parallel) {
    b.stmts.push(assign(groups, dict));
    emitFeed(cx, e.source, b, localName(e.key.params[0]!.name), insert(groups));
  }
  const rowType = juliaType(elemType(e.type), cx.file);
  const rows = opts.hint ?? b.scope.claim('rows');
  const sortedKeys = call('sort!', [call('collect', [call('keys', [id(groups)])])]);
  const lb = nestedBlock(b);
  if (!parallel) {
    b.stmts.push(assign(rows, emptyArray(rowType)));
    const key = lb.scope.claim(keyName(e));
    const row = aggregate(cx, e, lb, id(groups), id(key));
    lb.stmts.push(exprStmt(call('push!', [id(rows), row])));
    b.stmts.push(forLoop(key, sortedKeys, lb.stmts));
    return id(rows);
  }
  const keys = b.scope.claim(`${keyName(e)}s`);
  b.stmts.push(assign(keys, sortedKeys), assign(rows, call(typeExpr(`Vector{${rowType}}`), [id('undef'), call('length', [id(keys)])])));
  const j = lb.scope.claim('j');
  const key = lb.scope.claim(keyName(e));
  lb.stmts.push(assign(key, index(id(keys), id(j))));
  const row = aggregate(cx, e, lb, id(groups), id(key));
  lb.stmts.push(assign(index(id(rows), id(j)), row));
  b.stmts.push(forLoop(j, call('eachindex', [id(keys)]), lb.stmts, true));
  return id(rows);
}

/** Per-chunk dictionaries, then one merged in chunk order; returns its name. */
function mergedGroups(
  cx: KernelContext,
  e: ExprOf<'group'>,
  b: Block,
  dict: JExpr,
  members: JExpr,
  insert: (into: string) => (value: JExpr, lb: Block) => void,
): string {
  let part = '';
  const tasks = emitParallelFeed(
    cx,
    e.source,
    b,
    (task) => {
      part = task.scope.claim('part');
      task.stmts.push(assign(part, dict));
      return id(part);
    },
    (value, lb) => insert(part)(value, lb),
  );
  const groups = b.scope.claim('groups');
  b.stmts.push(assign(groups, dict));
  const outer = nestedBlock(b);
  const partVar = outer.scope.claim('part');
  const inner = nestedBlock(outer);
  const key = inner.scope.claim(keyName(e));
  const found = inner.scope.claim('members');
  inner.stmts.push(exprStmt(call('append!', [call('get!', [members, id(groups), id(key)]), id(found)])));
  outer.stmts.push(forLoop(`(${key}, ${found})`, id(partVar), inner.stmts));
  b.stmts.push(forLoop(partVar, call(id('fetch.'), [tasks]), outer.stmts));
  return groups;
}

/** One group's result: its members, the aggregate slots, then the result expression. */
function aggregate(cx: KernelContext, e: ExprOf<'group'>, lb: Block, groups: JExpr, key: JExpr): JExpr {
  const members = lb.scope.claim('members');
  lb.stmts.push(assign(members, index(groups, key)));
  const membersVar = cx.syntheticVar();
  cx.vars.set(membersVar, id(members));
  cx.nonEmpty.add(membersVar);
  const membersExpr: Expr = { k: 'var', name: membersVar, scope: 'local', type: e.source.type };
  const names = slotNames(e);
  const slots = e.slots.map((slot, i): JExpr => {
    if (slot.op === 'key') return key;
    if (slot.op === 'count') return call('length', [id(members)]);
    const name = lb.scope.claim(names.get(i) ?? SLOT_NAMES[slot.op]);
    const reduce: Expr = { k: 'reduce_op', op: slot.op, source: membersExpr, fn: slot.fn, type: slot.type };
    const value = emitExpr(cx, reduce, lb, { hint: name });
    if (!(value.k === 'id' && value.name === name)) lb.stmts.push(assign(name, value));
    return id(name);
  });
  cx.groups.push(slots);
  const row = emitExpr(cx, e.result, lb);
  cx.groups.pop();
  return row;
}

const SLOT_NAMES = { sum: 'total', min: 'lowest', max: 'highest', mean: 'average' } as const;

/** `t => t.symbol` names the key `symbol`; any other key is `key`. */
function keyName(e: ExprOf<'group'>): string {
  const body = e.key.body;
  return body.k === 'field' ? localName(body.name) : 'key';
}

/** A slot used directly as a field of the result record is named after that field. */
function slotNames(e: ExprOf<'group'>): Map<number, string> {
  const names = new Map<number, string>();
  if (e.result.k !== 'record') return names;
  for (const f of e.result.fields) {
    if (f.value.k === 'aggref' && !names.has(f.value.slot)) names.set(f.value.slot, localName(f.name));
  }
  return names;
}
