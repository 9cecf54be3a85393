// Go: builds many programs as one module (each program a package, one dispatcher `main`) with a
// single `go build`, and checks them with gofmt and go vet in single runs too.

import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  attributeLines,
  batchBinary,
  compileExcludingFailures,
  indexFromMatch,
  makeTempDir,
  programName,
  PROGRAM_SELECTOR_ENV,
  removeDir,
  reportById,
  writeSourceFiles,
  type BatchBinary,
  type CheckReport,
  type ProgramSource,
  type SourceFile,
} from './batch.js';
import { needToolchain, type GoToolchain } from './detect.js';
import { BuildError } from './errors.js';
import { describeFailure, runProcess, type ProcessResult } from './process.js';

const MODULE = 'codelive/batch';
const GO_MOD = `module ${MODULE}\n\ngo 1.23\n`;
/** Exported so the dispatcher can call it; unlikely to collide with a name in a program. */
const ENTRY = 'CodeliveMain';

/**
 * Every package's `init` runs whichever program is picked, so a program must not read input
 * or print in package-level initialisers (emitted programs do neither).
 */
export async function buildGoBatch(programs: readonly ProgramSource[], timeoutMs: number): Promise<BatchBinary> {
  const started = performance.now();
  const go = await needToolchain('go');
  const dir = await makeTempDir('go');
  const binary = join(dir, 'batch');
  try {
    const rejected = new Map<number, string>();
    const indices: number[] = [];
    await writeFile(join(dir, 'go.mod'), GO_MOD);
    await Promise.all(
      programs.map(async (program, index) => {
        const source = asPackage(program.code, programName(index));
        if ('error' in source) {
          rejected.set(index, source.error);
          return;
        }
        indices.push(index);
        await mkdir(join(dir, programName(index)));
        await writeFile(join(dir, programName(index), 'main.go'), source.source);
      }),
    );
    indices.sort((a, b) => a - b);
    const failures = await compileExcludingFailures('go', indices, async (included) => {
      await writeFile(join(dir, 'main.go'), dispatcherSource(included));
      const result = await runGoTool(go, go.go, ['build', '-o', binary, '.'], dir, timeoutMs);
      const { byProgram, unattributed } = attributeGoOutput(result.stderr);
      return { failures: byProgram, unattributed, complete: result.exitCode === 0 };
    });
    for (const [index, message] of rejected) failures.set(index, message);
    return batchBinary('go', dir, programs, failures, started, (index) => ({
      file: binary,
      args: [],
      cwd: dir,
      env: { [PROGRAM_SELECTOR_ENV]: String(index) },
    }));
  } catch (error) {
    await removeDir(dir);
    throw error;
  }
}

/** `gofmt -d` over all programs at once: per program the diff gofmt wants, or null. */
export async function checkGofmt(sources: readonly SourceFile[], timeoutMs: number): Promise<CheckReport> {
  const go = await needToolchain('go');
  const dir = await makeTempDir('go');
  try {
    const files = await writeSourceFiles(dir, sources, 'go');
    const result = await runGoTool(go, go.gofmt, ['-d', ...files], dir, timeoutMs);
    // Each diff starts with 'diff <file>.orig <file>'; a file that does not parse is reported on
    // stderr as '<file>:<line>:<col>: <message>'.
    const diffs = attributeLines(result.stdout, (line) => indexFromMatch(/^diff p(\d+)\.go\.orig /.exec(line)));
    const errors = attributeLines(result.stderr, (line) => indexFromMatch(/^p(\d+)\.go:/.exec(line)) ?? null);
    const findings = new Map([...diffs.byProgram, ...errors.byProgram]);
    if (result.exitCode !== 0 && findings.size === 0) {
      throw new BuildError('go', describeFailure('gofmt', result), result.stderr);
    }
    return reportById(sources, findings);
  } finally {
    await removeDir(dir);
  }
}

/** `go vet` over all programs at once, each as the standalone `package main` it is. */
export async function goVet(sources: readonly SourceFile[], timeoutMs: number): Promise<CheckReport> {
  const go = await needToolchain('go');
  const dir = await makeTempDir('go');
  try {
    await writeFile(join(dir, 'go.mod'), GO_MOD);
    await Promise.all(
      sources.map(async (source, index) => {
        await mkdir(join(dir, programName(index)));
        await writeFile(join(dir, programName(index), 'main.go'), source.code);
      }),
    );
    // vet reports every failing package in one run, whatever the others do.
    const result = await runGoTool(go, go.go, ['vet', './...'], dir, timeoutMs);
    const { byProgram, unattributed } = attributeGoOutput(result.stderr);
    if (result.exitCode !== 0 && (byProgram.size === 0 || unattributed.length > 0)) {
      throw new BuildError('go', describeFailure('go vet', result), unattributed.join('\n'));
    }
    return reportById(sources, byProgram);
  } finally {
    await removeDir(dir);
  }
}

/** A `package main` file as package `name`, its `main` exported for the dispatcher. */
export function asPackage(code: string, name: string): { source: string } | { error: string } {
  if (!/^package main\b/m.test(code)) return { error: 'no `package main` clause' };
  if (!/^func main\(\)/m.test(code)) return { error: 'no top-level `func main()` at the start of a line' };
  return { source: code.replace(/^package main\b/m, `package ${name}`).replace(/^func main\(\)/m, `func ${ENTRY}()`) };
}

function dispatcherSource(included: readonly number[]): string {
  const imports = included.map((index) => `\t${programName(index)} "${MODULE}/${programName(index)}"`);
  const cases = included.flatMap((index) => [`\tcase "${index}":`, `\t\t${programName(index)}.${ENTRY}()`]);
  return [
    'package main',
    '',
    'import (',
    '\t"fmt"',
    '\t"os"',
    '',
    ...imports,
    ')',
    '',
    'func main() {',
    `\tswitch os.Getenv("${PROGRAM_SELECTOR_ENV}") {`,
    ...cases,
    '\tdefault:',
    `\t\tfmt.Fprintf(os.Stderr, "codelive batch: no program %q\\n", os.Getenv("${PROGRAM_SELECTOR_ENV}"))`,
    '\t\tos.Exit(2)',
    '\t}',
    '}',
    '',
  ].join('\n');
}

/** Runs a tool of the Go toolchain offline; a timeout or crash is a `BuildError`. */
async function runGoTool(go: GoToolchain, file: string, args: readonly string[], cwd: string, timeoutMs: number): Promise<ProcessResult> {
  const result = await runProcess(file, args, { cwd, timeoutMs, env: go.env });
  if (result.timedOut || result.outputLimitExceeded || result.signal !== null) {
    throw new BuildError('go', describeFailure(`${file} ${args[0] ?? ''}`, result), result.stderr);
  }
  return result;
}

/** `go build` and `go vet` print '# <package>' (vet: also '# [<package>]'), then '<dir>/<file>:<line>:<col>: <message>' lines. */
function attributeGoOutput(stderr: string): { byProgram: Map<number, string>; unattributed: string[] } {
  return attributeLines(stderr, (line) => {
    const index = indexFromMatch(/^(?:# \[?codelive\/batch\/|(?:vet: )?(?:\.\/)?)p(\d+)\b/.exec(line));
    return index ?? (/^\s/.test(line) ? undefined : null);
  });
}
