import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { analyze } from '../../src/lang/frontend.js';
import { DEFAULT_LIMITS } from '../../src/lang/limits.js';
import { kernel } from './helpers.js';

/** Analyses `source` and returns the diagnostic codes, failing if it took longer than `ms`. */
function timedCodes(source: string, limits = {}, ms = 2000): string[] {
  const start = performance.now();
  const r = analyze(source, limits);
  const elapsed = performance.now() - start;
  assert.ok(elapsed < ms, `took ${elapsed.toFixed(0)} ms`);
  assert.equal(r.program, null);
  return r.diagnostics.map((d) => d.code);
}

const repeat = (s: string, n: number): string => s.repeat(n);

describe('limits', () => {
  test('defaults', () => {
    assert.deepEqual(DEFAULT_LIMITS, { maxSourceBytes: 262144, maxNestingDepth: 256, maxKernels: 64, maxTokens: 50_000 });
  });

  test('1 MB of source', () => {
    assert.deepEqual(timedCodes(`# ${'x'.repeat(1 << 20)}\n`), ['CL4001']);
  });

  test('the size limit counts UTF-8 bytes', () => {
    const src = `# ${'é'.repeat(150_000)}\n`; // 150k UTF-16 units, 300k bytes
    assert.deepEqual(timedCodes(src), ['CL4001']);
    assert.equal(analyze(src, { maxSourceBytes: 400_000 }).diagnostics.length, 0);
  });

  test('10 000 nested parentheses', () => {
    assert.deepEqual(timedCodes(kernel('x: i64', 'i64', `${repeat('(', 10_000)}x${repeat(')', 10_000)}`)), ['CL4002']);
  });

  test('10 000 nested blocks', () => {
    assert.deepEqual(timedCodes(kernel('x: i64', 'i64', `${repeat('{ ', 10_000)}x${repeat(' }', 10_000)}`)), ['CL4002']);
  });

  test('deep trees built without brackets: operator chains, unary chains, method chains, else-if chains', () => {
    const big = { maxTokens: 1_000_000 };
    assert.deepEqual(timedCodes(kernel('x: i64', 'i64', `x${repeat(' + x', 20_000)}`), big), ['CL4002']);
    assert.deepEqual(timedCodes(kernel('x: bool', 'bool', `${repeat('!', 20_000)}x`), big), ['CL4002']);
    assert.deepEqual(timedCodes(kernel('x: i64', 'i64', `${repeat('- ', 20_000)}x`), big), ['CL4002']);
    assert.deepEqual(timedCodes(kernel('xs: [i64]', 'i64', `xs${repeat('.reverse()', 10_000)}.len()`), big), ['CL4002']);
    assert.deepEqual(timedCodes(kernel('xs: [i64]', 'i64', `xs${repeat('[0]', 10_000)}`), big), ['CL4002']);
    assert.deepEqual(timedCodes(kernel('x: i64', 'i64', `${repeat('if x > 0 { x } else ', 5_000)}{ x }`), big), ['CL4002']);
    assert.deepEqual(timedCodes(kernel('xs: [i64]', 'i64', `xs.map(${repeat('x => ', 5_000)}x).len()`), big), ['CL4002']);
    assert.deepEqual(timedCodes(`kernel k(x: ${repeat('[', 10_000)}i64${repeat(']', 10_000)}) -> i64 { 1 }`, big), ['CL4002']);
    assert.deepEqual(timedCodes(kernel('', 'i64', `${repeat('{ a: ', 10_000)}1${repeat(' }', 10_000)}`), big), ['CL4002']);
  });

  test('nesting within the limit is fine, one level past it is not', () => {
    const nested = (n: number): string => kernel('x: i64', 'i64', `${repeat('(', n)}x${repeat(')', n)}`);
    assert.equal(analyze(nested(240)).diagnostics.length, 0);
    assert.deepEqual(timedCodes(nested(300)), ['CL4002']);
    assert.equal(analyze(nested(300), { maxNestingDepth: 400 }).diagnostics.length, 0);
  });

  test('even a huge nesting limit does not crash the front end', () => {
    const src = kernel('x: i64', 'i64', `${repeat('(', 100_000)}x${repeat(')', 100_000)}`);
    assert.deepEqual(timedCodes(src, { maxNestingDepth: 1_000_000, maxTokens: 1_000_000 }, 10_000), ['CL4002']);
  });

  test('100 kernels', () => {
    const src = Array.from({ length: 100 }, (_, i) => `kernel k${i}(x: i64) -> i64 { x + ${i} }`).join('\n');
    assert.deepEqual(timedCodes(src), ['CL4003']);
    assert.equal(analyze(src, { maxKernels: 100 }).diagnostics.length, 0);
  });

  test('too many tokens', () => {
    assert.deepEqual(timedCodes(kernel('x: i64', 'i64', `{ ${repeat('let y = x; ', 12_000)}x }`)), ['CL4004']);
  });

  test('each let of a block nests the rest of it', () => {
    const lets = (n: number): string => kernel('x: i64', 'i64', `{ ${repeat('let x = x + 1; ', n)}x }`);
    assert.equal(analyze(lets(50)).diagnostics.length, 0);
    assert.deepEqual(timedCodes(lets(6_000)), ['CL4002']);
  });
});
