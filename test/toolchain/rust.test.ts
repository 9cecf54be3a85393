import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BuildError, buildAndRun, buildBatch, checkRustfmt, clippy, CompileError, runProgram } from '../../src/toolchain/index.js';
import { requireToolchain } from '../../src/toolchain/require-toolchain.js';
import { asModule } from '../../src/toolchain/rust.js';

// Reads a JSON array of integers on stdin (std only: emitted programs bring their own parser).
const SUM_STDIN = `use std::io::Read;

fn read_numbers() -> Vec<i64> {
    let mut input = String::new();
    std::io::stdin().read_to_string(&mut input).unwrap();
    input
        .trim()
        .trim_start_matches('[')
        .trim_end_matches(']')
        .split(',')
        .filter(|s| !s.trim().is_empty())
        .map(|s| s.trim().parse().unwrap())
        .collect()
}

fn main() {
    let xs = read_numbers();
    println!("{{\\"n\\":{},\\"sum\\":{}}}", xs.len(), xs.iter().sum::<i64>());
}
`;

const PARALLEL_SQUARES = `use rayon::prelude::*;

fn main() {
    let xs: Vec<i64> = (1..=1000).collect();
    let total: i64 = xs.par_iter().map(|x| x * x).sum();
    println!("{total}");
}
`;

const FAILS_WITH_ERROR = `#![allow(clippy::needless_return)]

fn main() -> Result<(), String> {
    return Err(String::from("bad input"));
}
`;

const TYPE_ERROR = `fn main() {
    let x: i64 = "not a number";
    println!("{x}");
}
`;

const LINT_FINDING = `fn main() {
    let ready = std::env::args().count() > 0;
    if ready == true {
        println!("ready");
    }
}
`;

test('a Rust program reads JSON on stdin and prints', async (t) => {
  if (!(await requireToolchain(t, 'rust'))) return;
  const result = await buildAndRun('rust', SUM_STDIN, '[1, 2, 39]', { parallel: false });
  assert.deepEqual([result.stdout, result.stderr, result.exitCode], ['{"n":3,"sum":42}\n', '', 0]);
});

test('a Rust batch builds once; each program runs alone, with its own input and exit status', async (t) => {
  if (!(await requireToolchain(t, 'rayon'))) return;
  const batch = await buildBatch('rust', [
    { id: 'sum', code: SUM_STDIN, parallel: false },
    { id: 'squares', code: PARALLEL_SQUARES, parallel: true },
    { id: 'error', code: FAILS_WITH_ERROR, parallel: false },
    { id: 'broken', code: TYPE_ERROR, parallel: false },
  ]);
  try {
    assert.deepEqual([...batch.compileErrors.keys()], ['broken']);
    assert.match(batch.compileErrors.get('broken') ?? '', /E0308/);
    assert.equal((await runProgram(batch, 'sum', '[5]')).stdout, '{"n":1,"sum":5}\n');
    assert.equal((await runProgram(batch, 'sum', '[]')).stdout, '{"n":0,"sum":0}\n');
    assert.equal((await runProgram(batch, 'squares', '')).stdout, '333833500\n');
    const error = await runProgram(batch, 'error', '');
    assert.deepEqual([error.exitCode, error.stderr], [1, 'Error: "bad input"\n']);
    await assert.rejects(runProgram(batch, 'broken', ''), CompileError);
  } finally {
    await batch.dispose();
  }
});

test('a panic, an overflow and an endless loop end as they would in a standalone debug build', async (t) => {
  if (!(await requireToolchain(t, 'rust'))) return;
  const batch = await buildBatch('rust', [
    { id: 'panic', code: 'fn main() {\n    panic!("boom");\n}\n', parallel: false },
    // The argument count keeps rustc from seeing the overflow at compile time.
    { id: 'overflow', code: 'fn main() {\n    let x = i64::MAX - 1 + std::env::args().count() as i64;\n    println!("{}", x + 1);\n}\n', parallel: false },
    { id: 'loop', code: 'fn main() {\n    loop {}\n}\n', parallel: false },
  ]);
  try {
    const panic = await runProgram(batch, 'panic', '');
    assert.equal(panic.exitCode, 101);
    assert.match(panic.stderr, /boom/);
    assert.match((await runProgram(batch, 'overflow', '')).stderr, /attempt to add with overflow/);
    const endless = await runProgram(batch, 'loop', '', { timeoutMs: 300 });
    assert.equal(endless.timedOut, true);
  } finally {
    await batch.dispose();
  }
});

test('a compiler that outlives its time limit is a BuildError, not a hang', async (t) => {
  if (!(await requireToolchain(t, 'rust'))) return;
  const build = buildBatch('rust', [{ id: 'sum', code: SUM_STDIN, parallel: false }], { timeoutMs: 1 });
  await assert.rejects(build, (error: unknown) => error instanceof BuildError && /timed out after/.test(error.message));
});

test('programs become modules: main made public, lint attributes kept, crate attributes refused', () => {
  assert.deepEqual(asModule('fn main() {}\n'), { source: 'pub fn main() {}\n' });
  assert.deepEqual(asModule('#![allow(dead_code)]\nfn main() {}\n'), { source: '#![allow(dead_code)]\npub fn main() {}\n' });
  assert.match(JSON.stringify(asModule('#![no_std]\nfn main() {}\n')), /#!\[no_std\] cannot be compiled as part of a batch/);
  assert.match(JSON.stringify(asModule('fn helper() {}\n')), /no top-level `fn main\(\)`/);
});

test('rustfmt passes a formatted file and shows the diff for others', async (t) => {
  if (!(await requireToolchain(t, 'rustfmt'))) return;
  const report = await checkRustfmt([
    { id: 'good', code: SUM_STDIN },
    { id: 'bad', code: 'fn main(){println!("hi");}\n' },
    { id: 'unparsable', code: 'fn main( {\n' },
  ]);
  assert.equal(report.get('good'), null);
  assert.match(report.get('bad') ?? '', /^Diff in p1\.rs(:1:| at line 1:)\n-fn main\(\)\{println!\("hi"\);\}\n\+fn main\(\) \{/);
  assert.match(report.get('unparsable') ?? '', /unclosed delimiter/);
});

test('clippy blames each finding on its own program, even beside one that does not compile', async (t) => {
  if (!(await requireToolchain(t, 'clippy')) || !(await requireToolchain(t, 'rayon'))) return;
  const report = await clippy([
    { id: 'good', code: SUM_STDIN, parallel: false },
    { id: 'parallel', code: PARALLEL_SQUARES, parallel: true },
    { id: 'lint', code: LINT_FINDING, parallel: false },
    { id: 'broken', code: TYPE_ERROR, parallel: false },
  ]);
  assert.equal(report.get('good'), null);
  assert.equal(report.get('parallel'), null);
  assert.match(report.get('lint') ?? '', /bool_comparison/);
  assert.match(report.get('broken') ?? '', /E0308/);
});
