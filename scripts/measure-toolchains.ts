// Measures batch build and run times on generated programs, as reported in docs/toolchains.md:
//   node --import tsx scripts/measure-toolchains.ts [count=100] [targets=rust,go,typescript]

import { buildBatch, runProgram, type BuildTarget, type ProgramSource } from '../src/toolchain/index.js';

const INPUT = JSON.stringify(Array.from({ length: 1000 }, (_, i) => i));

function rustProgram(n: number): string {
  const parallel = n % 2 === 0;
  return [
    ...(parallel ? ['use rayon::prelude::*;'] : []),
    'use std::io::Read;',
    '',
    'fn main() {',
    '    let mut input = String::new();',
    '    std::io::stdin().read_to_string(&mut input).unwrap();',
    '    let xs: Vec<i64> = input',
    "        .trim_matches(|c| c == '[' || c == ']')",
    "        .split(',')",
    '        .map(|s| s.trim().parse().unwrap())',
    '        .collect();',
    `    let total: i64 = xs.${parallel ? 'par_iter' : 'iter'}().map(|x| x * ${n}).sum();`,
    '    println!("{total}");',
    '}',
    '',
  ].join('\n');
}

function goProgram(n: number): string {
  return [
    'package main',
    '',
    'import (',
    '\t"encoding/json"',
    '\t"fmt"',
    '\t"os"',
    ')',
    '',
    'func main() {',
    '\tvar xs []int64',
    '\tif err := json.NewDecoder(os.Stdin).Decode(&xs); err != nil {',
    '\t\tpanic(err)',
    '\t}',
    '\tvar total int64',
    '\tfor _, x := range xs {',
    `\t\ttotal += x * ${n}`,
    '\t}',
    '\tfmt.Println(total)',
    '}',
    '',
  ].join('\n');
}

function typeScriptProgram(n: number): string {
  return [
    "import { readFileSync } from 'node:fs';",
    '',
    "const xs: number[] = JSON.parse(readFileSync(0, 'utf8'));",
    `console.log(xs.reduce((total, x) => total + x * ${n}, 0));`,
    '',
  ].join('\n');
}

const GENERATORS: Record<BuildTarget, (n: number) => string> = {
  rust: rustProgram,
  go: goProgram,
  typescript: typeScriptProgram,
};

async function measure(target: BuildTarget, count: number): Promise<void> {
  const programs: ProgramSource[] = Array.from({ length: count }, (_, n) => ({
    id: `case-${n}`,
    code: GENERATORS[target](n),
    parallel: target === 'rust' && n % 2 === 0,
  }));
  const batch = await buildBatch(target, programs);
  try {
    if (batch.compileErrors.size > 0) throw new Error(`${target}: ${[...batch.compileErrors.values()][0]}`);
    const started = performance.now();
    const expected = (n: number): string => `${n * 499_500}\n`;
    for (const [n, program] of programs.entries()) {
      const result = await runProgram(batch, program.id, INPUT);
      if (result.stdout !== expected(n)) throw new Error(`${target} ${program.id}: ${result.stdout}${result.stderr}`);
    }
    const runMs = performance.now() - started;
    console.log(`${target}: ${count} programs built in ${(batch.buildMs / 1000).toFixed(2)} s, run once each in ${(runMs / 1000).toFixed(2)} s (${(runMs / count).toFixed(1)} ms per run)`);
  } finally {
    await batch.dispose();
  }
}

const count = Number(process.argv[2] ?? 100);
const targets = (process.argv[3] ?? 'rust,go,typescript').split(',') as BuildTarget[];
for (const target of targets) await measure(target, count);
