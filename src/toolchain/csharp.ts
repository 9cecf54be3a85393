// C#: builds many programs into one assembly with a single Mono `mcs` run (each program inside
// its own namespace, one dispatcher picking the program's `Main` by reflection) and runs it
// with `mono`. mcs takes about a second per few hundred programs, so batching is what makes
// hundreds of differential cases affordable.

import { writeFile } from 'node:fs/promises';
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
  type BatchBinary,
  type CheckReport,
  type CompileAttempt,
  type SourceFile,
} from './batch.js';
import { BuildError, ToolchainMissing } from './errors.js';
import { describeFailure, runProcess } from './process.js';

export interface CSharpToolchain {
  readonly mcs: string;
  readonly mono: string;
  /** `mcs --version`, e.g. 'Mono C# compiler version 6.8.0.105'. */
  readonly version: string;
}

const PROBE_TIMEOUT_MS = 20_000;
const DISPATCHER_CLASS = 'CodeliveDispatcher';
const DISPATCHER_FILE = 'dispatcher.cs';
/**
 * `-checked-`: the emitted code relies on C#'s default unchecked arithmetic (wrapping i64), so
 * it is stated rather than left to a response file. `-nostdlib-` and references: mcs links
 * System and System.Core (LINQ, PLINQ) by default.
 */
const COMPILE_ARGS = ['-checked-', '-optimize+', '-nologo'];

let probed: Promise<CSharpToolchain | { reason: string }> | undefined;

/** Finds `mcs` and `mono` on PATH (once per process); a reason when either is missing. */
export function probeCSharp(options: { refresh?: boolean } = {}): Promise<CSharpToolchain | { reason: string }> {
  if (probed === undefined || options.refresh === true) probed = probe();
  return probed;
}

async function probe(): Promise<CSharpToolchain | { reason: string }> {
  const mcs = await run('mcs', ['--version']);
  if (mcs === null) return { reason: 'mcs not found on PATH (apt-get install mono-mcs)' };
  const mono = await run('mono', ['--version']);
  if (mono === null) return { reason: 'mono not found on PATH (apt-get install mono-runtime)' };
  return { mcs: 'mcs', mono: 'mono', version: mcs };
}

async function run(file: string, args: readonly string[]): Promise<string | null> {
  try {
    const result = await runProcess(file, args, { timeoutMs: PROBE_TIMEOUT_MS });
    return result.exitCode === 0 ? result.stdout.trim() : null;
  } catch {
    return null;
  }
}

async function needCSharp(): Promise<CSharpToolchain> {
  const found = await probeCSharp();
  if ('reason' in found) throw new ToolchainMissing('csharp', found.reason);
  return found;
}

export interface CSharpBuildOptions {
  /** Treat warnings as errors (`mcs -warnaserror`): a program with a warning does not build. */
  readonly warningsAsErrors?: boolean;
}

/**
 * Compiles all programs into one `batch.exe`; `command(id)` runs one with `mono`. Programs that
 * fail to compile are listed in `compileErrors` and the rest still run.
 */
export async function buildCSharpBatch(programs: readonly SourceFile[], timeoutMs: number, options: CSharpBuildOptions = {}): Promise<BatchBinary> {
  const started = performance.now();
  const cs = await needCSharp();
  const dir = await makeTempDir('csharp');
  const assembly = join(dir, 'batch.exe');
  try {
    const files = await writeNamespaced(dir, programs);
    await writeFile(join(dir, DISPATCHER_FILE), DISPATCHER_SOURCE);
    const failures = await compileExcludingFailures('csharp', programs.map((_, i) => i), async (included) => {
      const args = [
        ...COMPILE_ARGS,
        '-target:exe',
        `-main:${DISPATCHER_CLASS}`,
        ...(options.warningsAsErrors === true ? ['-warnaserror+'] : []),
        `-out:${assembly}`,
        DISPATCHER_FILE,
        ...included.map((i) => files[i]!),
      ];
      return compileAttempt(await runMcs(cs, args, dir, timeoutMs));
    });
    return batchBinary('csharp', dir, programs, failures, started, (index) => ({
      file: cs.mono,
      args: [assembly],
      cwd: dir,
      env: { [PROGRAM_SELECTOR_ENV]: String(index) },
    }));
  } catch (error) {
    await removeDir(dir);
    throw error;
  }
}

