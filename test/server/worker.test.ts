import { test } from 'node:test';
import assert from 'node:assert/strict';
import { coerceParamValues } from '../../src/server/pool/worker.js';

test('i64 params take JSON integers and decimal strings within range; the rest is left for compile() to judge', () => {
  const types = new Map([
    ['n', 'i64'],
    ['big', 'i64'],
    ['over', 'i64'],
    ['frac', 'i64'],
    ['x', 'f64'],
    ['on', 'bool'],
  ]);
  assert.deepEqual(
    coerceParamValues({ n: 3, big: '9223372036854775807', over: '9223372036854775808', frac: 1.5, x: 2, on: true }, types),
    { n: 3n, big: 9223372036854775807n, over: '9223372036854775808', frac: 1.5, x: 2, on: true },
  );
});
