// Running Julia: without a `julia` on the PATH the runner says so plainly; with one, every
// example kernel's program-mode render runs and must agree with the reference interpreter.
// Julia is not installed on CI machines, so the comparison skips (saying why) rather than fails.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { interpret, RuntimeError } from '../../../src/ir/interp.js';
import { compareValues, parseInput, valueToJson } from '../../../src/ir/values.js';
import { analyze } from '../../../src/lang/frontend.js';
import { corpusCases } from '../../../src/verify/corpus.js';
import { findJulia, JuliaMissing, NO_JULIA, runJulia } from '../../../src/toolchain/julia.js';
import { renderJulia } from './support.js';

async function withPath<T>(path: string, run: () => Promise<T>): Promise<T> {
  const saved = process.env.PATH;
  process.env.PATH = path;
  try {
    return await run();
  } finally {
    process.env.PATH = saved;
  }
}

test('without julia on the PATH, running says that no Julia runtime was found', async () => {
  await withPath('/nonexistent', async () => {
    assert.equal(await findJulia(), null);
    await assert.rejects(runJulia('println(1)\n', ''), (error: unknown) => {
      assert.ok(error instanceof JuliaMissing);
      assert.equal(error.message, NO_JULIA);
      assert.match(error.message, /no Julia runtime found \(install julia ≥ 1\.9 and put it on PATH\)/);
      return true;
    });
  });
});

test('every example kernel runs in Julia like the interpreter (needs julia on the PATH)', async (t) => {
  const julia = await findJulia();
  if (julia === null) {
    t.skip(`${NO_JULIA}: the renders are syntax-checked instead (corpus.test.ts)`);
    return;
  }
  for (const c of corpusCases()) {
    const program = analyze(c.source).program!;
    const kernel = program.kernels.find((k) => k.name === c.kernel)!;
    const stdin = JSON.stringify({ args: c.input.args, params: c.input.params });
    const input = parseInput(stdin, c.kernel, program);
    let expected: string | null = null;
    try {
      expected = valueToJson(interpret(program, c.kernel, input.args, input.params), kernel.ret);
    } catch (error) {
      if (!(error instanceof RuntimeError)) throw error;
    }
    for (const parallel of [false, true]) {
      const code = renderJulia(c.source, { mode: 'program', entry: c.kernel, parallel }).code;
      const run = await runJulia(code, stdin, { timeoutMs: 120_000 });
      const what = `${c.example}/${c.kernel}${parallel ? ' parallel' : ''}`;
      if (expected === null) {
        assert.notEqual(run.exitCode, 0, `${what}: expected a runtime error, got ${run.stdout}`);
        assert.match(run.stderr, /^error: /m, what);
      } else {
        assert.equal(run.exitCode, 0, `${what}: ${run.stderr}`);
        assert.equal(compareValues(expected, run.stdout.trim(), kernel.ret, { relative: 1e-9 }), null, what);
      }
    }
  }
});
