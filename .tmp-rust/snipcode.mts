import { SNIPPETS } from '/work/main/test/targets/rust/snippets.ts';
import { compile } from '/work/main/src/compile.ts';
const s = SNIPPETS.find((x) => x.name === process.argv[2])!;
console.log(compile(s.source, { target: 'rust', parallel: process.argv[3] === 'par' }).renders[0]!.code);
