import { test } from 'node:test';
import assert from 'node:assert/strict';
import { IrHasher, jobKey, renderKey, sourceKey } from '../../src/server/keys.js';
import { DEFAULT_FLAGS } from '../../src/targets/target.js';

test('IR keys are stable 128-bit hex digests of the canonical text', async () => {
  const hasher = await IrHasher.create();
  const a = hasher.irKey('kernel f() -> i64\n  body: lit 1 : i64\n');
  assert.match(a, /^[0-9a-f]{32}$/);
  assert.equal(hasher.irKey('kernel f() -> i64\n  body: lit 1 : i64\n'), a);
  assert.notEqual(hasher.irKey('kernel f() -> i64\n  body: lit 2 : i64\n'), a);
});

test('source key: param values are canonical in order but not in value', () => {
  const a = sourceKey('src', 'baked', { a: 1, b: true });
  assert.equal(sourceKey('src', 'baked', { b: true, a: 1 }), a);
  assert.notEqual(sourceKey('src', 'baked', { a: 2, b: true }), a);
  assert.notEqual(sourceKey('src', 'runtime', { a: 1, b: true }), a);
  assert.notEqual(sourceKey('src', 'baked', { a: '1', b: true }), a, 'the string "1" is not the number 1');
  assert.notEqual(sourceKey('src ', 'baked', { a: 1, b: true }), a, 'the exact text matters at this level');
});

test('render key depends on the IR key, the target and every flag', () => {
  const base = renderKey('ir', 'rust', DEFAULT_FLAGS);
  const variants = [
    renderKey('ir2', 'rust', DEFAULT_FLAGS),
    renderKey('ir', 'go', DEFAULT_FLAGS),
    renderKey('ir', 'rust', { ...DEFAULT_FLAGS, parallel: true }),
    renderKey('ir', 'rust', { ...DEFAULT_FLAGS, params: 'baked' }),
    renderKey('ir', 'rust', { ...DEFAULT_FLAGS, mode: 'program' }),
    renderKey('ir', 'rust', { ...DEFAULT_FLAGS, mode: 'program', entry: 'main' }),
    renderKey('ir', 'rust', { ...DEFAULT_FLAGS, dialect: 'sqlite' }),
  ];
  assert.equal(new Set([base, ...variants]).size, variants.length + 1);
});

test('the free-form field comes last, so fields cannot be shifted into each other', () => {
  const withEntry = (entry: string) => renderKey('ir', 'rust', { ...DEFAULT_FLAGS, entry });
  assert.notEqual(withEntry('a\u0000sqlite'), renderKey('ir', 'rust', { ...DEFAULT_FLAGS, dialect: 'sqlite', entry: 'a' }));
  assert.notEqual(jobKey('s', 'rust', DEFAULT_FLAGS), jobKey('s', 'go', DEFAULT_FLAGS));
  assert.notEqual(jobKey('s', 'rust', DEFAULT_FLAGS), jobKey('t', 'rust', DEFAULT_FLAGS));
});
