// `xs.group_by(key).agg(g => result)`: the elements are gathered per key into a `BTreeMap` (keys
// come out sorted, each group keeps input order), then each group is turned into its result.
// Sequentially a `for` loop fills the map; in parallel, rayon folds per-thread maps and merges
// them in order (`merge_groups`).

import type { AggSlot, Expr, Lambda } from '../../../ir/ir.js';
import { F64, I64, type Type } from '../../../lang/types.js';
import { mapChildren } from '../../../ir/walk.js';
import { block, call, cast, closure, exprStmt, forStmt, letStmt, method, path, type RExpr } from '../ast.js';
import { val, type Val } from '../forms.js';
import { isCopy } from '../types.js';
import { lowerBody, lowerReductionOver, sourceIter, type Iter } from './array.js';
import type { Block } from './context.js';
import { lowerOwned } from './scalar.js';

type Group = Extract<Expr, { k: 'group' }>;

export function lowerGroup(e: Group, b: Block, par: boolean): Iter {
  // `par` is a wish: the source decides (a sequential scan stays sequential).
  const kc = b.kc;
  const src = sourceIter(e.source, b, par);
  const param = e.key.params[0]!;
  const elem = src.elem;
  // Copy elements are stored by value, others as the items the source yields (`&T` or `T`).
  const storedRef = !isCopy(elem) && src.item === 'ref';
  const storedType = `${storedRef ? '&' : ''}${kc.rustType(elem)}`;
  const keyType = kc.rustType(e.key.body.type);
  const mapType = `BTreeMap<${keyType}, Vec<${storedType}>>`;
  kc.module.useImport('std::collections::BTreeMap');

  const groups = b.fresh('groups');
  const inner = b.closure();
  const element = elementName(param, inner, src.item);
  const pattern = isCopy(elem) && src.item === 'ref' ? `&${element}` : element;
  const keyExpr = lowerOwned(e.key.body, inner);
  const insert = method(method(method(path(groups), 'entry', [keyExpr]), 'or_default'), 'push', [path(element)]);

  if (src.par) {
    const fold = closure([`mut ${groups}: ${mapType}`, pattern], block([...inner.stmts, exprStmt(insert)], path(groups)));
    const merged = method(method(src.expr, 'fold', [path('BTreeMap::new'), fold]), 'reduce', [
      path('BTreeMap::new'),
      path(kc.module.useHelper('merge_groups')),
    ]);
    b.push(letStmt(groups, merged));
  } else {
    b.push(letStmt(`mut ${groups}`, call('BTreeMap::new', []), mapType));
    const loopSource = src.base && src.item === 'ref' ? forSource(src) : src.expr;
    b.push(forStmt(pattern, loopSource, block([...inner.stmts, exprStmt(insert)], null)));
  }
  return results(e, groups, storedRef, elem, src.par, b);
}

/** The loop variable: the key lambda's parameter, or a fresh name when the key ignores it. */
function elementName(param: Lambda['params'][0], inner: Block, item: Iter['item']): string {
  const kc = inner.kc;
  if (kc.facts.usage(param.name).count === 0) return inner.fresh('item');
  const name = inner.bindName(param.name);
  // An owned element is pushed into its group after the key is computed: the key only borrows it.
  const form = isCopy(param.type) ? 'copy' : item === 'ref' ? 'ref' : 'place';
  kc.bindings.set(param.name, { expr: path(name), form, movable: false });
  return name;
}

/** `for x in xs` over a borrowed value (`&v` for an owned place). */
function forSource(src: Iter): RExpr {
  const v = src.base!;
  return v.form === 'place' ? { k: 'unary', op: '&', arg: v.expr } : v.expr;
}

/** `groups.into_iter().map(|(key, members)| result)`, using only what the result reads. */
function results(e: Group, groups: string, storedRef: boolean, elem: Type, par: boolean, b: Block): Iter {
  const kc = b.kc;
  const inner = b.closure();
  const slotUses = countAggrefs(e.result, e.slots.length);
  const keyUsed = e.slots.some((s, i) => s.op === 'key' && slotUses[i]! > 0);
  const membersUsed = e.slots.some((s, i) => s.op !== 'key' && slotUses[i]! > 0);
  const keyName = keyUsed ? inner.fresh('key') : '_';
  const membersName = membersUsed ? inner.fresh('members') : '_';

  const members: Iter = {
    expr: storedRef ? method(method(path(membersName), 'iter'), 'copied') : method(path(membersName), 'iter'),
    item: 'ref',
    elem,
    par: false,
    indexed: true,
    dei: true,
    exact: true,
    fallible: false,
    base: null,
  };
  const slots: Val[] = e.slots.map((slot, i) => {
    const value = slotValue(slot, keyName, membersName, members, inner, slotUses[i] === 1);
    if (slotUses[i]! > 1 && value.form === 'copy' && value.expr.k !== 'path') {
      const name = inner.fresh(slot.op);
      inner.push(letStmt(name, value.expr));
      return val(path(name), slot.type, 'copy');
    }
    return value;
  });
  kc.groupSlots.push(slots);
  const body = lowerBody(e.result, inner, 'owned');
  kc.groupSlots.pop();

  // clippy's iter_kv_map: iterate only the half of the map the result uses.
  const [source, pattern] = par
    ? [method(path(groups), 'into_par_iter'), `(${keyName}, ${membersName})`]
    : !membersUsed
      ? [method(path(groups), 'into_keys'), keyName]
      : !keyUsed
        ? [method(path(groups), 'into_values'), membersName]
        : [method(path(groups), 'into_iter'), `(${keyName}, ${membersName})`];
  const identity = body.k === 'path' && body.text === keyName && !par;
  return {
    expr: identity ? source : method(source, 'map', [closure([pattern], body)]),
    item: 'value',
    elem: e.type.kind === 'array' ? e.type.elem : e.type,
    par,
    // rayon iterates a BTreeMap in order but not as an IndexedParallelIterator.
    indexed: !par,
    dei: true,
    exact: true,
    fallible: false,
    base: null,
    holdsBorrows: storedRef,
  };
}

function slotValue(slot: AggSlot, keyName: string, membersName: string, members: Iter, inner: Block, usedOnce: boolean): Val {
  switch (slot.op) {
    case 'key':
      return val(path(keyName), slot.type, 'place', usedOnce);
    case 'count':
      return val(cast(method(path(membersName), 'len'), 'i64'), I64, 'copy');
    default:
      return val(lowerReductionOver(slot.op, members, slot.fn, inner), slot.op === 'mean' ? F64 : slot.type, 'copy');
  }
}

/** How many times `e` reads each of the `slots` slots of its group (one walk for all). */
function countAggrefs(e: Expr, slots: number): number[] {
  const counts = new Array<number>(slots).fill(0);
  const visit = (x: Expr): void => {
    if (x.k === 'aggref' && x.slot < slots) counts[x.slot]!++;
    if (x.k === 'group') {
      // A nested group's result reads that group's own slots.
      visit(x.source);
      visit(x.key.body);
      for (const s of x.slots) if (s.fn) visit(s.fn.body);
      return;
    }
    mapChildren(x, (c) => {
      visit(c);
      return c;
    });
  };
  visit(e);
  return counts;
}
