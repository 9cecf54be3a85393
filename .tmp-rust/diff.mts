import { corpusCases } from '/work/main/src/verify/corpus.ts';
import { runDifferential, summarize, SEQUENTIAL, PARALLEL } from '/work/main/src/verify/differential.ts';
const cases = corpusCases().map((c) => ({ id: `${c.example}/${c.kernel}`, source: c.source, kernel: c.kernel, input: JSON.stringify({ args: c.input.args, params: c.input.params }) }));
const results = await runDifferential(cases, { targets: ['rust'], variants: [SEQUENTIAL, PARALLEL, { parallel: false, params: 'baked' }] });
for (const r of results) if (r.outcome !== 'pass') console.log(r.id, r.variant, r.outcome, r.detail?.slice(0, 1500));
console.log(summarize(results));
