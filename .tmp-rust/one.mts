import { sampleCases } from '/work/main/test/support/gen.ts';
import { compile } from '/work/main/src/compile.ts';
const [n, seed, idx, par, mode] = process.argv.slice(2);
const c = sampleCases(Number(n), Number(seed))[Number(idx)]!;
console.log(c.source);
const r = compile(c.source, { target: 'rust', mode: (mode ?? 'function') as 'function', parallel: par === 'par' });
console.log(r.renders[0]!.code);
