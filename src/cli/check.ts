import { basename, join } from 'node:path';
import { readdirSync } from 'node:fs';
import { compile } from '../compile.js';
import { detectToolchains, openSqlEngine } from '../toolchain/index.js';
import { checkJuliaSyntax } from '../toolchain/julia.js';
import { SQL_DIALECTS } from '../targets/target.js';
import { loadExample, EXAMPLES_DIR } from '../verify/corpus.js';
import { isAgreement, RUNNABLE_TARGETS, runDifferential, summarize, variantName, type DifferentialCase } from '../verify/differential.js';
import { judge } from '../verify/sql.js';
import type { CliArgs } from './main.js';

/**
 * Every kernel of the files against the reference interpreter: compiled targets in batches,
 * SQL on its three embedded engines, Julia parsed (there is no Julia runtime to run it on).
 */
export async function checkCommand(args: CliArgs): Promise<number> {
  const files =
    args.positionals.length > 0
      ? args.positionals
      : readdirSync(EXAMPLES_DIR).filter((f) => f.endsWith('.live')).sort().map((f) => join(EXAMPLES_DIR, f));
  const cases: DifferentialCase[] = files.flatMap((file) => {
    const example = loadExample(file);
    return Object.entries(example.inputs).map(([kernel, input]) => ({
      id: `${basename(file, '.live')}.${kernel}`,
      source: example.source,
      kernel,
      input: JSON.stringify({ args: input.args, params: input.params }),
    }));
  });
  const rows: string[][] = [];
  let disagreements = 0;

  const toolchains = await detectToolchains();
  const targets = RUNNABLE_TARGETS.filter((t) => {
    const missing = toolchains.reasonsMissing[t] ?? (t === 'rust' ? toolchains.reasonsMissing.rayon : undefined);
    if (missing !== undefined) process.stderr.write(`skipping ${t}: ${missing}\n`);
    return missing === undefined;
  });
  const results = await runDifferential(cases, { targets });
  for (const f of results.filter((r) => !isAgreement(r.outcome))) {
    disagreements++;
    process.stderr.write(`${f.target} ${variantName(f.variant)} ${f.id}: ${f.outcome}: ${f.detail ?? ''}\n`);
  }
  for (const r of summarize(results)) {
    const c = r.counts;
    rows.push([r.target, r.form, String(c.pass), `${c.reassociated} reassociated, ${c.mismatch} mismatch, ${c['build-error']} build-error, ${c.invalid} invalid`]);
  }

  for (const dialect of SQL_DIALECTS) {
    const engine = await openSqlEngine(dialect);
    const counts = { pass: 0, 'reported-deviation': 0, 'not-expressible': 0, mismatch: 0 };
    try {
      for (const c of cases) {
        const verdict = await judge(engine, c);
        counts[verdict.kind]++;
        if (verdict.kind === 'mismatch') {
          disagreements++;
          process.stderr.write(`sql ${dialect} ${c.id}: mismatch: ${verdict.detail}\n`);
        }
      }
    } finally {
      await engine.close();
    }
    rows.push(['sql', dialect, String(counts.pass), `${counts['reported-deviation']} reported deviation, ${counts['not-expressible']} not expressible, ${counts.mismatch} mismatch`]);
  }

  let parsed = 0;
  for (const c of cases) {
    for (const parallel of [false, true]) {
      const render = compile(c.source, { target: 'julia', mode: 'program', entry: c.kernel, parallel }).renders[0]!;
      const errors = render.diagnostics.length > 0 ? render.diagnostics.map((d) => d.message) : checkJuliaSyntax(render.code).map((e) => `${e.line}:${e.column}: ${e.message}`);
      if (errors.length === 0) parsed++;
      else {
        disagreements++;
        process.stderr.write(`julia ${parallel ? 'parallel' : 'sequential'} ${c.id}: ${errors.join('; ')}\n`);
      }
    }
  }
  rows.push(['julia', 'parse only', String(parsed), `${cases.length * 2 - parsed} syntax errors (no Julia runtime is needed)`]);

  const table = [['target', 'form', 'agree', 'other'], ...rows];
  const widths = [0, 1, 2].map((i) => Math.max(...table.map((row) => row[i]!.length)));
  for (const row of table) process.stdout.write(`${row.map((cell, i) => (i < 3 ? cell.padEnd(widths[i]!) : cell)).join('  ')}\n`);
  process.stdout.write(`${cases.length} kernels, ${disagreements} disagreements\n`);
  return disagreements === 0 && targets.length > 0 ? 0 : 1;
}
