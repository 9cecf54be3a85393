import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { decodeSource, lex } from '../../src/lang/lexer.js';
import { codes, kernel, located } from './helpers.js';

const kinds = (src: string): string[] => lex(src, 1000).tokens.map((t) => t.kind);
const lexCodes = (src: string): string[] => lex(src, 1000).diagnostics.map((d) => d.code);

describe('lexer', () => {
  test('keywords, identifiers, punctuation and comments', () => {
    assert.deepEqual(kinds('kernel k(x: [f64]) -> f64 { x.sum() } # done'), [
      'kernel', 'ident', '(', 'ident', ':', '[', 'ident', ']', ')', '->', 'ident', '{',
      'ident', '.', 'ident', '(', ')', '}', 'eof',
    ]);
    assert.deepEqual(kinds('a && b || !c == d != e <= f >= g => h'), [
      'ident', '&&', 'ident', '||', '!', 'ident', '==', 'ident', '!=', 'ident', '<=', 'ident', '>=', 'ident', '=>', 'ident', 'eof',
    ]);
    assert.deepEqual(kinds('in step desc asc'), ['ident', 'ident', 'ident', 'ident', 'eof']);
  });

  test('numbers: ints, floats with dot or exponent, and int ranges', () => {
    const toks = lex('1 2.5 2.5e-3 1e10 7E+2 1..5 0.0..1.0', 100).tokens;
    assert.deepEqual(
      toks.map((t) => [t.kind, t.value]),
      [
        ['int', 1n], ['float', 2.5], ['float', 2.5e-3], ['float', 1e10], ['float', 700],
        ['int', 1n], ['..', undefined], ['int', 5n],
        ['float', 0], ['..', undefined], ['float', 1], ['eof', undefined],
      ],
    );
  });

  test('strings decode escapes', () => {
    const [t] = lex(String.raw`"a\n\t\r\\\"\u{1F600}é"`, 10).tokens;
    assert.equal(t?.kind, 'str');
    assert.equal(t?.value, 'a\n\t\r\\"\u{1F600}é');
  });

  test('columns count code points and lines are 1-based', () => {
    const toks = lex('"😀😀" x\n  y\r\nz', 10).tokens;
    assert.deepEqual(
      toks.map((t) => `${t.span.start.line}:${t.span.start.column}`),
      ['1:1', '1:6', '2:3', '3:1', '3:2'],
    );
    assert.equal(toks[1]?.span.start.offset, 7, 'offsets stay UTF-16');
  });

  test('lexical errors have their own codes', () => {
    assert.deepEqual(lexCodes('a @ b'), ['CL1001']);
    assert.deepEqual(lexCodes('a & b'), ['CL1001']);
    assert.deepEqual(lexCodes('"abc'), ['CL1002']);
    assert.deepEqual(lexCodes('"abc\nx"'), ['CL1002', 'CL1002']);
    assert.deepEqual(lexCodes(String.raw`"\q"`), ['CL1003']);
    assert.deepEqual(lexCodes(String.raw`"\u{110000}"`), ['CL1003']);
    assert.deepEqual(lexCodes(String.raw`"\u{}"`), ['CL1003']);
    assert.deepEqual(lexCodes(String.raw`"\u{D800}"`), ['CL1004']);
    assert.deepEqual(lexCodes('x \uD800 y'), ['CL1004']);
    assert.deepEqual(lexCodes('"\uDC00"'), ['CL1004']);
    assert.deepEqual(lexCodes('# comment \uD83D\n'), ['CL1004']);
    assert.deepEqual(lexCodes('1e999'), ['CL1006']);
    assert.deepEqual(lexCodes('1e'), ['CL1008']);
    assert.deepEqual(lexCodes('12abc'), ['CL1008']);
  });

  test('the lexer keeps going after an error', () => {
    const r = lex('a @ b ~ c', 100);
    assert.deepEqual(r.diagnostics.map((d) => d.span?.start.column), [3, 7]);
    assert.deepEqual(r.tokens.map((t) => t.text), ['a', 'b', 'c', '']);
  });

  test('integer literal range is checked with its sign', () => {
    assert.deepEqual(codes(kernel('', 'i64', '9223372036854775808')), ['CL1005']);
    assert.deepEqual(codes(kernel('', 'i64', '99999999999999999999999')), ['CL1005']);
    assert.deepEqual(codes(kernel('', 'i64', '-9223372036854775809')), ['CL1005']);
    assert.deepEqual(located(kernel('', 'i64', '1 + 9223372036854775808')), ['CL1005@2:7']);
  });

  test('a float literal must be finite', () => {
    assert.deepEqual(located(kernel('', 'f64', '1e999')), ['CL1006@2:3']);
  });
});

describe('decodeSource', () => {
  test('decodes UTF-8 and drops a BOM', () => {
    const r = decodeSource(new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode('x = "é"')]));
    assert.deepEqual(r, { source: 'x = "é"' });
  });

  test('rejects invalid UTF-8 with the position of the first bad byte', () => {
    for (const bad of [[0xff], [0xc0, 0x80], [0xed, 0xa0, 0x80], [0xe2, 0x82]]) {
      const bytes = new Uint8Array([...new TextEncoder().encode('ab\né'), ...bad, 0x41]);
      const r = decodeSource(bytes);
      assert.ok('diagnostic' in r, `rejects ${bad}`);
      assert.equal(r.diagnostic.code, 'CL1007');
      assert.equal(r.diagnostic.span?.start.line, 2);
      assert.equal(r.diagnostic.span?.start.column, 2);
    }
  });
});
