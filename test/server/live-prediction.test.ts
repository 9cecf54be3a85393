import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ParamDecl } from '../../src/ir/ir.js';
import { F64, I64 } from '../../src/lang/types.js';
import { neighbours } from '../../src/server/live/prediction.js';

const span = { start: { line: 1, column: 1, offset: 0 }, end: { line: 1, column: 1, offset: 0 } } as unknown as ParamDecl['span'];

const f64 = (min: number | null, max: number | null, step: number | null): ParamDecl => ({ name: 'g', type: F64, default: 0, min, max, step, span });
const i64 = (min: bigint, max: bigint, step: bigint | null): ParamDecl => ({ name: 'n', type: I64, default: 0n, min, max, step, span });

test('the direction of travel first, then one step back, on the step grid', () => {
  assert.deepEqual(neighbours(f64(0, 10, 0.5), 2.5, 1), [3, 3.5, 2]);
  assert.deepEqual(neighbours(f64(0, 10, 0.5), 2.5, -1), [2, 1.5, 3]);
});

test('decimal steps do not drift (0.1 + 0.2)', () => {
  assert.deepEqual(neighbours(f64(0, 1, 0.1), 0.2, 1), [0.3, 0.4, 0.1]);
});

test('clamped to the declared range', () => {
  assert.deepEqual(neighbours(f64(0, 10, 0.5), 10, 1), [9.5]);
  assert.deepEqual(neighbours(i64(0n, 100n, null), 0, -1), [1]);
});

test('without a step: 1 for i64, a hundredth of the range for f64', () => {
  assert.deepEqual(neighbours(i64(0n, 100n, null), 50, 1), [51, 52, 49]);
  assert.deepEqual(neighbours(f64(0, 10, null), 5, 1), [5.1, 5.2, 4.9]);
  assert.deepEqual(neighbours(f64(null, null, null), 1, 1), [1.01, 1.02, 0.99]);
});

test('booleans flip; strings have no neighbours', () => {
  assert.deepEqual(neighbours({ ...f64(null, null, null), type: { kind: 'bool' } }, true, 1), [false]);
  assert.deepEqual(neighbours(f64(null, null, null), 'x', 1), []);
});