/** `mcs -warnaserror` over all programs at once (as a library): per program its findings, or null. */
export async function mcsWarnings(sources: readonly SourceFile[], timeoutMs: number): Promise<CheckReport> {
  const cs = await needCSharp();
  const dir = await makeTempDir('csharp');
  try {
    const files = await writeNamespaced(dir, sources);
    const failures = await compileExcludingFailures('csharp', sources.map((_, i) => i), async (included) => {
      const args = [...COMPILE_ARGS, '-target:library', '-warnaserror+', `-out:${join(dir, 'check.dll')}`, ...included.map((i) => files[i]!)];
      return compileAttempt(await runMcs(cs, args, dir, timeoutMs));
    });
    return reportById(sources, failures);
  } finally {
    await removeDir(dir);
  }
}

/**
 * Each program as `p<index>.cs`, wrapped in `namespace P<index> { ... }` on its first and last
 * lines, so that line numbers in messages match the program's own and equal type names in two
 * programs do not clash. `using` directives may open a namespace body.
 */
async function writeNamespaced(dir: string, sources: readonly SourceFile[]): Promise<string[]> {
  const files = sources.map((_, index) => `${programName(index)}.cs`);
  await Promise.all(
    sources.map((source, index) => writeFile(join(dir, files[index]!), `namespace ${namespaceOf(index)} { ${source.code}\n}\n`)),
  );
  return files;
}

function namespaceOf(index: number): string {
  return `P${index}`;
}

/** Finds the program's `Main` in its namespace (the emitter names the class `Program`). */
const DISPATCHER_SOURCE = [
  'using System;',
  'using System.Linq;',
  'using System.Reflection;',
  '',
  `internal static class ${DISPATCHER_CLASS}`,
  '{',
  '    private static int Main()',
  '    {',
  `        var selected = "P" + Environment.GetEnvironmentVariable("${PROGRAM_SELECTOR_ENV}");`,
  `        var assembly = typeof(${DISPATCHER_CLASS}).Assembly;`,
  '        var flags = BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic;',
  '        var program = assembly.GetType(selected + ".Program");',
  '        var main = program == null ? null : program.GetMethod("Main", flags);',
  '        if (main == null)',
  '        {',
  '            main = assembly.GetTypes()',
  '                .Where(t => t.Namespace == selected)',
  '                .Select(t => t.GetMethod("Main", flags))',
  '                .FirstOrDefault(m => m != null);',
  '        }',
  '        if (main == null)',
  '        {',
  '            Console.Error.WriteLine("codelive batch: no program " + selected);',
  '            return 2;',
  '        }',
  '        var arguments = main.GetParameters().Length == 0 ? null : new object[] { new string[0] };',
  '        var status = main.Invoke(null, arguments);',
  '        var code = status is int ? (int)status : 0;',
  '        // Mono 6.8 sometimes hangs at exit once PLINQ has used the thread pool; Exit does not.',
  '        Console.Out.Flush();',
  '        Console.Error.Flush();',
  '        Environment.Exit(code);',
  '        return code;',
  '    }',
  '}',
  '',
].join('\n');

async function runMcs(cs: CSharpToolchain, args: readonly string[], cwd: string, timeoutMs: number): Promise<{ exitCode: number; output: string }> {
  const result = await runProcess(cs.mcs, args, { cwd, timeoutMs });
  if (result.timedOut || result.outputLimitExceeded || result.signal !== null) {
    throw new BuildError('csharp', describeFailure('mcs', result), result.stderr);
  }
  // mcs prints its diagnostics on stdout.
  return { exitCode: result.exitCode, output: `${result.stdout}\n${result.stderr}` };
}

/**
 * Messages look like 'p3.cs(12,5): error CS0103: ...' (warnings likewise); the closing
 * 'Compilation failed: ...' line is about no program. A parse error stops mcs before it checks
 * the other files, so only a clean run is complete.
 */
function compileAttempt(outcome: { exitCode: number; output: string }): CompileAttempt {
  const { byProgram, unattributed } = attributeLines(outcome.output, (line) => {
    const index = indexFromMatch(/^p(\d+)\.cs\(\d+,\d+\): (?:error|warning)/.exec(line));
    return index ?? null;
  });
  const failures = new Map([...byProgram].filter(([, text]) => / error /.test(text)));
  const other = unattributed.filter((l) => !/^Compilation (?:succeeded|failed)/.test(l) && !/^\s*$/.test(l));
  return { failures, unattributed: other, complete: outcome.exitCode === 0 };
}
