// The Node flags a benchmark's server process runs with: those of `codelive serve`
// (bin/codelive.mjs), the benchmark's own, tsx, then any given in CHILD_ARGS (e.g. "--trace-gc").

/** Flags of `codelive serve` (the shebang of bin/codelive.mjs and `npm start`). */
const SERVE_FLAGS = ['--v8-pool-size=1'];

export function serverExecArgv(...benchFlags: string[]): string[] {
  return [...SERVE_FLAGS, ...benchFlags, '--import', 'tsx', ...childArgs()];
}

/** CHILD_ARGS, split: Node flags the caller wants in the server processes. */
export function childArgs(): string[] {
  return process.env['CHILD_ARGS']?.split(' ').filter(Boolean) ?? [];
}
