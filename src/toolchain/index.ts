// The build-and-run layer: compiles emitted Rust, Go and TypeScript programs with the local
// toolchains, one compiler run per batch, and runs them on given input.

import { assertUniqueIds, type BatchBinary, type CheckReport, type ProgramSource, type SourceFile } from './batch.js';
import { timeLimits } from './config.js';
import { CompileError, type BuildTarget } from './errors.js';
import { buildGoBatch, checkGofmt as gofmtCheck, goVet as goVetCheck } from './go.js';
import { runProcess, type ProcessResult } from './process.js';
import { buildRustBatch, checkRustfmt as rustfmtCheck, clippy as clippyCheck } from './rust.js';
import { buildTypeScriptBatch, tscStrict as tscStrictCheck } from './typescript.js';
import { buildCSharpBatch } from './csharp.js';

export type { BatchBinary, CheckReport, Command, ProgramSource, SourceFile } from './batch.js';
export { cacheDir, timeLimits } from './config.js';
export {
  detectToolchains,
  type GoToolchain,
  type RayonLibrary,
  type RustToolchain,
  type Toolchains,
  type TypeScriptToolchain,
} from './detect.js';
export { BuildError, CompileError, ToolchainMissing, type BuildTarget, type ToolName } from './errors.js';
export type { ProcessResult as RunResult } from './process.js';
export { openSqlEngine, runSqlProgram, type BoundStatement, type SqlEngine } from './sql.js';

export interface TimeoutOption {
  /** Defaults to CODELIVE_BUILD_TIMEOUT_MS (checks and builds) or CODELIVE_RUN_TIMEOUT_MS (runs). */
  readonly timeoutMs?: number;
}

/**
 * Compiles all programs with one compiler run (more only to drop programs that do not
 * compile: those are listed in `compileErrors` and the rest still run). Dispose the result.
 */
export function buildBatch(target: BuildTarget, programs: readonly ProgramSource[], options: TimeoutOption = {}): Promise<BatchBinary> {
  assertUniqueIds(programs);
  const timeoutMs = options.timeoutMs ?? timeLimits().buildMs;
  switch (target) {
    case 'rust':
      return buildRustBatch(programs, timeoutMs);
    case 'go':
      return buildGoBatch(programs, timeoutMs);
    case 'typescript':
      return buildTypeScriptBatch(programs);
    case 'csharp':
      return buildCSharpBatch(programs, timeoutMs);
  }
}

/** Runs one program of a batch with `stdin` as its input. */
export async function runProgram(batch: BatchBinary, id: string, stdin: string, options: TimeoutOption = {}): Promise<ProcessResult> {
  const command = batch.command(id);
  if (command === undefined) {
    throw new CompileError(batch.target, id, batch.compileErrors.get(id) ?? `no program '${id}' in this batch`);
  }
  return runProcess(command.file, command.args, {
    cwd: command.cwd,
    env: command.env,
    stdin,
    timeoutMs: options.timeoutMs ?? timeLimits().runMs,
  });
}

/** Compiles one program in a temporary directory, runs it once, and cleans up. */
export async function buildAndRun(
  target: BuildTarget,
  code: string,
  stdin: string,
  options: { readonly parallel: boolean; readonly buildTimeoutMs?: number; readonly runTimeoutMs?: number },
): Promise<ProcessResult> {
  const id = 'main';
  const batch = await buildBatch(target, [{ id, code, parallel: options.parallel }], { timeoutMs: options.buildTimeoutMs });
  try {
    return await runProgram(batch, id, stdin, { timeoutMs: options.runTimeoutMs });
  } finally {
    await batch.dispose();
  }
}

/** Per program, the diff `rustfmt --check --edition 2021` wants, or null when formatted. */
export function checkRustfmt(sources: readonly SourceFile[], options: TimeoutOption = {}): Promise<CheckReport> {
  assertUniqueIds(sources);
  return rustfmtCheck(sources, options.timeoutMs ?? timeLimits().buildMs);
}

/** Per program, clippy's findings under `-D warnings`, or null when clean. */
export function clippy(programs: readonly ProgramSource[], options: TimeoutOption = {}): Promise<CheckReport> {
  assertUniqueIds(programs);
  return clippyCheck(programs, options.timeoutMs ?? timeLimits().buildMs);
}

/** Per program, the diff gofmt wants, or null when formatted. */
export function checkGofmt(sources: readonly SourceFile[], options: TimeoutOption = {}): Promise<CheckReport> {
  assertUniqueIds(sources);
  return gofmtCheck(sources, options.timeoutMs ?? timeLimits().buildMs);
}

/** Per program, go vet's findings, or null when clean. */
export function goVet(sources: readonly SourceFile[], options: TimeoutOption = {}): Promise<CheckReport> {
  assertUniqueIds(sources);
  return goVetCheck(sources, options.timeoutMs ?? timeLimits().buildMs);
}

/** Per program, `tsc --noEmit --strict` errors, or null when it type-checks. */
export function tscStrict(sources: readonly SourceFile[], options: TimeoutOption = {}): Promise<CheckReport> {
  assertUniqueIds(sources);
  return tscStrictCheck(sources, options.timeoutMs ?? timeLimits().buildMs);
}
