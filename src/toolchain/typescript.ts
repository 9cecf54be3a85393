// TypeScript: programs are transpiled with esbuild (types stripped, nothing checked) and run
// with this Node, one process per run; `tscStrict` type-checks many of them in one tsc run.

import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  attributeLines,
  batchBinary,
  indexFromMatch,
  makeTempDir,
  programName,
  removeDir,
  reportById,
  writeSourceFiles,
  type BatchBinary,
  type CheckReport,
  type ProgramSource,
  type SourceFile,
} from './batch.js';
import { needToolchain } from './detect.js';
import { BuildError } from './errors.js';
import { describeFailure, runProcess } from './process.js';

const NODE_TARGET = 'node20';
/** Makes `.ts` files ES modules under `--module nodenext`, as emitted programs are. */
const PACKAGE_JSON = '{ "type": "module" }\n';

export async function buildTypeScriptBatch(programs: readonly ProgramSource[]): Promise<BatchBinary> {
  const started = performance.now();
  const ts = await needToolchain('typescript');
  // Loaded here, not at the top, so that a missing esbuild is a ToolchainMissing, not a crash.
  const { transform } = await import('esbuild');
  const dir = await makeTempDir('typescript');
  try {
    const failures = new Map<number, string>();
    await Promise.all(
      programs.map(async (program, index) => {
        try {
          const { code } = await transform(program.code, {
            loader: 'ts',
            format: 'esm',
            target: NODE_TARGET,
            sourcefile: `${programName(index)}.ts`,
          });
          await writeFile(join(dir, `${programName(index)}.mjs`), code);
        } catch (error) {
          failures.set(index, (error as Error).message);
        }
      }),
    );
    return batchBinary('typescript', dir, programs, failures, started, (index) => ({
      file: ts.node,
      args: [`${programName(index)}.mjs`],
      cwd: dir,
      env: {},
    }));
  } catch (error) {
    await removeDir(dir);
    throw error;
  }
}

/** `tsc --noEmit --strict` over all programs in one run; findings are tsc's errors per program. */
export async function tscStrict(sources: readonly SourceFile[], timeoutMs: number): Promise<CheckReport> {
  const ts = await needToolchain('typescript');
  const dir = await makeTempDir('typescript');
  try {
    const files = await writeSourceFiles(dir, sources, 'ts');
    await writeFile(join(dir, 'package.json'), PACKAGE_JSON);
    const args = [
      ts.tsc,
      '--noEmit',
      '--strict',
      '--target', 'es2022',
      '--lib', 'es2022',
      '--module', 'nodenext',
      '--types', 'node',
      '--typeRoots', ts.typeRoots,
      '--skipLibCheck',
      '--pretty', 'false',
      ...files,
    ];
    const result = await runProcess(ts.node, args, { cwd: dir, timeoutMs });
    if (result.timedOut || result.outputLimitExceeded || result.signal !== null) {
      throw new BuildError('typescript', describeFailure('tsc', result), result.stdout);
    }
    // '<file>(<line>,<col>): error TS<n>: <message>', continued on indented lines.
    const { byProgram, unattributed } = attributeLines(result.stdout, (line) => {
      const index = indexFromMatch(/^p(\d+)\.ts\(/.exec(line));
      return index ?? (/^\s/.test(line) ? undefined : null);
    });
    if (unattributed.length > 0 || (result.exitCode !== 0 && byProgram.size === 0)) {
      throw new BuildError('typescript', describeFailure('tsc', result), [...unattributed, result.stderr].join('\n'));
    }
    return reportById(sources, byProgram);
  } finally {
    await removeDir(dir);
  }
}
