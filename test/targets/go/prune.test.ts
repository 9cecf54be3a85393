import { test } from 'node:test';
import assert from 'node:assert/strict';
import { printDoc } from '../../../src/targets/doc.js';
import { statements } from '../../../src/targets/go/printer.js';
import { pruneUnused } from '../../../src/targets/go/prune.js';
import { assign, binary, define, ident, ifStmt, lit, ret, varDecl, type GoStmt } from '../../../src/targets/go/syntax.js';

const show = (stmts: readonly GoStmt[]): string => printDoc(statements(stmts), { width: 100, indent: '\t' });

test('an unread variable goes, keeping the errors its value could raise', () => {
  const out = pruneUnused([define('q', binary('/', ident('a'), ident('b'))), define('r', binary('+', ident('a'), lit('1'))), ret(ident('a'))]);
  assert.equal(show(out), '_ = a / b\nreturn a');
});

test('a variable that is only written is removed with its writes, to a fixed point', () => {
  const loop: GoStmt = {
    k: 'range',
    key: null,
    value: 'x',
    x: ident('xs'),
    body: [assign('total', ident('x'), '+='), ifStmt(binary('>', ident('x'), lit('0')), [assign('seen', ident('x'))])],
  };
  const out = pruneUnused([varDecl('total', 'float64'), varDecl('seen', 'float64'), loop, ret(lit('0'))]);
  assert.equal(show(out), 'for range xs {\n}\nreturn 0');
});

test('read variables stay', () => {
  const stmts = [define('t', ident('a')), ret(ident('t'))];
  assert.deepEqual(pruneUnused(stmts), stmts);
});
