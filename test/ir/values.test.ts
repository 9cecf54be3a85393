// Runtime values: JSON input, canonical output, ordering, and output comparison.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parse as parseLossless } from 'lossless-json';
import {
  compareCodePoints, compareKeys, compareValues, formatF64, InputError, parseInput, valueFromJson, valueToJson,
} from '../../src/ir/values.js';
import type { Value } from '../../src/ir/values.js';
import type { Program } from '../../src/ir/ir.js';
import { arg, arrayOf, BOOL, F64, I64, I64_MAX, I64_MIN, paramDecl, param, programOf, recordDecl, recordType, STR, bin, cast } from './build.js';

const Trade = recordType('Trade', [
  { name: 'symbol', type: STR },
  { name: 'price', type: F64 },
  { name: 'qty', type: I64 },
]);
const EMPTY: Program = { records: [recordDecl(Trade)], params: [], kernels: [] };
const fromText = (text: string, type = I64): Value => valueFromJson(parseLossless(text), type, EMPTY);

describe('valueFromJson', () => {
  test('i64 is exact across the whole range', () => {
    assert.equal(fromText('9223372036854775807'), I64_MAX);
    assert.equal(fromText('-9223372036854775808'), I64_MIN);
    assert.equal(fromText('9007199254740993'), 9007199254740993n);
    assert.equal(valueFromJson('-12', I64, EMPTY), -12n);
    assert.equal(valueFromJson(42, I64, EMPTY), 42n);
  });

  test('i64 rejects fractions, out-of-range and possibly rounded numbers', () => {
    assert.throws(() => fromText('9223372036854775808'), /outside the i64 range/);
    assert.throws(() => fromText('1.5'), /expected an i64/);
    assert.throws(() => fromText('1e3'), /expected an i64/);
    assert.throws(() => valueFromJson(2 ** 60, I64, EMPTY), /exactly/);
    assert.throws(() => valueFromJson('12a', I64, EMPTY), InputError);
    assert.throws(() => valueFromJson(true, I64, EMPTY), /expected an i64/);
  });

  test('f64 takes numbers and the names of the non-finite values', () => {
    assert.equal(fromText('1.5', F64), 1.5);
    assert.ok(Object.is(fromText('-0', F64), -0));
    assert.equal(fromText('3', F64), 3);
    assert.equal(fromText('"Infinity"', F64), Infinity);
    assert.equal(fromText('"-Infinity"', F64), -Infinity);
    assert.ok(Number.isNaN(fromText('"NaN"', F64)));
    assert.throws(() => fromText('"1.5"', F64), /expected an f64/);
  });

  test('records need exactly their declared fields, and errors name the path', () => {
    const ok = fromText('[{"qty": 2, "symbol": "A", "price": 1.5}]', arrayOf(Trade)) as Record<string, Value>[];
    assert.deepEqual(Object.keys(ok[0]!), ['symbol', 'price', 'qty']);
    assert.equal(ok[0]!['qty'], 2n);
    assert.throws(() => fromText('[{"symbol": "A", "price": 1.5}]', arrayOf(Trade)), /\$\[0\]\.qty: missing field/);
    assert.throws(() => fromText('[{"symbol": "A", "price": 1.5, "qty": 1, "x": 0}]', arrayOf(Trade)), /\$\[0\]\.x: unknown field/);
    assert.throws(() => fromText('[{"symbol": "A", "price": "1", "qty": 1}]', arrayOf(Trade)), /\$\[0\]\.price: expected an f64/);
    assert.throws(() => fromText('{"symbol": "A"}', arrayOf(Trade)), /\$: expected an array/);
    assert.throws(() => fromText('[1]', arrayOf(Trade)), /expected an object/);
  });

  test('bool and str', () => {
    assert.equal(fromText('true', BOOL), true);
    assert.equal(fromText('"\\ud83d\\ude00"', STR), '😀');
    assert.throws(() => fromText('1', BOOL), /expected a bool/);
    assert.throws(() => fromText('1', STR), /expected a string/);
  });
});

