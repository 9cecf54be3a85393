import { test } from 'node:test';
import assert from 'node:assert/strict';
import { exportedName, localName, packageNamer, RESERVED } from '../../../src/targets/go/names.js';

test('Go casing with initialisms', () => {
  assert.equal(exportedName('volume_by_symbol'), 'VolumeBySymbol');
  assert.equal(exportedName('user_id'), 'UserID');
  assert.equal(exportedName('http_url'), 'HTTPURL');
  assert.equal(localName('page_no'), 'pageNo');
  assert.equal(localName('id_count'), 'idCount');
  assert.equal(localName('max_json_size'), 'maxJSONSize');
});

test('keywords, predeclared names, imported packages and helpers are escaped', () => {
  const scope = packageNamer();
  for (const word of ['type', 'func', 'range', 'go', 'chan', 'select', 'map', 'len', 'string', 'int64', 'math', 'slices', 'append', 'nil', 'absInt64', 'main']) {
    assert.ok(RESERVED.has(word), word);
    assert.equal(scope.claim(word), `${word}_`);
  }
});

test('names claimed in sibling scopes may repeat, nested ones may not', () => {
  const fn = packageNamer().child();
  const loop1 = fn.child();
  const loop2 = fn.child();
  assert.equal(loop1.claim('x'), 'x');
  assert.equal(loop2.claim('x'), 'x');
  assert.equal(loop1.child().claim('x'), 'x2');
});
