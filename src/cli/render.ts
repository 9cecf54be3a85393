import { compile } from '../compile.js';
import type { CliArgs } from './main.js';
import { flagsFrom, onlyFile, printDiagnostics, readSource, targetArg } from './common.js';

export function renderCommand(args: CliArgs): number {
  const file = onlyFile(args);
  const target = targetArg(args.values.target);
  const source = readSource(file);
  if (source === null) return 1;
  const result = compile(source, { target, ...flagsFrom(args) });
  printDiagnostics(result.diagnostics, file);
  const render = result.renders[0];
  if (!render) return 1;
  printDiagnostics(render.diagnostics, file);
  if (render.diagnostics.length > 0) return 1;
  for (const reason of render.reasons) process.stderr.write(`degraded (${reason.code}): ${reason.message}\n`);
  process.stdout.write(render.code.endsWith('\n') ? render.code : `${render.code}\n`);
  return 0;
}
