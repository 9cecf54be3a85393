// `codelive` command line: render, run, check, serve.

import { parseArgs } from 'node:util';
import { renderCommand } from './render.js';
import { runCommand } from './run.js';
import { checkCommand } from './check.js';
import { serveCommand } from './serve.js';

const USAGE = `Usage: codelive <command> [options]

Commands:
  render FILE --target T [--parallel] [--baked] [--mode function|program] [--entry KERNEL]
      Print FILE rendered to target T (${'rust, typescript, go'}).
  run FILE --kernel NAME --target T|interp --input ARGS.json [--parallel] [--baked]
      Build and run KERNEL on the local toolchain; print its result as one line of JSON.
      ARGS.json is {"args": {...}, "params": {...}}; with --baked the params are baked in.
  check [FILES...]
      Run every kernel of FILES (default: examples/) on every available target, sequential
      and parallel, against the reference interpreter; print an agreement table.
  serve [--port N] [--host H] [...]
      Start the render server (default http://127.0.0.1:4000); options in docs/operations.md.

Exit status: 0 success, 1 a failure (diagnostics, runtime error, disagreement), 2 usage error.`;

export async function main(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'render':
        return renderCommand(parse(rest));
      case 'run':
        return await runCommand(parse(rest));
      case 'check':
        return await checkCommand(parse(rest));
      case 'serve':
        return await serveCommand(rest);
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        process.stdout.write(`${USAGE}\n`);
        return command === undefined ? 2 : 0;
      default:
        process.stderr.write(`codelive: unknown command \`${command}\`\n\n${USAGE}\n`);
        return 2;
    }
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`codelive ${command}: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
}

export class UsageError extends Error {}

export interface CliArgs {
  readonly positionals: readonly string[];
  readonly values: {
    readonly target?: string;
    readonly kernel?: string;
    readonly input?: string;
    readonly parallel?: boolean;
    readonly baked?: boolean;
    readonly mode?: string;
    readonly entry?: string;
    readonly dialect?: string;
  };
}

function parse(args: readonly string[]): CliArgs {
  try {
    return parseArgs({
      args: [...args],
      allowPositionals: true,
      strict: true,
      options: {
        target: { type: 'string', short: 't' },
        kernel: { type: 'string', short: 'k' },
        input: { type: 'string', short: 'i' },
        parallel: { type: 'boolean' },
        baked: { type: 'boolean' },
        mode: { type: 'string' },
        entry: { type: 'string' },
        dialect: { type: 'string' },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}
