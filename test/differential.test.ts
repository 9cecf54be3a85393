// The one corpus, run everywhere: every example kernel and a fixed-seed sample of generated
// programs, rendered to every target (sequential, parallel, baked), compiled and run with the
// real toolchains, must agree with the reference interpreter.

import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { requireToolchain } from '../src/toolchain/require-toolchain.js';
import { getTarget } from '../src/targets/registry.js';
import type { BuildTarget } from '../src/toolchain/index.js';
import {
  isAgreement,
  PARALLEL,
  RUNNABLE_TARGETS,
  runDifferential,
  SEQUENTIAL,
  summarize,
  variantName,
  type CaseResult,
  type DifferentialCase,
  type Variant,
} from '../src/verify/differential.js';
import { corpusCases } from '../src/verify/corpus.js';
import { describeCase, programArbitrary, sampleCases, type GeneratedCase } from './support/gen.js';

const SEED = Number(process.env.CODELIVE_SEED ?? 20261126);
const GENERATED = Number(process.env.CODELIVE_GENERATED ?? 500);
const BAKED: Variant = { parallel: false, params: 'baked' };

const exampleCases: DifferentialCase[] = corpusCases().map((c) => ({
  id: `${c.example}.${c.kernel}`,
  source: c.source,
  kernel: c.kernel,
  input: JSON.stringify({ args: c.input.args, params: c.input.params }),
}));

const generated = sampleCases(GENERATED, SEED);
const generatedCases: DifferentialCase[] = generated.map((g, i) => toCase(g, `gen${i}`));

function toCase(g: GeneratedCase, id: string): DifferentialCase {
  return { id, source: g.source, kernel: g.kernel, input: JSON.stringify(g.input) };
}

async function toolchainsFor(t: TestContext, target: BuildTarget): Promise<boolean> {
  if (!(await requireToolchain(t, target))) return false;
  return target !== 'rust' || (await requireToolchain(t, 'rayon'));
}

function report(t: TestContext, results: readonly CaseResult[], sources: ReadonlyMap<string, string>): CaseResult[] {
  for (const row of summarize(results)) {
    const c = row.counts;
    t.diagnostic(`${row.target} ${row.form}: ${c.pass} pass, ${c.reassociated} reassociated, ${c.mismatch} mismatch, ${c['build-error']} build-error, ${c.invalid} invalid`);
  }
  const failures = results.filter((r) => !isAgreement(r.outcome));
  for (const f of failures.slice(0, 8)) {
    t.diagnostic(`FAIL ${f.target} ${variantName(f.variant)} ${f.id} (${f.outcome}): ${f.detail ?? ''}\n${sources.get(f.id) ?? ''}`);
  }
  return failures;
}

/** A target without a parallel form renders `parallel` as its sequential code: running it twice proves nothing. */
function variantsOf(target: BuildTarget, variants: readonly Variant[]): Variant[] {
  return getTarget(target).parallel === 'native' ? [...variants] : variants.filter((v) => !v.parallel);
}

for (const target of RUNNABLE_TARGETS) {
  test(`${target}: every example agrees with the interpreter (sequential, parallel, baked)`, async (t) => {
    if (!(await toolchainsFor(t, target))) return;
    const variants = variantsOf(target, [SEQUENTIAL, PARALLEL, BAKED]);
    const results = await runDifferential(exampleCases, { targets: [target], variants });
    assert.equal(results.length, exampleCases.length * variants.length);
    const failures = report(t, results, new Map(exampleCases.map((c) => [c.id, c.source])));
    assert.deepEqual(failures.map((f) => `${f.id} ${variantName(f.variant)}: ${f.outcome}`), []);
  });

  test(`${target}: ${GENERATED} generated programs agree with the interpreter (seed ${SEED})`, async (t) => {
    if (!(await toolchainsFor(t, target))) return;
    const results = await runDifferential(generatedCases, { targets: [target], variants: variantsOf(target, [SEQUENTIAL, PARALLEL]) });
    const failures = report(t, results, new Map(generatedCases.map((c) => [c.id, describeCase(generated[Number(c.id.slice(3))]!)])));
    if (failures.length > 0) await shrink(t, target, failures[0]!);
    assert.deepEqual(failures.map((f) => `${f.id} ${variantName(f.variant)}: ${f.outcome}`), []);
  });
}

/**
 * Replays the first failing generated case under fast-check so it shrinks to a small program:
 * `fc.sample` with this seed yields case i as run i of `fc.assert` with the same seed.
 */
async function shrink(t: TestContext, target: BuildTarget, failure: CaseResult): Promise<void> {
  const index = Number(failure.id.slice('gen'.length));
  try {
    await fc.assert(
      fc.asyncProperty(programArbitrary(), async (g) => {
        const [result] = await runDifferential([toCase(g, 'shrink')], { targets: [target], variants: [failure.variant] });
        return result!.outcome === 'pass';
      }),
      { seed: SEED, path: String(index), interruptAfterTimeLimit: 120_000 },
    );
    t.diagnostic(`case ${failure.id} passed on replay (flaky?)`);
  } catch (error) {
    t.diagnostic(`shrunk counterexample:\n${(error as Error).message.slice(0, 4000)}`);
  }
}
