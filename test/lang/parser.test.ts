import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { lex } from '../../src/lang/lexer.js';
import { DEFAULT_LIMITS } from '../../src/lang/limits.js';
import { parse } from '../../src/lang/parser.js';
import { analyzeOk, bodyOf, codes, diagnosticsOf, kernel, located, show } from './helpers.js';

const body = (args: string, ret: string, src: string): string => show(bodyOf(analyzeOk(kernel(args, ret, src))));
const parseDecls = (src: string) => parse(lex(src, 1000).tokens, DEFAULT_LIMITS);

describe('parser: expressions', () => {
  test('precedence: || < && < comparison < + - < * / % < unary < postfix', () => {
    assert.equal(body('a: i64, b: i64, c: i64', 'i64', 'a + b * c - a % b / c'), '((a + (b * c)) - ((a % b) / c))');
    assert.equal(
      body('a: bool, b: bool, c: bool', 'bool', 'a || b && !c || a == b'),
      '((a || (b && !c)) || (a == b))',
    );
    assert.equal(body('a: i64, b: i64', 'bool', 'a + 1 < b * 2 && -a >= b'), '(((a + 1) < (b * 2)) && (-a >= b))');
    assert.equal(body('xs: [i64]', 'i64', '-xs[0] * xs.len()'), '(-xs[0] * xs.len())');
    assert.equal(body('a: i64, b: i64', 'i64', '(a + b) * a'), '((a + b) * a)');
  });

  test('a minus before a number literal is part of the literal', () => {
    assert.equal(body('', 'i64', '-9223372036854775808'), '-9223372036854775808');
    assert.equal(body('a: i64', 'i64', 'a - -3'), '(a - -3)');
    assert.equal(body('', 'f64', '-2.5 * 2.0'), '(-2.5 * 2.0)');
  });

  test('blocks, lets with annotations, else-if chains', () => {
    assert.equal(
      body('a: i64', 'i64', '{ let b = a * 2; let c: i64 = b + 1; if c > 10 { c } else if c > 5 { b } else { 0 } }'),
      'let b: i64 = (a * 2); let c: i64 = (b + 1); if (c > 10) { c } else { if (c > 5) { b } else { 0 } }',
    );
  });

  test('lambdas: bare, parenthesised, two params, annotated', () => {
    assert.equal(body('xs: [f64]', '[f64]', 'xs.map(x => x * 2.0)'), 'xs.map((x: f64) => (x * 2.0))');
    assert.equal(body('xs: [f64]', '[f64]', 'xs.map((x) => x)'), 'xs.map((x: f64) => x)');
    assert.equal(body('xs: [f64]', '[f64]', 'xs.map((x: f64) => x)'), 'xs.map((x: f64) => x)');
    assert.equal(body('xs: [f64]', 'f64', 'xs.reduce(0.0, (acc, x) => acc + x)'), 'xs.fold(0.0, (acc: f64, x: f64) => (acc + x))');
  });

  test('`{ ident :` starts a record literal, anything else a block', () => {
    assert.equal(body('a: i64', 'i64', '{ a }'), 'a');
    assert.equal(body('a: i64', 'i64', '{ x: a, y: 2, }.x'), 'KRow { x: a, y: 2 }.x');
  });

  test('a record literal may stand for an `if` branch or a kernel body', () => {
    assert.equal(
      body('c: bool', '{a: i64}', 'if c { a: 1 } else if !c { a: 2 } else { { a: 3 } }'),
      'if c { KRow { a: 1 } } else { if !c { KRow { a: 2 } } else { KRow { a: 3 } } }',
    );
    analyzeOk('record P { x: f64 }\nkernel k(v: f64) -> P { x: v }');
  });

  test('trailing commas in argument, field and record lists', () => {
    analyzeOk('record R { a: i64, b: f64, }\nkernel k(r: R, xs: [i64],) -> i64 { xs.zip(xs, (a, b) => a + b,).sum() + r.a }');
  });

  test('contextual keywords stay usable as names', () => {
    assert.equal(body('step: i64, desc: i64', 'i64', '{ let in = step; in + desc }'), 'let in: i64 = step; (in + desc)');
  });

  test('declarations keep their spans', () => {
    const r = parseDecls('param a: f64 = 0.5 in 0.0..1.0 step 0.1\n\nrecord R { x: i64 }\n');
    assert.deepEqual(r.diagnostics, []);
    assert.deepEqual(
      r.file.decls.map((d) => `${d.k}@${d.span.start.line}:${d.span.start.column}-${d.span.end.line}:${d.span.end.column}`),
      ['param@1:1-1:40', 'record@3:1-3:20'],
    );
  });
});

