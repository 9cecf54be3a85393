import { sampleCases } from '/work/main/test/support/gen.ts';
import { compile } from '/work/main/src/compile.ts';
import { checkRustfmt, clippy } from '/work/main/src/toolchain/index.ts';
const n = Number(process.argv[2] ?? 100), seed = Number(process.argv[3] ?? 1);
const sources: { id: string; code: string; parallel: boolean; src: string }[] = [];
sampleCases(n, seed).forEach((c, i) => {
  for (const parallel of [false, true]) for (const mode of ['function', 'program'] as const) {
    const r = compile(c.source, { target: 'rust', mode, parallel });
    const code = r.renders[0]!.code;
    sources.push({ id: `g${i}-${parallel ? 'par' : 'seq'}-${mode}`, code, parallel, src: c.source });
  }
});
const fmt = await checkRustfmt(sources);
let bad = 0;
for (const s of sources) { const f = fmt.get(s.id); if (f) { bad++; if (bad <= 6) { console.log('=== FMT', s.id); console.log(s.src); console.log(f.slice(0, 2500)); } } }
console.log('rustfmt failures', bad, 'of', sources.length);
const progs = sources.map((s) => ({ id: s.id, parallel: s.parallel, code: s.id.endsWith('function') ? `#![allow(dead_code)]\n${s.code}\nfn main() {}\n` : s.code }));
const cl = await clippy(progs);
let badc = 0;
for (const s of sources) { const f = cl.get(s.id); if (f) { badc++; console.log('=== CLIPPY', s.id); if (badc <= 8) { console.log(s.src); console.log(f.slice(0, 2500)); } else console.log(f.split('\n').filter((l) => /^(error|warning)/.test(l)).join('\n')); } }
console.log('clippy failures', badc, 'of', sources.length);
