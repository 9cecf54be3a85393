import { test } from 'node:test';
import assert from 'node:assert/strict';
import { camelCase, Namer, pascalCase, snakeCase, suffixUnderscore } from '../../src/targets/names.js';

const rules = { reserved: new Set(['type', 'fn', 'match']), escape: suffixUnderscore };

test('case conversions', () => {
  assert.equal(camelCase('volume_by_symbol'), 'volumeBySymbol');
  assert.equal(pascalCase('volume_by_symbol'), 'VolumeBySymbol');
  assert.equal(snakeCase('volumeBySymbol'), 'volume_by_symbol');
  assert.equal(pascalCase('xs'), 'Xs');
});

test('reserved words are escaped', () => {
  const n = new Namer(rules);
  assert.equal(n.name('type'), 'type_');
  assert.equal(n.name('fn'), 'fn_');
  assert.equal(n.name('type'), 'type_', 'the same source name maps to the same target name');
});

test('names that collide after conversion get distinct suffixes', () => {
  const n = new Namer(rules);
  assert.equal(n.name('a_b', camelCase), 'aB');
  assert.equal(n.name('aB', camelCase), 'aB2');
  assert.equal(n.name('type'), 'type_');
  assert.equal(n.name('type_'), 'type_2', 'a source name equal to an escaped one must not collide');
});

test('generated names avoid names claimed in enclosing scopes', () => {
  const outer = new Namer(rules);
  outer.name('result');
  const inner = outer.child();
  assert.equal(inner.claim('result'), 'result2');
  assert.equal(inner.name('result'), 'result', 'lookups see the enclosing scope');
});