describe('parser: errors', () => {
  test('expected token / expression / declaration / type', () => {
    assert.deepEqual(located('kernel k(x: i64) -> i64 { (x + 1 }'), ['CL2001@1:34']);
    assert.deepEqual(located(kernel('x: i64', 'i64', 'x + * 2')), ['CL2002@2:7']);
    assert.deepEqual(located('let x = 1'), ['CL2003@1:1']);
    assert.deepEqual(located('kernel k(x: 5) -> i64 { 1 }'), ['CL2004@1:13']);
  });

  test('a block needs a result expression', () => {
    assert.deepEqual(located(kernel('x: i64', 'i64', '{ let y = x; }')), ['CL2005@2:16']);
    assert.deepEqual(located('kernel k() -> i64 {}'), ['CL2005@1:20']);
  });

  test('comparisons do not chain', () => {
    assert.deepEqual(located(kernel('a: i64, b: i64, c: i64', 'bool', 'a < b < c')), ['CL2006@2:9']);
  });

  test('`let` only inside a block, `if` needs `else`', () => {
    assert.deepEqual(codes(kernel('x: i64', 'i64', 'x + let y = 1')), ['CL2007']);
    assert.deepEqual(located(kernel('x: bool', 'i64', 'if x { 1 }')), ['CL2008@3:1']);
  });

  test('a `;` after the result expression is explained', () => {
    const [d] = diagnosticsOf(kernel('x: i64', 'i64', 'x;'));
    assert.equal(d?.code, 'CL2009');
    assert.match(d?.hint ?? '', /no `;`/);
  });

  test('keywords are not names', () => {
    const [d] = diagnosticsOf('kernel if() -> i64 { 1 }');
    assert.equal(d?.code, 'CL2001');
    assert.match(d?.hint ?? '', /keyword/);
  });

  test('recovery: several errors in one pass, each at its line:column', () => {
    const src = [
      'kernel a(xs: [f64]) -> f64 {', //           1
      '  let y = ;', //                             2: missing expression
      '  let z = y +* 2.0;', //                     3: missing operand
      '  xs.sum() + z', //                          4
      '}',
      'kernel b(x: i64) -> i64 { x * }', //         6: missing operand
      'record R { a: i64 b: f64 }', //              7: missing comma
      'kernel c(x: i64) -> i64 { x + }', //         8
      'kernel d(x: i64) -> i64 { unknown_name }', // 9: checker still runs
    ].join('\n');
    assert.deepEqual(located(src), ['CL2002@2:11', 'CL2002@3:14', 'CL2002@6:31', 'CL2001@7:19', 'CL2002@8:31', 'CL3001@9:27']);
  });

  test('recovery at a declaration keyword inside an unclosed kernel', () => {
    const src = 'kernel a(x: i64) -> i64 { x +\nkernel b(x: i64) -> i64 { x * 2 }\nkernel c(x: i64) -> f64 { x }';
    assert.deepEqual(located(src), ['CL2002@2:1', 'CL3027@3:27']);
  });

  test('a failed let keeps its name bound: no cascade of unknown variables', () => {
    assert.deepEqual(codes(kernel('x: i64', 'i64', '{ let y = x +; y * 2 }')), ['CL2002']);
  });

  test('missing `;` between lets is reported and parsing goes on', () => {
    assert.deepEqual(located(kernel('x: i64', 'i64', '{ let y = x let z = y; z }')), ['CL2001@2:15']);
  });
});
