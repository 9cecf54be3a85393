// The runtime helpers the TypeScript emitter writes into files, executed and compared with the
// interpreter's scalar semantics on random and edge-case values.

import assert from 'node:assert/strict';
import { writeFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import fc from 'fast-check';
import { applyBuiltin, applyCast } from '../../../src/ir/interp.js';
import { compareCodePoints, compareKeys, I64_MAX, I64_MIN } from '../../../src/ir/values.js';
import { printDoc } from '../../../src/targets/doc.js';
import { isRuntimeHelper, runtimeHelper } from '../../../src/targets/typescript/helpers.js';
import { PRINT_OPTIONS } from '../../../src/targets/typescript/module.js';
import { HELPER_NAMES } from '../../../src/targets/typescript/names.js';
import { requireToolchain } from '../../../src/toolchain/require-toolchain.js';

type Fn = (...args: never[]) => unknown;

/** Every runtime helper, as emitted, transpiled and loaded as one module. */
async function loadHelpers(): Promise<Record<string, Fn>> {
  const { transform } = await import('esbuild');
  const names = HELPER_NAMES.filter(isRuntimeHelper);
  const source = `${names.map((n) => printDoc(runtimeHelper(n), PRINT_OPTIONS)).join('\n\n')}\n\nexport { ${names.join(', ')} };\n`;
  const { code } = await transform(source, { loader: 'ts', format: 'esm' });
  const dir = await mkdtemp(join(tmpdir(), 'codelive-ts-helpers-'));
  try {
    const file = join(dir, 'helpers.mjs');
    await writeFile(file, code);
    return (await import(pathToFileURL(file).href)) as Record<string, Fn>;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const call = <R>(f: Fn | undefined, ...args: unknown[]): R => (f as unknown as (...a: unknown[]) => R)(...args);

const EDGE_DOUBLES = [0, -0, 0.5, -0.5, 1.5, -1.5, 2.5, -2.5, 0.49999999999999994, -0.49999999999999994, 4503599627370497, 2 ** 63, -(2 ** 63), 2 ** 64, -(2 ** 64), 1e300, -1e300, 5e-324, NaN, Infinity, -Infinity, 1, -1];
const doubles = fc.oneof(fc.constantFrom(...EDGE_DOUBLES), fc.double());
const i64s = fc.oneof(fc.constantFrom(I64_MIN, I64_MAX, 0n, -1n, 1n), fc.bigInt({ min: I64_MIN, max: I64_MAX }));
const strings = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 6 }),
  fc.array(fc.constantFrom('a', 'B', 'é', '\uffff', '\ue000', '😀', '𝄞', ''), { maxLength: 4 }).map((xs) => xs.join('')),
);

const sign = (n: number): number => Math.sign(n) || 0;

test('emitted helpers agree with the interpreter on edge cases and random values', async (t) => {
  if (!(await requireToolchain(t, 'typescript'))) return;
  const h = await loadHelpers();
  fc.assert(
    fc.property(doubles, (x) => {
      assert.ok(Object.is(call(h.roundHalfAwayFromZero, x), applyBuiltin('round', [x])), `round(${x})`);
      assert.equal(call(h.toI64, x), applyCast('i64', x), `i64(${x})`);
    }),
    { numRuns: 2000 },
  );
  fc.assert(
    fc.property(doubles, doubles, (x, y) => {
      assert.ok(Object.is(call(h.pow, x, y), applyBuiltin('pow', [x, y])), `pow(${x}, ${y})`);
      assert.ok(Object.is(call(h.minOf, x, y), applyBuiltin('min', [x, y])), `min(${x}, ${y})`);
      assert.ok(Object.is(call(h.maxOf, x, y), applyBuiltin('max', [x, y])), `max(${x}, ${y})`);
      assert.equal(sign(call(h.compareNumbers, x, y)), compareKeys(x, y), `compare(${x}, ${y})`);
    }),
    { numRuns: 2000 },
  );
  fc.assert(
    fc.property(i64s, i64s, (a, b) => {
      assert.equal(call(h.absI64, a), applyBuiltin('abs', [a]));
      assert.equal(call(h.minOf, a, b), applyBuiltin('min', [a, b]));
      assert.equal(call(h.maxOf, a, b), applyBuiltin('max', [a, b]));
      assert.equal(sign(call(h.compareBigInts, a, b)), compareKeys(a, b));
    }),
  );
  fc.assert(
    fc.property(strings, strings, (a, b) => {
      assert.equal(sign(call(h.compareCodePoints, a, b)), compareCodePoints(a, b), `${JSON.stringify(a)} vs ${JSON.stringify(b)}`);
    }),
    { numRuns: 2000 },
  );
  for (const [a, b] of [[false, true], [true, false], [true, true]] as const) {
    assert.equal(sign(call(h.compareBooleans, a, b)), compareKeys(a, b));
  }
  assert.equal(call(h.elementAt, ['a', 'b'], 1n), 'b');
  assert.throws(() => call(h.elementAt, ['a', 'b'], 2n), /index out of bounds: the index is 2 but the length is 2/);
  assert.throws(() => call(h.elementAt, ['a'], -1n), RangeError);
});
