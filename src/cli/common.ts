// Helpers shared by the CLI commands: reading sources, flags, printing diagnostics.

import { readFileSync } from 'node:fs';
import { formatDiagnostic, type Diagnostic } from '../diagnostics.js';
import { decodeSource } from '../lang/frontend.js';
import { isTargetName } from '../targets/registry.js';
import { isSqlDialect, SQL_DIALECTS, type Flags, type TargetName } from '../targets/target.js';
import { UsageError, type CliArgs } from './main.js';

/** The file's text, or null after printing why it cannot be compiled (unreadable, not UTF-8). */
export function readSource(path: string): string | null {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    process.stderr.write(`codelive: cannot read ${path}: ${(error as Error).message}\n`);
    return null;
  }
  const decoded = decodeSource(bytes);
  if ('diagnostic' in decoded) {
    printDiagnostics([decoded.diagnostic], path);
    return null;
  }
  return decoded.source;
}

export function printDiagnostics(diagnostics: readonly Diagnostic[], file: string): void {
  for (const d of diagnostics) process.stderr.write(`${formatDiagnostic(d, file)}\n`);
}

export function targetArg(value: string | undefined): TargetName {
  if (value === undefined) throw new UsageError('--target is required');
  if (!isTargetName(value)) throw new UsageError(`unknown target \`${value}\``);
  return value;
}

export function flagsFrom(args: CliArgs): Flags {
  const mode = args.values.mode ?? 'function';
  if (mode !== 'function' && mode !== 'program') throw new UsageError(`--mode must be function or program, not \`${mode}\``);
  const dialect = args.values.dialect;
  if (dialect !== undefined && !isSqlDialect(dialect)) throw new UsageError(`--dialect must be one of ${SQL_DIALECTS.join(', ')}, not \`${dialect}\``);
  return {
    parallel: args.values.parallel ?? false,
    params: args.values.baked ? 'baked' : 'runtime',
    mode,
    ...(args.values.entry === undefined ? {} : { entry: args.values.entry }),
    ...(dialect === undefined ? {} : { dialect }),
  };
}

export function onlyFile(args: CliArgs): string {
  const [file, ...extra] = args.positionals;
  if (file === undefined) throw new UsageError('a FILE is required');
  if (extra.length > 0) throw new UsageError(`unexpected arguments: ${extra.join(' ')}`);
  return file;
}
