// The shape of Go renders: what the emitter promises beyond "it compiles and runs" (which
// toolchain.test.ts checks): one loop per pipeline, no closures for map/filter, statements
// instead of temporaries, honest degradation, the program harness, determinism.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { EXAMPLES_DIR } from '../../../src/verify/corpus.js';
import { renderGo } from './harness.js';
import { SNIPPETS } from './snippets.js';

const example = (name: string): string => readFileSync(`${EXAMPLES_DIR}${name}.live`, 'utf8');
const snippet = (name: string): string => SNIPPETS.find((s) => s.name === name)!.source;
const count = (text: string, re: RegExp): number => text.match(re)?.length ?? 0;

/** The source of one Go function, from its `func` line to its closing brace. */
function goFunc(code: string, name: string): string {
  const start = code.indexOf(`func ${name}(`);
  assert.ok(start >= 0, `no func ${name} in:\n${code}`);
  return code.slice(start, code.indexOf('\n}\n', start) + 2);
}

test('a filter/map/sum chain is one loop with the lambdas inlined, params after args', () => {
  const code = renderGo(example('score')).code;
  const score = goFunc(code, 'Score');
  assert.match(score, /^func Score\(xs \[\]float64, threshold, gain float64\) float64 \{/);
  assert.equal(count(score, /\bfor\b/g), 1);
  assert.equal(count(score, /func\(/g), 0, 'no closures');
  assert.match(score, /total \+= x \* gain/);
});

test('records are exported structs whose json tags keep the source names', () => {
  const code = renderGo(example('inventory')).code;
  assert.match(code, /type Item struct \{\n\tSku {7}string {2}`json:"sku"`\n/);
  assert.match(code, /\tUnitCost {2}float64 `json:"unit_cost"`/);
  assert.match(code, /func StockByWarehouse\(items \[\]Item\) \[\]StockByWarehouseRow \{/);
});

test('let-bound if-expressions assign a declared variable, with else-if chains', () => {
  const grades = goFunc(renderGo(snippet('control')).code, 'Grades');
  assert.match(grades, /var label string\n\t\tif y > 150\.0 \{\n\t\t\tlabel = "high"\n\t\t\} else if y > 100\.0 \{/);
});

test('`&&` whose right side is a pipeline stays lazy: the pipeline runs only when needed', () => {
  const guarded = goFunc(renderGo(snippet('control')).code, 'Guarded');
  assert.match(guarded, /^\tif len\(xs\) <= 0 \{\n\t\treturn false\n\t\}/m);
});

test('identifiers that are Go keywords, builtins or package names are escaped', () => {
  const code = renderGo(snippet('keywords')).code;
  assert.match(code, /type Chan struct/);
  assert.match(code, /func Map\(string_ \[\]Chan, math_, range_, len_ int64\) \[\]MapRow \{/);
  assert.match(code, /fmt_ := math_ \+ len_/);
  assert.match(code, /var_ := c\.Func \* fmt_/);
  assert.match(code, /func Interface\(panic_ \[\]int64, nil_ int64\) int64/);
});

test('only the helpers and imports a render uses are emitted', () => {
  const plain = renderGo(example('score')).code;
  assert.doesNotMatch(plain, /^import/m);
  assert.doesNotMatch(plain, /func (absInt64|toInt64|parallelChunks)/);
  const ints = renderGo(example('integers')).code;
  assert.match(ints, /^func absInt64\(x int64\) int64 \{/m);
  assert.doesNotMatch(ints, /^func toInt64/m);
});

test('parallel renders chunk loops over goroutines and report what stays sequential', () => {
  const score = renderGo(example('score'), { parallel: true });
  assert.match(score.code, /parallelChunks\(len\(xs\), chunks, func\(c, lo, hi int\) \{/);
  assert.match(score.code, /^\t"sync"$/m);
  assert.equal(score.degraded, false);

  const finance = renderGo(example('finance'), { parallel: true });
  assert.equal(finance.degraded, true);
  assert.deepEqual(
    finance.reasons.map((r) => `${r.kernel}: ${r.code}`),
    ['max_drawdown: sequential-scan'],
  );
  const folds = renderGo(example('integers'), { parallel: true });
  assert.ok(folds.reasons.some((r) => r.code === 'sequential-reduce' && r.kernel === 'rolling_hash'));
  const sorts = renderGo(example('stats'), { parallel: true });
  assert.ok(sorts.reasons.some((r) => r.code === 'sequential-sort' && r.kernel === 'median'));

  const counted = renderGo(snippet('groups'), { parallel: true });
  assert.ok(counted.reasons.some((r) => r.code === 'sequential-indexed' && r.kernel === 'indexed_groups'));

  const sequential = renderGo(example('finance'));
  assert.equal(sequential.degraded, false);
  assert.doesNotMatch(sequential.code, /parallelChunks|go func/);
});

test('program mode is package main with func main reading args and defaulted params', () => {
  const code = renderGo(example('finance'), { mode: 'program', entry: 'amortization' }).code;
  assert.match(code, /^package main$/m);
  assert.match(code, /^func main\(\) \{$/m);
  const main = goFunc(code, 'main');
  assert.match(main, /in\.arg\("principal", &principal\)/);
  assert.match(main, /years := int64\(10\)\n\tin\.param\("years", &years\)/);
  assert.match(main, /printJSON\(Amortization\(principal, rate, years\)\)/);

  const baked = renderGo(example('finance'), { mode: 'program', entry: 'amortization', params: 'baked', paramValues: { years: 2n } }).code;
  assert.doesNotMatch(baked, /in\.param/);
  assert.match(baked, /^func Amortization\(principal float64\) \[\]AmortizationRow \{/m);
});

test('rendering is deterministic', () => {
  for (const s of SNIPPETS) {
    for (const parallel of [false, true]) {
      assert.equal(renderGo(s.source, { parallel }).code, renderGo(s.source, { parallel }).code, s.name);
    }
  }
});
