import { SNIPPETS } from '/work/main/test/targets/rust/snippets.ts';
import { runDifferential, summarize, SEQUENTIAL, PARALLEL } from '/work/main/src/verify/differential.ts';
import { compile } from '/work/main/src/compile.ts';
const cases = SNIPPETS.flatMap((s) => Object.entries(s.inputs).flatMap(([kernel, inputs]) => inputs.map((input, i) => ({ id: `${s.name}/${kernel}/${i}`, source: s.source, kernel, input: JSON.stringify({ args: input.args, params: input.params ?? {} }) }))));
for (const s of SNIPPETS) { const r = compile(s.source, { target: 'rust' }); if (r.diagnostics.length) console.log(s.name, r.diagnostics); }
const results = await runDifferential(cases, { targets: ['rust'], variants: [SEQUENTIAL, PARALLEL, { parallel: false, params: 'baked' }] });
for (const r of results) if (r.outcome !== 'pass') console.log('-----', r.id, r.variant, r.outcome, (r.detail ?? '').slice(0, 1500));
console.log(JSON.stringify(summarize(results).map((r) => [r.form, r.counts])));
