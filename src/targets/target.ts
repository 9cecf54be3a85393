// The contract between the compiler driver and the per-target emitters.

import type { Diagnostic } from '../diagnostics.js';
import type { Program } from '../ir/ir.js';

export type TargetName = 'typescript' | 'rust' | 'go' | 'csharp' | 'sql' | 'julia';
export type SqlDialect = 'sqlite' | 'postgres' | 'duckdb';

export const SQL_DIALECTS: readonly SqlDialect[] = ['sqlite', 'postgres', 'duckdb'];

export function isSqlDialect(name: string): name is SqlDialect {
  return (SQL_DIALECTS as readonly string[]).includes(name);
}

export interface Flags {
  /** Render the parallel form where the target has one. */
  readonly parallel: boolean;
  /** 'runtime': params are function parameters; 'baked': their values are folded in as constants. */
  readonly params: 'runtime' | 'baked';
  /** 'function': the kernels as functions; 'program': a complete file reading JSON on stdin. */
  readonly mode: 'function' | 'program';
  /** Program mode: the kernel `main` runs; default the first kernel. */
  readonly entry?: string;
  readonly dialect?: SqlDialect;
}

export const DEFAULT_FLAGS: Flags = { parallel: false, params: 'runtime', mode: 'function' };

/** Why a render is `degraded`: machine-readable `code`, human `message`, and where. */
export interface Reason {
  /** e.g. 'no-shared-memory-parallelism', 'sequential-reduce', 'sequential-scan'. */
  readonly code: string;
  readonly message: string;
  readonly kernel?: string;
}

export interface EmitResult {
  readonly code: string;
  readonly degraded: boolean;
  readonly reasons: readonly Reason[];
  /** Non-empty only when this target cannot express the program; then `code` is ''. */
  readonly diagnostics: readonly Diagnostic[];
}

export interface TargetInfo {
  readonly name: TargetName;
  readonly displayName: string;
  /** File extension of a rendered program, without the dot. */
  readonly extension: string;
  /** 'native' when `parallel` has a real parallel form in this target. */
  readonly parallel: 'native' | 'none';
  readonly dialects?: readonly SqlDialect[];
}

export interface Target extends TargetInfo {
  /** Pure and deterministic: the same program and flags give byte-identical code. */
  emit(program: Program, flags: Flags): EmitResult;
}
