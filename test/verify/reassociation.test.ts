import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../../src/lang/frontend.js';
import { isReassociationSensitive } from '../../src/verify/reassociation.js';

function sensitive(body: string, args = 'xs: [f64]', ret = 'f64'): boolean {
  const { program, diagnostics } = analyze(`kernel k(${args}) -> ${ret} {\n  ${body}\n}\n`);
  assert.deepEqual(diagnostics, []);
  return isReassociationSensitive(program!.kernels[0]!);
}

test('a reassociated sum on its own only differs in the last bits', () => {
  assert.equal(sensitive('xs.sum()'), false);
  assert.equal(sensitive('xs.map(x => x % 0.5).sum()'), false, 'the discontinuity acts on elements, before the sum');
  assert.equal(sensitive('xs.len()', 'xs: [f64]', 'i64'), false);
});

test('a discontinuous operation on a reassociated value is sensitive', () => {
  assert.equal(sensitive('xs.prod() % 0.5'), true);
  assert.equal(sensitive('floor(xs.mean())'), true);
  assert.equal(sensitive('i64(xs.sum())', 'xs: [f64]', 'i64'), true);
  assert.equal(sensitive('xs.filter(x => x > xs.mean()).len()', 'xs: [f64]', 'i64'), true);
  assert.equal(sensitive('{ let s = xs.sum(); if s > 1.0 { 1.0 } else { 0.0 } }'), true, 'through a let');
});

test('integer reductions are exact in any order', () => {
  assert.equal(sensitive('xs.sum() % 7', 'xs: [i64]', 'i64'), false);
});

test('group sums feed the same analysis', () => {
  const body = 'xs.group_by(x => x > 0.0).agg(g => { k: g.key, v: round(g.sum(x => x)) })';
  assert.equal(sensitive(body, 'xs: [f64]', '[{k: bool, v: f64}]'), true);
  const plain = 'xs.group_by(x => x > 0.0).agg(g => { k: g.key, v: g.sum(x => x) })';
  assert.equal(sensitive(plain, 'xs: [f64]', '[{k: bool, v: f64}]'), false);
});

test('sorting by a reassociated key may reorder ties', () => {
  assert.equal(sensitive('xs.sort_by(x => x * xs.sum())', 'xs: [f64]', '[f64]'), true);
});
