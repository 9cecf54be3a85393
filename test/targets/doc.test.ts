import { test } from 'node:test';
import assert from 'node:assert/strict';
import { group, hardline, indent, join, line, list, printDoc, softline, type Doc } from '../../src/targets/doc.js';

const call = (name: string, args: string[]): Doc => [name, list('(', args, ')')];

test('a group that fits prints flat', () => {
  assert.equal(printDoc(call('f', ['a', 'b']), { width: 80, indent: '  ' }), 'f(a, b)');
});

test('a group that does not fit breaks one item per line with a trailing comma', () => {
  const out = printDoc(call('f', ['alpha', 'beta', 'gamma']), { width: 10, indent: '  ' });
  assert.equal(out, 'f(\n  alpha,\n  beta,\n  gamma,\n)');
});

test('maxFlatWidth breaks a group that would fit the line', () => {
  const chain = group(['xs', indent([softline, '.iter()', softline, '.sum()'])], { maxFlatWidth: 10 });
  assert.equal(printDoc(chain, { width: 100, indent: '    ' }), 'xs\n    .iter()\n    .sum()');
  const roomy = group(['xs', indent([softline, '.iter()', softline, '.sum()'])], { maxFlatWidth: 60 });
  assert.equal(printDoc(roomy, { width: 100, indent: '    ' }), 'xs.iter().sum()');
});

test('a hard line breaks every enclosing group', () => {
  const doc = group(['{', indent([line, 'a', hardline, 'b']), line, '}']);
  assert.equal(printDoc(doc, { width: 80, indent: '\t' }), '{\n\ta\n\tb\n}');
});

test('text after a group counts toward whether it fits', () => {
  const doc = [group(['(', indent([softline, 'abc']), softline, ')']), ' + tail'];
  assert.equal(printDoc(doc, { width: 8, indent: ' ' }), '(\n abc\n) + tail');
  assert.equal(printDoc(doc, { width: 12, indent: ' ' }), '(abc) + tail');
});

test('blank lines carry no trailing indentation', () => {
  const doc = indent(['a', hardline, hardline, 'b']);
  assert.equal(printDoc(['x', doc], { width: 80, indent: '    ' }), 'xa\n\n    b');
});

test('deeply nested documents print without overflowing the stack', () => {
  let doc: Doc = 'x';
  for (let i = 0; i < 100_000; i++) doc = group(['(', doc, ')']);
  const out = printDoc(doc, { width: 80, indent: ' ' });
  assert.equal(out.length, 200_001);
});

test('join separates items', () => {
  assert.equal(printDoc(join(', ', ['a', 'b', 'c']), { width: 80, indent: ' ' }), 'a, b, c');
});