describe('valueToJson', () => {
  test('f64 is the shortest round-trip decimal; non-finite values are strings', () => {
    const cases: [number, string][] = [
      [0.1, '0.1'], [2, '2'], [-0, '-0'], [1e21, '1e+21'], [1.5e-7, '1.5e-7'], [123456789012345680000, '123456789012345680000'],
      [NaN, '"NaN"'], [Infinity, '"Infinity"'], [-Infinity, '"-Infinity"'], [5e-324, '5e-324'],
    ];
    for (const [x, text] of cases) assert.equal(valueToJson(x, F64), text);
  });

  test('i64 is exact; strings are JSON-escaped; one line without spaces', () => {
    assert.equal(valueToJson([I64_MIN, 0n, I64_MAX], arrayOf(I64)), '[-9223372036854775808,0,9223372036854775807]');
    assert.equal(valueToJson('a"b\n\u{1F600}', STR), '"a\\"b\\n😀"');
    assert.equal(valueToJson([true, false], arrayOf(BOOL)), '[true,false]');
  });

  test('records print their fields in declaration order', () => {
    const v = Object.assign(Object.create(null), { qty: 3n, price: 1, symbol: 'X' }) as Value;
    assert.equal(valueToJson([v], arrayOf(Trade)), '[{"symbol":"X","price":1,"qty":3}]');
  });

  test('f64 output round-trips to the same bits', () => {
    fc.assert(
      fc.property(fc.double(), (x) => {
        const back = fromText(valueToJson(x, F64), F64) as number;
        return Object.is(back, x);
      }),
      { numRuns: 2000 },
    );
  });

  test('i64 output round-trips', () => {
    fc.assert(fc.property(fc.bigInt({ min: I64_MIN, max: I64_MAX }), (n) => fromText(valueToJson(n, I64)) === n));
  });

  test('formatF64 spells -0 and the non-finite values', () => {
    assert.deepEqual([-0, 0, NaN, -Infinity].map(formatF64), ['-0', '0', 'NaN', '-Infinity']);
  });
});

describe('ordering', () => {
  const byCodePoints = (a: string, b: string): number => {
    const x = [...a].map((c) => c.codePointAt(0)!);
    const y = [...b].map((c) => c.codePointAt(0)!);
    for (let k = 0; k < Math.min(x.length, y.length); k++) if (x[k] !== y[k]) return x[k]! < y[k]! ? -1 : 1;
    return Math.sign(x.length - y.length);
  };

  test('compareCodePoints agrees with comparing code point sequences', () => {
    const chars = fc.constantFrom('a', 'b', '\uffff', '\ue000', '\u{10000}', '\u{1F600}', '\u{10FFFF}', 'é');
    const str = fc.array(chars, { maxLength: 5 }).map((cs) => cs.join(''));
    fc.assert(fc.property(str, str, (a, b) => compareCodePoints(a, b) === byCodePoints(a, b)), { numRuns: 3000 });
    fc.assert(fc.property(fc.string({ unit: 'grapheme' }), fc.string({ unit: 'grapheme' }), (a, b) => compareCodePoints(a, b) === byCodePoints(a, b)));
  });

  test('compareKeys: f64 with -0 == 0 and NaN last; bool false < true', () => {
    assert.equal(compareKeys(-0, 0), 0);
    assert.equal(compareKeys(NaN, Infinity), 1);
    assert.equal(compareKeys(Infinity, NaN), -1);
    assert.equal(compareKeys(NaN, NaN), 0);
    assert.equal(compareKeys(false, true), -1);
    assert.equal(compareKeys(-5n, 3n), -1);
  });
});

