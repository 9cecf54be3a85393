// npm run bench:compile — renders per second per target and for all targets together over the
// examples, single process, warm; p50/p99 per render. The baseline measured in the same run is
// the front end and passes alone (compile() with no targets), the share every render pays
// before emitting. The compiler is measured as the render workers run it: an esbuild bundle
// (src/server/pool/bundle.ts), not the tsx-compiled sources.

import type { compile as Compile } from '../compile.js';
import { bundle } from '../server/pool/bundle.js';
import { TARGET_NAMES } from '../targets/registry.js';
import type { TargetName } from '../targets/target.js';
import { loadExamples } from '../verify/corpus.js';

const SECONDS_PER_SCENARIO = Number(process.env.CODELIVE_BENCH_SECONDS ?? 2);

interface Scenario {
  readonly name: string;
  readonly run: (source: string) => void;
}

const { compile } = (await import(await bundle(new URL('../compile.ts', import.meta.url)))) as { compile: typeof Compile };

function measure(scenario: Scenario, sources: readonly string[]): { perSecond: number; p50: number; p99: number; n: number } {
  const warm = performance.now() + 300; // until the JIT has compiled the hot paths
  for (let i = 0; performance.now() < warm; i++) scenario.run(sources[i % sources.length]!);
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

/** The yardstick: a typical 20-line kernel, rendered to Rust, TypeScript and Go. */
const TYPICAL_KERNEL = `record Trade { symbol: str, price: f64, qty: i64 }

param min_qty: i64 = 1 in 0..100
param fee: f64 = 0.001 in 0.0..0.01 step 0.0005

kernel volume_by_symbol(trades: [Trade]) -> [{ symbol: str, volume: f64, n: i64, avg: f64 }] {
  trades
    .filter(t => t.qty >= min_qty)
    .group_by(t => t.symbol)
    .agg(g => {
      symbol: g.key,
      volume: g.sum(t => t.price * f64(t.qty) * (1.0 - fee)),
      n: g.count(),
      avg: g.mean(t => t.price)
    })
    .sort_by(r => r.volume, desc)
    .take(10)
}
`;

const examples = loadExamples();
const sources = examples.map((e) => e.source);
const lines = sources.map((s) => s.split('\n').length);
// Per example file (all of its kernels at once).
const scenarios: Scenario[] = [
  { name: 'front end + passes (baseline)', run: renderTo([], false) },
  ...TARGET_NAMES.map((t) => ({ name: t, run: renderTo([t], false) })),
  ...TARGET_NAMES.map((t) => ({ name: `${t} parallel`, run: renderTo([t], true) })),
  { name: `all ${TARGET_NAMES.length} targets`, run: renderTo(TARGET_NAMES, false) },
];
const typical: Scenario = { name: '20-line kernel → rust+ts+go', run: renderTo(['rust', 'typescript', 'go'], false) };

console.log(`compile benchmark: ${examples.length} examples (${Math.min(...lines)}–${Math.max(...lines)} lines), ${SECONDS_PER_SCENARIO} s per scenario, node ${process.version}`);
console.log(`${'scenario'.padEnd(28)} ${'renders/s'.padStart(10)} ${'p50 ms'.padStart(8)} ${'p99 ms'.padStart(8)} ${'samples'.padStart(8)}`);
const row = (scenario: Scenario, inputs: readonly string[]): void => {
  const r = measure(scenario, inputs);
  console.log(`${scenario.name.padEnd(28)} ${r.perSecond.toFixed(0).padStart(10)} ${r.p50.toFixed(3).padStart(8)} ${r.p99.toFixed(3).padStart(8)} ${String(r.n).padStart(8)}`);
};
for (const scenario of scenarios) row(scenario, sources);
row(typical, [TYPICAL_KERNEL]);
