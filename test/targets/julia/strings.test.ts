// String literals: the emitted literal must denote exactly the source string in Julia, where
// `$` starts an interpolation and `\u` reads up to four hex digits.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { stringText } from '../../../src/targets/julia/literals.js';
import { checkJuliaSyntax } from '../../../src/toolchain/julia.js';
import { assertParses, renderJulia } from './support.js';

/**
 * What a Julia string literal denotes, following Julia's lexer for the escapes it has (and
 * failing on an unescaped `$`, which would interpolate).
 */
function juliaStringValue(literal: string): string {
  assert.ok(literal.startsWith('"') && literal.endsWith('"') && literal.length >= 2, `not a string literal: ${literal}`);
  const body = [...literal.slice(1, -1)];
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]!;
    if (ch === '"') assert.fail(`unescaped quote in ${literal}`);
    if (ch === '$') assert.fail(`unescaped $ (an interpolation) in ${literal}`);
    if (ch !== '\\') {
      out += ch;
      continue;
    }
    const e = body[++i];
    const simple: Record<string, string> = { '\\': '\\', '"': '"', $: '$', n: '\n', t: '\t', r: '\r' };
    if (e !== undefined && e in simple) {
      out += simple[e];
    } else if (e === 'u') {
      let hex = '';
      while (hex.length < 4 && /[0-9a-fA-F]/.test(body[i + 1] ?? '')) hex += body[++i];
      assert.ok(hex.length > 0, `\\u without digits in ${literal}`);
      out += String.fromCodePoint(parseInt(hex, 16));
    } else {
      assert.fail(`escape \\${e ?? ''} not expected in ${literal}`);
    }
  }
  return out;
}

test('quotes, backslashes and $ are escaped', () => {
  assert.equal(stringText('say "hi"'), '"say \\"hi\\""');
  assert.equal(stringText('C:\\temp\\'), '"C:\\\\temp\\\\"');
  assert.equal(stringText('costs $5, $(x), ${y}'), '"costs \\$5, \\$(x), \\${y}"');
});

test('control characters use four-digit \\u escapes, so a following hex digit is not swallowed', () => {
  assert.equal(stringText('\u{1}1'), '"\\u00011"');
  assert.equal(stringText('\u{7f}a\u{85}'), '"\\u007fa\\u0085"');
  assert.equal(stringText('a\tb\nc\rd'), '"a\\tb\\nc\\rd"');
  assert.equal(juliaStringValue(stringText('\u{1}1')), '\u{1}1');
});

test('printable unicode stays as it is', () => {
  assert.equal(stringText('é😀ｚ'), '"é😀ｚ"');
});

const tricky = fc.constantFrom('"', '\\', '$', '(', '{', 'u', '0', 'f', '1', '\n', '\t', '\r', '\u0001', '\u007f', '\u0085', '\u2028', '😀', 'é');
const anyScalar = fc
  .integer({ min: 0, max: 0x10ffff })
  .filter((cp) => cp < 0xd800 || cp > 0xdfff)
  .map((cp) => String.fromCodePoint(cp));

test('every string round-trips through a Julia literal and the literal parses', () => {
  fc.assert(
    fc.property(fc.string({ unit: fc.oneof(tricky, anyScalar), maxLength: 24 }), (s) => {
      const literal = stringText(s);
      assert.equal(juliaStringValue(literal), s);
      assert.deepEqual(checkJuliaSyntax(`x = ${literal}\n`), []);
    }),
    { numRuns: 300 },
  );
});

test('a rendered kernel returns exactly the source string', () => {
  const value = 'a "quoted" \\ path, $5 and $(x) \u{1}1 é😀';
  const source = `kernel s() -> str { ${JSON.stringify(value).replace(/\\u0001/g, '\\u{1}')} }`;
  for (const mode of ['function', 'program'] as const) {
    const code = renderJulia(source, { mode }).code;
    assertParses(code, mode);
    const literal = /return (".*")$/m.exec(code)?.[1];
    assert.ok(literal, code);
    assert.equal(juliaStringValue(literal), value);
  }
});