describe('parseInput', () => {
  const threshold = paramDecl('threshold', F64, 0.5);
  const limit = paramDecl('limit', I64, 10n);
  const body = bin('>', cast('f64', arg('n', I64)), bin('*', param('threshold', F64), arg('x', F64)));
  const program = programOf(body, { params: [threshold, limit] });

  test('reads args exactly and fills params with their defaults', () => {
    const input = parseInput('{"args": {"n": 9223372036854775807, "x": 2}, "params": {"limit": 3}}', 'main', program);
    assert.deepEqual({ ...input.args }, { n: I64_MAX, x: 2 });
    assert.deepEqual({ ...input.params }, { threshold: 0.5, limit: 3n });
    const noParams = parseInput('{"args": {"n": 1, "x": 0}}', 'main', program);
    assert.deepEqual({ ...noParams.params }, { threshold: 0.5, limit: 10n });
  });

  test('rejects missing or unknown args, unknown params and keys, and non-JSON', () => {
    assert.throws(() => parseInput('{"args": {"n": 1}}', 'main', program), /\$\.args\.x: missing argument/);
    assert.throws(() => parseInput('{"args": {"n": 1, "x": 0, "y": 1}}', 'main', program), /\$\.args\.y/);
    assert.throws(() => parseInput('{"args": {"n": 1, "x": 0}, "params": {"gain": 1}}', 'main', program), /no param `gain`/);
    assert.throws(() => parseInput('{"args": {"n": 1, "x": 0}, "extra": 1}', 'main', program), /\$\.extra: unknown key/);
    assert.throws(() => parseInput('{"args": {"n": 1, "x": 0}, "params": {"limit": 1.5}}', 'main', program), /\$\.params\.limit/);
    assert.throws(() => parseInput('[]', 'main', program), /expected an object/);
    assert.throws(() => parseInput('{', 'main', program), SyntaxError);
    assert.throws(() => parseInput('{}', 'other', program), /unknown kernel/);
  });
});

describe('compareValues', () => {
  const exact = { relative: 0 };
  const loose = { relative: 1e-9 };

  test('i64 compares exactly beyond 2^53', () => {
    assert.equal(compareValues('9007199254740993', '9007199254740993', I64, loose), null);
    assert.equal(compareValues('9007199254740993', '9007199254740992', I64, loose), '$: expected 9007199254740993, got 9007199254740992');
    assert.match(compareValues('1', '1.0', I64, loose)!, /expected 1, got 1.0/);
  });

  test('f64 within the relative tolerance, absolute near zero', () => {
    assert.equal(compareValues('1000000', '1000000.0001', F64, loose), null);
    assert.notEqual(compareValues('1000000', '1000000.01', F64, loose), null);
    assert.equal(compareValues('0', '1e-10', F64, loose), null);
    assert.notEqual(compareValues('0', '1e-8', F64, loose), null);
    assert.equal(compareValues('0', '-0', F64, exact), null);
    assert.notEqual(compareValues('0.1', '0.10000000000000002', F64, exact), null);
  });

  test('NaN equals NaN; infinities must match exactly', () => {
    assert.equal(compareValues('"NaN"', '"NaN"', F64, loose), null);
    assert.notEqual(compareValues('"NaN"', '0', F64, loose), null);
    assert.equal(compareValues('"Infinity"', '"Infinity"', F64, loose), null);
    assert.notEqual(compareValues('"Infinity"', '1e308', F64, { relative: 1 }), null);
    assert.notEqual(compareValues('"Infinity"', '"-Infinity"', F64, loose), null);
  });

  test('names the first difference by path', () => {
    const t = arrayOf(Trade);
    const e = '[{"symbol":"A","price":1.5,"qty":1},{"symbol":"B","price":2,"qty":2}]';
    assert.equal(compareValues(e, e, t, exact), null);
    assert.equal(
      compareValues(e, '[{"symbol":"A","price":1.5,"qty":1},{"symbol":"B","price":2.5,"qty":2}]', t, exact),
      '$[1].price: expected 2, got 2.5',
    );
    assert.equal(compareValues(e, '[]', t, exact), '$: expected 2 elements, got 0');
    assert.equal(
      compareValues(e, '[{"symbol":"A","price":1.5,"qty":1,"z":0},{"symbol":"B","price":2,"qty":2}]', t, exact),
      '$[0].z: unexpected field',
    );
    assert.match(compareValues(e, '[{"symbol":"A"}]', t, exact)!, /2 elements, got 1/);
    assert.match(compareValues('true', 'false', BOOL, exact)!, /expected true, got false/);
    assert.match(compareValues('"a"', '"b"', STR, exact)!, /expected "a", got "b"/);
  });

  test('reports output that is not JSON', () => {
    assert.match(compareValues('1', 'error: boom', I64, exact)!, /actual output is not JSON/);
  });
});
