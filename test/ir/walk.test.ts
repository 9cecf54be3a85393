// forEachChild must see exactly the children mapChildren rebuilds, in the same order: the
// analyses that read the IR (fusion, emitters' effect checks) rely on the first, the passes on
// the second.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../../src/lang/frontend.js';
import type { Expr } from '../../src/ir/ir.js';
import { forEachChild, forEachExpr, lambdasOf, mapChildren } from '../../src/ir/walk.js';
import { loadExamples } from '../../src/verify/corpus.js';
import { sampleCases } from '../support/gen.js';

function childrenByMap(e: Expr): Expr[] {
  const out: Expr[] = [];
  mapChildren(e, (child) => {
    out.push(child);
    return child;
  });
  return out;
}

test('forEachChild visits what mapChildren maps, for every node of the examples and 200 generated programs', () => {
  const sources = [...loadExamples().map((e) => e.source), ...sampleCases(200, 7).map((c) => c.source)];
  let nodes = 0;
  const kinds = new Set<string>();
  for (const source of sources) {
    const program = analyze(source).program;
    assert.ok(program, source);
    for (const kernel of program.kernels) {
      forEachExpr(kernel.body, (e) => {
        nodes++;
        kinds.add(e.k);
        const visited: Expr[] = [];
        const inLambdas: Expr[] = [];
        forEachChild(e, (child, inLambda) => {
          visited.push(child);
          if (inLambda) inLambdas.push(child);
        });
        assert.deepEqual(visited, childrenByMap(e), e.k);
        // Flagged as a lambda's body: exactly the bodies of the node's lambdas.
        assert.deepEqual(new Set(inLambdas), new Set(lambdasOf(e).map((l) => l.body)), e.k);
      });
    }
  }
  assert.ok(nodes > 5000, `${nodes} nodes`);
  // Every kind of node was checked at least once.
  for (const k of ['let', 'if', 'unary', 'cast', 'binary', 'call', 'record', 'field', 'index', 'range', 'map', 'map_indexed', 'filter', 'zip', 'reduce_op', 'scan', 'fold', 'sort', 'take', 'skip', 'reverse', 'group', 'aggref']) {
    assert.ok(kinds.has(k), `no ${k} node in the corpus`);
  }
});
