// Rust: builds many programs as one crate (each program a module, one dispatcher `main`) with a
// single rustc run, and checks them with rustfmt and clippy-driver in single runs too.

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
  type CompileAttempt,
  type ProgramSource,
  type SourceFile,
} from './batch.js';
import { needRustTool, needToolchain, type RayonLibrary } from './detect.js';
import { BuildError } from './errors.js';
import { describeFailure, runProcess } from './process.js';

/**
 * Unoptimised: 100 small programs build in about 0.8 s at opt-level 0 against 3.8 s at 1, and
 * test inputs are too small for the slower code to matter. Overflow checks stay on, as in any
 * debug build: emitted code must wrap explicitly (docs/language.md), and a bare `+` that
 * overflows then panics here instead of passing by luck.
 */
const CODEGEN_ARGS = ['-C', 'opt-level=0', '-C', 'overflow-checks=on'];
const ROOT_FILE = 'main.rs';
const EDITION = '2021';

/** Inner attributes a module may carry; crate-level ones (`no_std`, `feature`, …) cannot be batched. */
const MODULE_INNER_ATTRIBUTES = new Set(['allow', 'warn', 'deny', 'forbid', 'expect']);

interface Crate {
  readonly dir: string;
  /** Index → why the program cannot even be put into the crate. */
  readonly rejected: Map<number, string>;
  readonly indices: readonly number[];
}

export async function buildRustBatch(programs: readonly ProgramSource[], timeoutMs: number): Promise<BatchBinary> {
  const started = performance.now();
  const rust = await needToolchain('rust');
  const rayon = programs.some(usesRayon) ? await needToolchain('rayon') : null;
  const crate = await writeCrate(programs);
  const binary = join(crate.dir, 'batch');
  try {
    const failures = await compileExcludingFailures('rust', crate.indices, async (included) => {
      await writeFile(join(crate.dir, ROOT_FILE), dispatcherSource(included));
      const args = [...crateArgs(rayon), '-A', 'warnings', ...CODEGEN_ARGS, '-o', binary, ROOT_FILE];
      const outcome = await runRustc(rust.rustc, args, crate.dir, timeoutMs);
      // Only a clean run leaves a binary behind.
      return { ...attemptFromJson(outcome), complete: outcome.exitCode === 0 };
    });
    for (const [index, message] of crate.rejected) failures.set(index, message);
    return batchBinary('rust', crate.dir, programs, failures, started, (index) => ({
      file: binary,
      args: [],
      cwd: crate.dir,
      env: { [PROGRAM_SELECTOR_ENV]: String(index) },
    }));
  } catch (error) {
    await removeDir(crate.dir);
    throw error;
  }
}

/** clippy-driver with `-D warnings` over all programs at once; findings are per program. */
export async function clippy(programs: readonly ProgramSource[], timeoutMs: number): Promise<CheckReport> {
  const { path: clippyDriver } = await needRustTool('clippy');
  const rayon = programs.some(usesRayon) ? await needToolchain('rayon') : null;
  const crate = await writeCrate(programs);
  try {
    const failures = await compileExcludingFailures('rust', crate.indices, async (included) => {
      await writeFile(join(crate.dir, ROOT_FILE), dispatcherSource(included));
      const args = [...crateArgs(rayon), '-D', 'warnings', '--emit=metadata', '--out-dir', join(crate.dir, 'out'), ROOT_FILE];
      return attemptFromJson(await runRustc(clippyDriver, args, crate.dir, timeoutMs));
    });
    for (const [index, message] of crate.rejected) failures.set(index, message);
    return reportById(programs, failures);
  } finally {
    await removeDir(crate.dir);
  }
}

/** `rustfmt --check` over all programs at once: per program the diff rustfmt wants, or null. */
export async function checkRustfmt(sources: readonly SourceFile[], timeoutMs: number): Promise<CheckReport> {
  const { path: rustfmt } = await needRustTool('rustfmt');
  const dir = await makeTempDir('rust');
  try {
    const files = await writeSourceFiles(dir, sources, 'rs');
    const args = ['--check', '--edition', EDITION, '--color', 'never', ...files];
    const result = await runProcess(rustfmt, args, { cwd: dir, timeoutMs });
    if (result.timedOut || result.outputLimitExceeded) throw new BuildError('rust', describeFailure('rustfmt', result), '');
    // Diffs go to stdout, each under a 'Diff in <path>:<line>:' header ('<path> at line <line>:'
    // in older rustfmt); parse errors go to stderr as an 'error:' line, then indented lines and
    // a '--> <path>:<line>:<col>' line. Paths are made relative so that reports do not depend
    // on where the temp directory was.
    const stdout = result.stdout.replaceAll(`${dir}/`, '');
    const stderr = result.stderr.replaceAll(`${dir}/`, '');
    const diffs = attributeLines(stdout, (line) => indexFromMatch(/^Diff in p(\d+)\.rs[: ]/.exec(line)));
    const findings = new Map(diffs.byProgram);
    for (const block of stderr.split(/\n(?=error)/)) {
      const index = indexFromMatch(/--> p(\d+)\.rs:/.exec(block));
      if (index !== undefined) findings.set(index, [findings.get(index), block.trimEnd()].filter(Boolean).join('\n'));
    }
    if (result.exitCode !== 0 && findings.size === 0) {
      throw new BuildError('rust', describeFailure('rustfmt', result), result.stderr);
    }
    return reportById(sources, findings);
  } finally {
    await removeDir(dir);
  }
}

