// `xs.group_by(key).agg(g => result)`: one loop collects each key's members in a Map (fused with
// the map/filter stages before it), then the groups are visited in ascending key order, the
// aggregates computed in one loop over each group's members, and `result` pushed.
//
//   const groups = new Map<string, Trade[]>();
//   for (const t of trades) { ...groups.get(t.symbol)?.push(t) or set... }
//   const result: Row[] = [];
//   for (const [key, members] of [...groups].sort(([a], [b]) => compareCodePoints(a, b))) {
//     let volume = 0;
//     for (const t of members) { volume += t.price * Number(t.qty); }
//     result.push({ symbol: key, volume, n: BigInt(members.length) });
//   }

import type { AggSlot, Expr, ExprOf, Lambda } from '../../ir/ir.js';
import { arrayOf } from '../../lang/types.js';
import { pipelineFor } from './analysis.js';
import { comparator } from './collections.js';
import type { Block, Emitter } from './context.js';
import { camelCase } from '../names.js';
import { arraySource, asF64, emitLoop, prepareSource } from './pipeline.js';
import { bigintOfCount, wrapI64 } from './scalar.js';
import {
  arrayLit,
  arrowWith,
  assignStmt,
  bigintLit,
  binary,
  call,
  constStmt,
  exprStmt,
  forOfStmt,
  ident,
  ifStmt,
  index,
  letStmt,
  member,
  methodCall,
  newExpr,
  numberLit,
  spreadCopy,
  type Js,
} from './syntax.js';

export function groupExpr(em: Emitter, e: ExprOf<'group'>, block: Block, target?: string): Js {
  const elemType = e.key.params[0]!.type;
  const p = pipelineFor(e.source);
  const fused = p !== null && p.sink.kind === 'collect';
  const source = fused ? prepareSource(em, p.source, block) : arraySource(em.value(e.source, block));

  const groups = em.claim('groups');
  const mapType = `Map<${em.type(e.key.body.type)}, ${em.type(arrayOf(elemType), true)}>`;
  block.push(constStmt(groups, newExpr(mapType, [])));
  emitLoop(em, source, fused ? p.stages : [], {
    param: e.key.params[0]!.name,
    inline: false,
    consume: (elem, body) => {
      const item = wrapI64(elem);
      let key = wrapI64(em.apply(e.key, [item], body));
      if (!key.simple) key = hoist(em, 'key', key, body);
      const members = em.claim('members');
      body.push(constStmt(members, methodCall(ident(groups), 'get', [key])));
      body.push(
        ifStmt(
          ident(members),
          [exprStmt(methodCall(ident(members), 'push', [item]))],
          [exprStmt(methodCall(ident(groups), 'set', [key, arrayLit([item])]))],
        ),
      );
    },
  }, block);

  const result = target ?? em.claim('result');
  block.push(constStmt(result, arrayLit([]), em.type(e.type, true)));
  em.scoped(() => {
    const key = em.claim('key');
    const members = em.claim('members');
    const body: Block = [];
    const slots = aggregates(em, e, key, members, body);
    em.withSlots(slots, () => em.into(e.result, { kind: 'push', array: result }, body));
    const byKey = em.scoped(() => {
      const a = em.claim('a');
      const b = em.claim('b');
      return arrowWith(`([${a}], [${b}])`, call(comparator(em, e.key.body.type), [ident(a), ident(b)]));
    });
    const sorted = methodCall(spreadCopy(ident(groups)), 'sort', [byKey]);
    block.push(forOfStmt(`[${key}, ${members}]`, sorted, body));
  });
  return { ...ident(result), fresh: true };
}

function hoist(em: Emitter, preferred: string, value: Js, block: Block): Js {
  const name = em.claim(preferred);
  block.push(constStmt(name, value));
  return ident(name);
}

type LoopSlot = AggSlot & { readonly op: 'sum' | 'mean' | 'min' | 'max'; readonly fn: Lambda };

/**
 * The value of every slot for the current group. key and count need no loop; sum, mean, min and
 * max share one loop over the members (a group is never empty, so min/max start from the first).
 */
function aggregates(em: Emitter, e: ExprOf<'group'>, key: string, members: string, body: Block): Js[] {
  const length = member(ident(members), 'length');
  const accumulators = new Map<number, string>();
  const looped: { slot: LoopSlot; acc: string }[] = [];
  e.slots.forEach((slot, i) => {
    if (slot.op === 'key' || slot.op === 'count' || slot.fn === null) return;
    const acc = em.claim(slot.op === 'mean' ? 'total' : (fieldNamed(e.result, i) ?? slot.op));
    accumulators.set(i, acc);
    const s = slot as LoopSlot;
    looped.push({ slot: s, acc });
    if (s.op === 'min' || s.op === 'max') {
      const first = wrapI64(em.apply(s.fn, [index(ident(members), numberLit(0))], body));
      body.push(letStmt(acc, first, em.letType(first, s.type)));
    } else if (s.op === 'sum' && s.type.kind === 'i64') {
      body.push(letStmt(acc, bigintLit(0n)));
    } else {
      body.push(letStmt(acc, numberLit(0)));
    }
  });

  if (looped.length > 0) {
    em.scoped(() => {
      const elem = em.claimLocal(looped[0]!.slot.fn.params[0]!.name);
      const loop: Block = [];
      for (const { slot, acc } of looped) accumulate(em, slot, acc, ident(elem), loop);
      body.push(forOfStmt(elem, ident(members), loop));
    });
  }

  return e.slots.map((slot, i) => {
    if (slot.op === 'key') return ident(key);
    if (slot.op === 'count') return bigintOfCount(length);
    const acc = ident(accumulators.get(i)!);
    return slot.op === 'mean' ? binary('/', acc, length) : acc;
  });
}

function accumulate(em: Emitter, slot: LoopSlot, acc: string, elem: Js, loop: Block): void {
  const value = em.apply(slot.fn, [elem], loop);
  switch (slot.op) {
    case 'sum':
      if (slot.type.kind === 'i64') loop.push(assignStmt(acc, wrapI64({ ...binary('+', ident(acc), value), unwrapped: true })));
      else loop.push(assignStmt(acc, value, '+='));
      return;
    case 'mean':
      loop.push(assignStmt(acc, asF64(slot.fn.body.type, value), '+='));
      return;
    case 'min':
    case 'max': {
      let v = wrapI64(value);
      if (!v.simple) v = hoist(em, 'value', v, loop);
      loop.push(ifStmt(binary(slot.op === 'min' ? '<' : '>', v, ident(acc)), [assignStmt(acc, v)]));
      return;
    }
  }
}

/** The result field that is exactly slot `i` (`volume: g.sum(...)`), to name its accumulator. */
function fieldNamed(result: Expr, i: number): string | null {
  if (result.k !== 'record') return null;
  const field = result.fields.find((f) => f.value.k === 'aggref' && f.value.slot === i);
  return field === undefined ? null : camelCase(field.name);
}
