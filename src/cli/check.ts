import { basename, join } from 'node:path';
import { readdirSync } from 'node:fs';
import { detectToolchains } from '../toolchain/index.js';
import { loadExample, EXAMPLES_DIR } from '../verify/corpus.js';
import { isAgreement, RUNNABLE_TARGETS, runDifferential, summarize, variantName, type DifferentialCase } from '../verify/differential.js';
import type { CliArgs } from './main.js';

export async function checkCommand(args: CliArgs): Promise<number> {
  const files = args.positionals.length > 0 ? args.positionals : readdirSync(EXAMPLES_DIR).filter((f) => f.endsWith('.live')).sort().map((f) => join(EXAMPLES_DIR, f));
  const cases: DifferentialCase[] = files.flatMap((file) => {
    const example = loadExample(file);
    return Object.entries(example.inputs).map(([kernel, input]) => ({
      id: `${basename(file, '.live')}.${kernel}`,
      source: example.source,
      kernel,
      input: JSON.stringify({ args: input.args, params: input.params }),
    }));
  });
  const toolchains = await detectToolchains();
  const targets = RUNNABLE_TARGETS.filter((t) => {
    const missing = toolchains.reasonsMissing[t];
    if (missing !== undefined) process.stderr.write(`skipping ${t}: ${missing}\n`);
    return missing === undefined;
  });
  const results = await runDifferential(cases, { targets });
  const failures = results.filter((r) => !isAgreement(r.outcome));
  for (const f of failures) process.stderr.write(`${f.target} ${variantName(f.variant)} ${f.id}: ${f.outcome}: ${f.detail ?? ''}\n`);

  const rows = summarize(results);
  const outcomes = ['pass', 'reassociated', 'mismatch', 'build-error', 'invalid'] as const;
  const header = ['target', 'form', ...outcomes];
  const table = [header, ...rows.map((r) => [r.target, r.form, ...outcomes.map((k) => String(r.counts[k]))])];
  const widths = header.map((_, i) => Math.max(...table.map((row) => row[i]!.length)));
  for (const row of table) process.stdout.write(`${row.map((cell, i) => cell.padEnd(widths[i]!)).join('  ')}\n`);
  process.stdout.write(`${cases.length} kernels, ${results.length} runs, ${failures.length} disagreements\n`);
  return failures.length === 0 && targets.length > 0 ? 0 : 1;
}
