// Whole-array operations: sort, take, skip, reverse and indexing. They never mutate an array the
// code does not own: a fresh array (just built by a map, filter, loop or slice) is sorted or
// reversed in place, anything else is copied first.

import type { ExprOf } from '../../ir/ir.js';
import type { Type } from '../../lang/types.js';
import { isPureKey, pipelineFor } from './analysis.js';
import type { Block, Emitter } from './context.js';
import type { HelperName } from './names.js';
import { arraySource, emitLoop, prepareSource } from './pipeline.js';
import { wrapI64 } from './scalar.js';
import { arrayLit, arrow, call, constStmt, exprStmt, ident, member, methodCall, numberLit, objectLit, spreadCopy, type Js } from './syntax.js';

/** The helper that orders sort keys of type `t` (docs/language.md, "Sorting"). */
export function comparator(em: Emitter, t: Type): string {
  const helper: HelperName =
    t.kind === 'f64' ? 'compareNumbers' : t.kind === 'i64' ? 'compareBigInts' : t.kind === 'str' ? 'compareCodePoints' : 'compareBooleans';
  return em.use(helper);
}

function owned(xs: Js): Js {
  return xs.fresh ? xs : spreadCopy(xs);
}

export function sortExpr(em: Emitter, e: ExprOf<'sort'>, block: Block): Js {
  if (e.source.type.kind !== 'array') throw new Error('sort of a non-array');
  const elem = e.source.type.elem;
  const key = e.key;
  if (key === null) {
    const compare = comparator(em, elem);
    const xs = owned(em.value(e.source, block));
    return { ...methodCall(xs, 'sort', [ident(compare)]), fresh: true };
  }
  const compare = comparator(em, key.body.type);
  if (isPureKey(key.body)) {
    const xs = owned(em.value(e.source, block));
    // Stable in both directions: `desc` swaps the comparison, so equal keys keep their order.
    const cmp = em.scoped(() => {
      const a = em.claim('a');
      const b = em.claim('b');
      const scratch: Block = [];
      const ka = wrapI64(em.apply(key, [ident(a)], scratch));
      const kb = wrapI64(em.apply(key, [ident(b)], scratch));
      if (scratch.length > 0) throw new Error('internal: a pure sort key needed statements');
      return arrow([a, b], call(compare, e.desc ? [kb, ka] : [ka, kb]));
    });
    return { ...methodCall(xs, 'sort', [cmp]), fresh: true };
  }
  return decoratedSort(em, e, compare, block);
}

/**
 * A key that can fail or needs statements is computed once per element, as the interpreter
 * does, then the pairs are sorted: `keyed.sort(...)`, `keyed.map((entry) => entry.value)`.
 */
function decoratedSort(em: Emitter, e: ExprOf<'sort'>, compare: string, block: Block): Js {
  const key = e.key!;
  const p = pipelineFor(e.source);
  const source = p !== null && p.sink.kind === 'collect' ? prepareSource(em, p.source, block) : arraySource(em.value(e.source, block));
  const stages = p !== null && p.sink.kind === 'collect' ? p.stages : [];
  const keyed = em.claim('keyed');
  const elemType = key.params[0]!.type;
  block.push(constStmt(keyed, arrayLit([]), `{ key: ${em.type(key.body.type)}; value: ${em.type(elemType)} }[]`));
  emitLoop(em, source, stages, {
    param: key.params[0]!.name,
    inline: false,
    consume: (elem, body) => {
      const k = wrapI64(em.apply(key, [elem], body));
      const entry = objectLit([{ key: 'key', value: k }, { key: 'value', value: wrapI64(elem) }]);
      body.push(exprStmt(methodCall(ident(keyed), 'push', [entry])));
    },
  }, block);
  const cmp = em.scoped(() => {
    const a = em.claim('a');
    const b = em.claim('b');
    const [ka, kb] = [member(ident(a), 'key'), member(ident(b), 'key')];
    return arrow([a, b], call(compare, e.desc ? [kb, ka] : [ka, kb]));
  });
  block.push(exprStmt(methodCall(ident(keyed), 'sort', [cmp])));
  const entry = em.scoped(() => em.claim('entry'));
  return { ...methodCall(ident(keyed), 'map', [arrow([entry], member(ident(entry), 'value'))]), fresh: true };
}

/** take/skip: a count past the end is clamped by `slice`; a negative count means 0. */
export function sliceExpr(em: Emitter, e: ExprOf<'take' | 'skip'>, block: Block): Js {
  const xs = em.value(e.source, block);
  const n = em.value(e.count, block);
  let count: Js;
  if (e.count.k === 'lit') count = numberLit(Math.max(0, Number(e.count.value as bigint)));
  else if (n.asNumber !== undefined) count = n.asNumber;
  else count = call('Math.max', [numberLit(0), call('Number', [n])]);
  const args = e.k === 'take' ? [numberLit(0), count] : [count];
  return { ...methodCall(xs, 'slice', args), fresh: true };
}

export function reverseExpr(em: Emitter, e: ExprOf<'reverse'>, block: Block): Js {
  return { ...methodCall(owned(em.value(e.source, block)), 'reverse', []), fresh: true };
}

export function indexExpr(em: Emitter, e: ExprOf<'index'>, block: Block): Js {
  const xs = em.value(e.target, block);
  const i = em.value(e.index, block);
  return call(em.use('elementAt'), [xs, i]);
}
