// What every target's batch build shares: the program and result types, the temp directory,
// and the loop that drops programs that do not compile so that one bad program costs the rest
// of the batch nothing.

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BuildError, type BuildTarget } from './errors.js';

export interface SourceFile {
  /** Any string, unique within a batch; files are stored as `p<index>` whatever their id. */
  readonly id: string;
  /** A complete program (`fn main`, `package main`, a top-level TS script). */
  readonly code: string;
}

export interface ProgramSource extends SourceFile {
  /** Rust: link rayon. Other targets need nothing extra. */
  readonly parallel: boolean;
}

export interface Command {
  readonly file: string;
  readonly args: readonly string[];
  readonly cwd: string;
  readonly env: Readonly<Record<string, string>>;
}

export interface BatchBinary {
  readonly target: BuildTarget;
  /** Holds the sources and the binary; removed by `dispose`. */
  readonly dir: string;
  /** Programs that did not compile, by id, with the compiler's messages (which name the file `p<index>`). */
  readonly compileErrors: ReadonlyMap<string, string>;
  readonly buildMs: number;
  /** How to start one program; undefined when it is unknown or did not compile. */
  command(id: string): Command | undefined;
  dispose(): Promise<void>;
}

/** Findings of a quality check for each program id: null when the program is clean. */
export type CheckReport = ReadonlyMap<string, string | null>;

/** Environment variable the Rust and Go dispatchers read to pick a program. */
export const PROGRAM_SELECTOR_ENV = 'CODELIVE_PROGRAM';

export function programName(index: number): string {
  return `p${index}`;
}

export function assertUniqueIds(programs: readonly { id: string }[]): void {
  const seen = new Set<string>();
  for (const { id } of programs) {
    if (seen.has(id)) throw new Error(`duplicate program id '${id}' in one batch`);
    seen.add(id);
  }
}

export function makeTempDir(target: BuildTarget): Promise<string> {
  return mkdtemp(join(tmpdir(), `codelive-${target}-`));
}

export function removeDir(dir: string): Promise<void> {
  return rm(dir, { recursive: true, force: true });
}

/** Writes each source as `p<index>.<extension>` in `dir`; returns the file names in order. */
export async function writeSourceFiles(dir: string, sources: readonly SourceFile[], extension: string): Promise<string[]> {
  const files = sources.map((_, index) => `${programName(index)}.${extension}`);
  await Promise.all(sources.map((source, index) => writeFile(join(dir, files[index] ?? ''), source.code)));
  return files;
}

/** A built batch whose program `index` starts with `commandFor(index)`. */
export function batchBinary(
  target: BuildTarget,
  dir: string,
  programs: readonly SourceFile[],
  failures: ReadonlyMap<number, string>,
  startedAt: number,
  commandFor: (index: number) => Command,
): BatchBinary {
  const indexById = new Map(programs.map((program, index) => [program.id, index]));
  return {
    target,
    dir,
    compileErrors: new Map([...failures].sort(([a], [b]) => a - b).map(([index, message]) => [programs[index]?.id ?? '', message])),
    buildMs: performance.now() - startedAt,
    command: (id) => {
      const index = indexById.get(id);
      return index === undefined || failures.has(index) ? undefined : commandFor(index);
    },
    dispose: () => removeDir(dir),
  };
}

/** What one compiler run said, by program index. */
export interface CompileAttempt {
  /** Messages the compiler attributed to a program. */
  readonly failures: ReadonlyMap<number, string>;
  /** Error messages about no program in particular. */
  readonly unattributed: readonly string[];
  /** True when the compiler saw every program it was given (no rerun needed to hear the rest). */
  readonly complete: boolean;
}

/**
 * Runs `compile` on all programs, then again without the ones it blamed, until a run is
 * complete. Returns the accumulated messages per program index.
 */
export async function compileExcludingFailures(
  target: BuildTarget,
  indices: readonly number[],
  compile: (included: readonly number[]) => Promise<CompileAttempt>,
): Promise<Map<number, string>> {
  const failures = new Map<number, string>();
  let included = [...indices];
  while (included.length > 0) {
    const attempt = await compile(included);
    for (const [index, message] of attempt.failures) {
      failures.set(index, [failures.get(index), message].filter((m) => m !== undefined).join('\n'));
    }
    if (attempt.complete) break;
    if (attempt.failures.size === 0) {
      throw new BuildError(target, `${target} build failed`, attempt.unattributed.join('\n'));
    }
    included = included.filter((index) => !attempt.failures.has(index));
  }
  return failures;
}

/** Keys a per-index map by program id; programs without an entry are clean (null). */
export function reportById(programs: readonly { id: string }[], byIndex: ReadonlyMap<number, string>): CheckReport {
  return new Map(programs.map((program, index) => [program.id, byIndex.get(index) ?? null]));
}

/**
 * Splits compiler output lines by the program they are about. `classify` says, per line: a
 * program index (a message about that program starts), null (a message about no program
 * starts), or undefined (the line continues the current message).
 */
export function attributeLines(
  output: string,
  classify: (line: string) => number | null | undefined,
): { byProgram: Map<number, string>; unattributed: string[] } {
  const byProgram = new Map<number, string[]>();
  const unattributed: string[] = [];
  let current: string[] = unattributed;
  for (const line of output.split('\n')) {
    if (line.trim() === '') continue;
    const index = classify(line);
    if (index === null) {
      current = unattributed;
    } else if (index !== undefined) {
      current = byProgram.get(index) ?? [];
      byProgram.set(index, current);
    }
    current.push(line);
  }
  return { byProgram: new Map([...byProgram].map(([index, lines]) => [index, lines.join('\n')])), unattributed };
}

/** The program index in a regex match's first group, if any. */
export function indexFromMatch(match: RegExpExecArray | null): number | undefined {
  return match?.[1] === undefined ? undefined : Number(match[1]);
}
