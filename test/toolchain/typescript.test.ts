import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildAndRun, buildBatch, CompileError, runProgram, tscStrict } from '../../src/toolchain/index.js';
import { requireToolchain } from '../../src/toolchain/require-toolchain.js';

const SUM_STDIN = `import { readFileSync } from 'node:fs';

const xs: number[] = JSON.parse(readFileSync(0, 'utf8'));
const sum = xs.reduce((total, x) => total + x, 0);
console.log(JSON.stringify({ n: xs.length, sum }));
`;

// Reads stdin as a stream rather than with readFileSync: both must see the same input.
const STREAMED_MAX = `const chunks: string[] = [];
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk: string) => chunks.push(chunk));
process.stdin.on('end', () => {
  const xs: bigint[] = (JSON.parse(chunks.join('')) as number[]).map((x) => BigInt(x));
  console.log(String(xs.reduce((a, b) => (a > b ? a : b))));
});
`;

const THROWS = `const input: string = 'x';
if (input.length > 0) {
  throw new RangeError('empty array');
}
`;

const SYNTAX_ERROR = `const x: number = ;
`;

test('a TypeScript program reads JSON on stdin and prints', async (t) => {
  if (!(await requireToolchain(t, 'typescript'))) return;
  const result = await buildAndRun('typescript', SUM_STDIN, '[1, 2, 39]', { parallel: false });
  assert.deepEqual([result.stdout, result.stderr, result.exitCode], ['{"n":3,"sum":42}\n', '', 0]);
});

test('a TypeScript batch transpiles once; each program runs alone, with its own input and exit status', async (t) => {
  if (!(await requireToolchain(t, 'typescript'))) return;
  const batch = await buildBatch('typescript', [
    { id: 'sum', code: SUM_STDIN, parallel: false },
    { id: 'max', code: STREAMED_MAX, parallel: false },
    { id: 'throws', code: THROWS, parallel: false },
    { id: 'broken', code: SYNTAX_ERROR, parallel: false },
  ]);
  try {
    assert.deepEqual([...batch.compileErrors.keys()], ['broken']);
    assert.match(batch.compileErrors.get('broken') ?? '', /p3\.ts:1:18: ERROR: Unexpected ";"/);
    assert.equal((await runProgram(batch, 'sum', '[5]')).stdout, '{"n":1,"sum":5}\n');
    assert.equal((await runProgram(batch, 'max', '[3, 9007199254740993, 7]')).stdout, '9007199254740992\n');
    const thrown = await runProgram(batch, 'throws', '');
    assert.equal(thrown.exitCode, 1);
    assert.match(thrown.stderr, /RangeError: empty array/);
    await assert.rejects(runProgram(batch, 'broken', ''), CompileError);
  } finally {
    await batch.dispose();
  }
});

test('tsc --strict passes a typed program and blames each error on its own program', async (t) => {
  if (!(await requireToolchain(t, 'typescript'))) return;
  const report = await tscStrict([
    { id: 'good', code: SUM_STDIN },
    { id: 'streamed', code: STREAMED_MAX },
    { id: 'implicit-any', code: 'function double(x) {\n  return x * 2;\n}\nconsole.log(double(2));\n' },
    { id: 'mismatch', code: 'const n: number = "one";\nconsole.log(n);\n' },
  ]);
  assert.equal(report.get('good'), null);
  assert.equal(report.get('streamed'), null);
  assert.equal(report.get('implicit-any'), "p2.ts(1,17): error TS7006: Parameter 'x' implicitly has an 'any' type.");
  assert.match(report.get('mismatch') ?? '', /^p3\.ts\(1,7\): error TS2322/);
});
