import { test } from 'node:test';
import assert from 'node:assert/strict';
import { KeyHasher } from '../../src/server/keys.js';
import { DEFAULT_FLAGS } from '../../src/targets/target.js';

const keys = await KeyHasher.create();

test('keys are stable 128-bit hex digests', () => {
  const a = keys.sourceKey('kernel f() -> i64 { 1 }', 'runtime', {});
  assert.match(a, /^[0-9a-f]{32}$/);
  assert.equal(keys.sourceKey('kernel f() -> i64 { 1 }', 'runtime', {}), a);
});

test('field boundaries matter: moving text between fields changes the key', () => {
  assert.notEqual(keys.hash(['ab', 'c']), keys.hash(['a', 'bc']));
  assert.notEqual(keys.hash(['a\0', 'b']), keys.hash(['a', '\0b']));
});

test('source key: param values are canonical in order but not in value', () => {
  const a = keys.sourceKey('src', 'baked', { a: 1, b: true });
  assert.equal(keys.sourceKey('src', 'baked', { b: true, a: 1 }), a);
  assert.notEqual(keys.sourceKey('src', 'baked', { a: 2, b: true }), a);
  assert.notEqual(keys.sourceKey('src', 'runtime', { a: 1, b: true }), a);
  assert.notEqual(keys.sourceKey('src', 'baked', { a: '1', b: true }), a, 'the string "1" is not the number 1');
});

test('render key depends on the IR key, the target and every flag', () => {
  const base = keys.renderKey('ir', 'rust', DEFAULT_FLAGS);
  const variants = [
    keys.renderKey('ir2', 'rust', DEFAULT_FLAGS),
    keys.renderKey('ir', 'go', DEFAULT_FLAGS),
    keys.renderKey('ir', 'rust', { ...DEFAULT_FLAGS, parallel: true }),
    keys.renderKey('ir', 'rust', { ...DEFAULT_FLAGS, params: 'baked' }),
    keys.renderKey('ir', 'rust', { ...DEFAULT_FLAGS, mode: 'program' }),
    keys.renderKey('ir', 'rust', { ...DEFAULT_FLAGS, mode: 'program', entry: 'main' }),
    keys.renderKey('ir', 'rust', { ...DEFAULT_FLAGS, dialect: 'sqlite' }),
  ];
  assert.equal(new Set([base, ...variants]).size, variants.length + 1);
});
