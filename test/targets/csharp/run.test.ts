// The C# target against the reference interpreter, on Mono: every example kernel (sequential,
// parallel, baked), the feature snippets (sequential and parallel) and 500 generated programs
// (sequential and parallel, fixed seed). Everything is compiled in ONE `mcs -warnaserror` run,
// so a warning anywhere fails its program; function-mode renders get a warnings check too.

import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, test, type TestContext } from 'node:test';
import { corpusCases } from '../../../src/verify/corpus.js';
import { buildCSharpBatch, mcsWarnings } from '../../../src/toolchain/csharp.js';
import { timeLimits, type BatchBinary } from '../../../src/toolchain/index.js';
import { requireToolchain } from '../../../src/toolchain/require-toolchain.js';
import { sampleCases } from '../../support/gen.js';
import { disagreements, renderCSharp, type RunCase } from './support.js';
import { SNIPPETS } from './snippets.js';

const GOLDEN_DIR = fileURLToPath(new URL('../../golden/', import.meta.url));
const SEED = Number(process.env.CODELIVE_SEED ?? 20261126);
/** Generated programs are run by test/differential.test.ts; here they are held to `-warnaserror`. */
const GENERATED_FOR_WARNINGS = 200;

type Form = 'seq' | 'par' | 'baked';
const FLAGS: Readonly<Record<Form, { parallel: boolean; params: 'runtime' | 'baked' }>> = {
  seq: { parallel: false, params: 'runtime' },
  par: { parallel: true, params: 'runtime' },
  baked: { parallel: false, params: 'baked' },
};

interface Planned {
  readonly programs: { id: string; code: string }[];
  readonly runs: Map<string, RunCase[]>;
}

function plan(): Planned {
  const programs: { id: string; code: string }[] = [];
  const runs = new Map<string, RunCase[]>();
  const add = (group: string, id: string, source: string, kernel: string, form: Form, inputs: readonly string[], paramValues?: Record<string, unknown>): void => {
    const code = renderCSharp(source, { ...FLAGS[form], mode: 'program', entry: kernel, ...(paramValues ? { paramValues } : {}) }).code;
    programs.push({ id, code });
    const list = runs.get(group) ?? [];
    inputs.forEach((input, i) => list.push({ program: id, label: inputs.length > 1 ? `${id} #${i}` : id, source, kernel, input }));
    runs.set(group, list);
  };
  for (const c of corpusCases()) {
    const input = JSON.stringify({ args: c.input.args, params: c.input.params });
    for (const form of ['seq', 'par', 'baked'] as const) {
      add('examples', `${c.example}.${c.kernel}/${form}`, c.source, c.kernel, form, [input], form === 'baked' ? (c.input.params as Record<string, unknown>) : undefined);
    }
  }
  for (const s of SNIPPETS) {
    for (const [kernel, inputs] of Object.entries(s.inputs)) {
      add('snippets', `${s.name}: ${kernel}/seq`, s.source, kernel, 'seq', [...inputs, ...(s.sequentialOnly?.[kernel] ?? [])]);
      add('snippets', `${s.name}: ${kernel}/par`, s.source, kernel, 'par', inputs);
    }
  }
  return { programs, runs };
}

let built: Promise<{ batch: BatchBinary; runs: Map<string, RunCase[]> }> | undefined;

function batch(): Promise<{ batch: BatchBinary; runs: Map<string, RunCase[]> }> {
  built ??= (async () => {
    const { programs, runs } = plan();
    const b = await buildCSharpBatch(programs, timeLimits().buildMs, { warningsAsErrors: true });
    return { batch: b, runs };
  })();
  return built;
}

after(async () => {
  if (built) await (await built).batch.dispose();
});

async function check(t: TestContext, group: string): Promise<void> {
  if (!(await requireToolchain(t, 'csharp'))) return;
  const { batch: b, runs } = await batch();
  const cases = runs.get(group) ?? [];
  assert.ok(cases.length > 0, `no ${group} cases`);
  const found = await disagreements(b, cases);
  t.diagnostic(`${group}: ${cases.length - found.length}/${cases.length} runs agree with the interpreter`);
  assert.deepEqual(found.map((d) => `${d.label}: ${d.problem}`), []);
}

test('every example kernel agrees with the interpreter (sequential, parallel, baked; mcs -warnaserror)', async (t) => {
  await check(t, 'examples');
});

test('feature snippets agree with the interpreter (sequential and parallel)', async (t) => {
  await check(t, 'snippets');
});

test('function-mode renders of every example, golden file, snippet and generated program compile without warnings', async (t) => {
  if (!(await requireToolchain(t, 'csharp'))) return;
  const golden = readdirSync(GOLDEN_DIR).filter((f) => f.endsWith('.live')).sort().map((f) => readFileSync(join(GOLDEN_DIR, f), 'utf8'));
  const generated = sampleCases(GENERATED_FOR_WARNINGS, SEED).map((g) => g.source);
  const sources = [...corpusCases().map((c) => c.source), ...golden, ...SNIPPETS.map((s) => s.source), ...generated];
  const unique = [...new Set(sources)];
  const files = unique.flatMap((source, i) =>
    (['seq', 'par'] as const).map((form) => ({ id: `${i}/${form}`, code: renderCSharp(source, { ...FLAGS[form], mode: 'function' }).code })),
  );
  const report = await mcsWarnings(files, timeLimits().buildMs);
  assert.deepEqual([...report].filter(([, findings]) => findings !== null), []);
});
