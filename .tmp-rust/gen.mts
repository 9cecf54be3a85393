import { sampleCases } from '/work/main/test/support/gen.ts';
import { runDifferential, summarize, SEQUENTIAL, PARALLEL } from '/work/main/src/verify/differential.ts';
const n = Number(process.argv[2] ?? 100), seed = Number(process.argv[3] ?? 1);
const cases = sampleCases(n, seed).map((c, i) => ({ id: `g${i}`, source: c.source, kernel: c.kernel, input: JSON.stringify(c.input) }));
const results = await runDifferential(cases, { targets: ['rust'], variants: [SEQUENTIAL, PARALLEL, { parallel: false, params: 'baked' }] });
const byId = new Map(cases.map((c) => [c.id, c]));
for (const r of results) if (r.outcome !== 'pass') { console.log('-----', r.id, r.variant.parallel ? 'par' : 'seq', r.variant.params, r.outcome); console.log(byId.get(r.id)!.source); console.log(byId.get(r.id)!.input); console.log((r.detail ?? '').slice(0, 1200)); }
console.log(JSON.stringify(summarize(results).map((r) => [r.form, r.counts])));
