// npm run bench:compile — renders per second per target and for all targets together over the
// examples, single process, warm; p50/p99 per render. The baseline measured in the same run is
// the front end alone (parse + check + lower), the share every render pays before emitting.

import { compile } from '../compile.js';
import { analyze } from '../lang/frontend.js';
import { TARGET_NAMES } from '../targets/registry.js';
import type { TargetName } from '../targets/target.js';
import { loadExamples } from '../verify/corpus.js';

const SECONDS_PER_SCENARIO = Number(process.env.CODELIVE_BENCH_SECONDS ?? 2);

interface Scenario {
  readonly name: string;
  readonly run: (source: string) => void;
}

function measure(scenario: Scenario, sources: readonly string[]): { perSecond: number; p50: number; p99: number; n: number } {
  for (let i = 0; i < 200; i++) scenario.run(sources[i % sources.length]!); // warm up the JIT
  const samples: number[] = [];
  const deadline = performance.now() + SECONDS_PER_SCENARIO * 1000;
  let started = performance.now();
  const begin = started;
  for (let i = 0; started < deadline; i++) {
    scenario.run(sources[i % sources.length]!);
    const now = performance.now();
    samples.push(now - started);
    started = now;
  }
  samples.sort((a, b) => a - b);
  const at = (q: number): number => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))]!;
  return { perSecond: samples.length / ((started - begin) / 1000), p50: at(0.5), p99: at(0.99), n: samples.length };
}

function renderTo(targets: readonly TargetName[], parallel: boolean): Scenario['run'] {
  return (source) => {
    const result = compile(source, { targets, parallel });
    if (result.renders.length !== targets.length) throw new Error('a render failed');
  };
}

const examples = loadExamples();
const sources = examples.map((e) => e.source);
const lines = sources.map((s) => s.split('\n').length);
const scenarios: Scenario[] = [
  { name: 'front end only (baseline)', run: (s) => void analyze(s) },
  ...TARGET_NAMES.map((t) => ({ name: t, run: renderTo([t], false) })),
  ...TARGET_NAMES.map((t) => ({ name: `${t} parallel`, run: renderTo([t], true) })),
  { name: `all ${TARGET_NAMES.length} targets`, run: renderTo(TARGET_NAMES, false) },
];

console.log(`compile benchmark: ${examples.length} examples (${Math.min(...lines)}–${Math.max(...lines)} lines), ${SECONDS_PER_SCENARIO} s per scenario, node ${process.version}`);
console.log(`${'scenario'.padEnd(28)} ${'renders/s'.padStart(10)} ${'p50 ms'.padStart(8)} ${'p99 ms'.padStart(8)} ${'samples'.padStart(8)}`);
for (const scenario of scenarios) {
  const r = measure(scenario, sources);
  console.log(`${scenario.name.padEnd(28)} ${r.perSecond.toFixed(0).padStart(10)} ${r.p50.toFixed(3).padStart(8)} ${r.p99.toFixed(3).padStart(8)} ${String(r.n).padStart(8)}`);
}