function usesRayon(program: ProgramSource): boolean {
  return program.parallel || /\brayon::/.test(program.code);
}

function crateArgs(rayon: RayonLibrary | null): string[] {
  const link = rayon === null ? [] : ['--extern', `rayon=${rayon.rlib}`, '-L', `dependency=${rayon.deps}`];
  return ['--edition', EDITION, '--crate-type', 'bin', '--crate-name', 'codelive_batch', '--error-format=json', ...link];
}

async function writeCrate(programs: readonly ProgramSource[]): Promise<Crate> {
  const dir = await makeTempDir('rust');
  const rejected = new Map<number, string>();
  const indices: number[] = [];
  await mkdir(join(dir, 'out'));
  await Promise.all(
    programs.map(async (program, index) => {
      const module = asModule(program.code);
      if ('error' in module) {
        rejected.set(index, module.error);
        return;
      }
      indices.push(index);
      await writeFile(join(dir, `${programName(index)}.rs`), module.source);
    }),
  );
  indices.sort((a, b) => a - b);
  return { dir, rejected, indices };
}

/** A program file as a module: its `fn main` made public so that the dispatcher can call it. */
export function asModule(code: string): { source: string } | { error: string } {
  for (const match of code.matchAll(/^\s*#!\[\s*([\w:]+)/gm)) {
    const attribute = match[1] ?? '';
    if (!MODULE_INNER_ATTRIBUTES.has(attribute)) {
      return { error: `crate-level attribute #![${attribute}] cannot be compiled as part of a batch` };
    }
  }
  if (!/^fn main\s*\(/m.test(code)) return { error: 'no top-level `fn main()` at the start of a line' };
  return { source: code.replace(/^fn main(\s*)\(/m, 'pub fn main$1(') };
}

/** The crate root: one module per program and a `main` that runs the one the environment names. */
function dispatcherSource(included: readonly number[]): string {
  const modules = included.map((index) => `mod ${programName(index)};`);
  const arms = included.map((index) => `        Ok("${index}") => run(${programName(index)}::main),`);
  return [
    ...modules,
    '',
    '// `Termination` gives each program the exit status and error report its own `main` would.',
    'fn run<T: std::process::Termination>(program: fn() -> T) -> std::process::ExitCode {',
    '    program().report()',
    '}',
    '',
    'fn main() -> std::process::ExitCode {',
    `    match std::env::var("${PROGRAM_SELECTOR_ENV}").as_deref() {`,
    ...arms,
    '        other => {',
    `            eprintln!("codelive batch: no program {other:?}");`,
    '            std::process::ExitCode::from(2)',
    '        }',
    '    }',
    '}',
    '',
  ].join('\n');
}

interface RustcOutcome {
  readonly exitCode: number;
  readonly diagnostics: readonly RustcDiagnostic[];
  readonly otherOutput: string;
}

interface RustcDiagnostic {
  readonly level: string;
  readonly code: { readonly code: string } | null;
  readonly rendered: string | null;
  readonly message: string;
  readonly spans: readonly { readonly file_name: string; readonly is_primary: boolean }[];
}

async function runRustc(compiler: string, args: readonly string[], cwd: string, timeoutMs: number): Promise<RustcOutcome> {
  const result = await runProcess(compiler, args, { cwd, timeoutMs });
  if (result.timedOut || result.outputLimitExceeded || result.signal !== null) {
    throw new BuildError('rust', describeFailure(compiler, result), result.stderr);
  }
  const diagnostics: RustcDiagnostic[] = [];
  const other: string[] = [];
  for (const line of result.stderr.split('\n')) {
    if (line.startsWith('{')) diagnostics.push(JSON.parse(line) as RustcDiagnostic);
    else if (line.trim() !== '') other.push(line);
  }
  return { exitCode: result.exitCode, diagnostics, otherOutput: other.join('\n') };
}

/**
 * Errors are blamed on the program file of their primary span. Lint findings leave the run
 * complete; a hard error (type, syntax) stops rustc before later passes look at other
 * programs, so it asks for a rerun without the broken program.
 */
function attemptFromJson(outcome: RustcOutcome): CompileAttempt {
  const failures = new Map<number, string>();
  const unattributed: string[] = outcome.otherOutput === '' ? [] : [outcome.otherOutput];
  let hardErrors = 0;
  for (const diagnostic of outcome.diagnostics) {
    if (diagnostic.level !== 'error' || /^aborting due to/.test(diagnostic.message)) continue;
    const file = diagnostic.spans.find((span) => span.is_primary)?.file_name ?? diagnostic.spans[0]?.file_name ?? '';
    const index = indexFromMatch(/^p(\d+)\.rs$/.exec(file));
    const text = (diagnostic.rendered ?? diagnostic.message).trimEnd();
    if (!isLint(diagnostic)) hardErrors++;
    if (index === undefined) unattributed.push(text);
    else failures.set(index, [failures.get(index), text].filter(Boolean).join('\n'));
  }
  if (outcome.exitCode !== 0 && failures.size === 0 && unattributed.length === 0) {
    unattributed.push(`rustc exited with code ${outcome.exitCode} without a diagnostic`);
  }
  return { failures, unattributed, complete: outcome.exitCode === 0 || (hardErrors === 0 && unattributed.length === 0) };
}

function isLint(diagnostic: RustcDiagnostic): boolean {
  const code = diagnostic.code?.code;
  return code !== undefined && !/^E\d{4}$/.test(code);
}

