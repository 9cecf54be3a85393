import { readFileSync } from 'node:fs';
import { compile } from '../compile.js';
import { analyze } from '../lang/frontend.js';
import { interpret, RuntimeError } from '../ir/interp.js';
import { InputError, parseInput, valueToJson } from '../ir/values.js';
import { checkParamValues } from '../params.js';
import { buildAndRun, BuildError, CompileError, runSqlProgram, ToolchainMissing, type RunResult } from '../toolchain/index.js';
import { isTargetName, TARGET_NAMES } from '../targets/registry.js';
import type { Flags, TargetName } from '../targets/target.js';
import { DEFAULT_DIALECT } from '../targets/sql/dialect.js';
import { JuliaMissing, runJulia } from '../toolchain/julia.js';
import { UsageError, type CliArgs } from './main.js';
import { flagsFrom, onlyFile, printDiagnostics, readSource } from './common.js';

export async function runCommand(args: CliArgs): Promise<number> {
  const file = onlyFile(args);
  const { kernel, target, input: inputPath } = args.values;
  if (kernel === undefined) throw new UsageError('--kernel is required');
  if (inputPath === undefined) throw new UsageError('--input is required');
  if (target === undefined || (target !== 'interp' && !isTargetName(target))) {
    throw new UsageError(`--target must be interp or one of ${TARGET_NAMES.join(', ')}, not \`${target ?? ''}\``);
  }
  const source = readSource(file);
  if (source === null) return 1;
  const front = analyze(source);
  printDiagnostics(front.diagnostics, file);
  if (!front.program) return 1;
  const decl = front.program.kernels.find((k) => k.name === kernel);
  if (!decl) {
    process.stderr.write(`codelive run: ${file} has no kernel \`${kernel}\` (it has ${front.program.kernels.map((k) => `\`${k.name}\``).join(', ')})\n`);
    return 1;
  }

  const inputText = readFileSync(inputPath, 'utf8');
  let input;
  try {
    input = parseInput(inputText, kernel, front.program);
  } catch (error) {
    if (error instanceof InputError || error instanceof SyntaxError) {
      process.stderr.write(`codelive run: ${inputPath}: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
  const rangeErrors = checkParamValues(front.program, input.params);
  printDiagnostics(rangeErrors, inputPath);
  if (rangeErrors.length > 0) return 1;

  if (target === 'interp') {
    try {
      process.stdout.write(`${valueToJson(interpret(front.program, kernel, input.args, input.params), decl.ret)}\n`);
      return 0;
    } catch (error) {
      if (!(error instanceof RuntimeError)) throw error;
      process.stderr.write(`error: ${error.code}: ${error.message}\n`);
      return 1;
    }
  }

  const flags = flagsFrom(args);
  const result = compile(source, { ...flags, target, mode: 'program', entry: kernel, paramValues: input.params });
  const render = result.renders[0]!;
  printDiagnostics([...result.diagnostics, ...render.diagnostics], file);
  if (render.diagnostics.length > 0) return 1;
  try {
    const run = await runRendered(target, render.code, inputText, flags);
    process.stdout.write(run.stdout);
    process.stderr.write(run.stderr);
    return run.exitCode === 0 ? 0 : 1;
  } catch (error) {
    if (error instanceof ToolchainMissing || error instanceof BuildError || error instanceof CompileError || error instanceof JuliaMissing) {
      process.stderr.write(`codelive run: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
}

/** Builds (where the target compiles) and runs a program-mode render on the local toolchain. */
function runRendered(target: TargetName, code: string, stdin: string, flags: Flags): Promise<RunResult> {
  switch (target) {
    case 'julia':
      return runJulia(code, stdin);
    case 'sql':
      return runSqlProgram(flags.dialect ?? DEFAULT_DIALECT, code, stdin);
    default:
      return buildAndRun(target, code, stdin, { parallel: flags.parallel });
  }
}
