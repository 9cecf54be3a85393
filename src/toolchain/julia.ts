// Julia without a Julia: syntax checking with a real Julia grammar from Node, and running a
// program with `julia` when one is on the PATH.
//
// The grammar is @plutojl/lezer-julia (Pluto's editor grammar). Of the two Julia grammars that
// run in Node it is the stricter: tree-sitter-julia accepts a stray `end`. Lezer recovers from
// every syntax error by inserting an error node (`⚠`), so a program is well-formed exactly when
// its tree holds none.

import { access, constants, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { parser } from '@plutojl/lezer-julia';
import { timeLimits } from './config.js';
import { runProcess, type ProcessResult } from './process.js';

// The package's type declarations name a type @lezer/common does not export; this is the part
// of lezer's Tree API used here.
interface LezerNode {
  readonly type: { readonly isError: boolean };
  readonly from: number;
  readonly to: number;
}
const juliaParser = parser as unknown as { parse(input: string): { iterate(spec: { enter(node: LezerNode): void }): void } };

export interface JuliaSyntaxError {
  /** 1-based. */
  readonly line: number;
  /** 1-based, in code points. */
  readonly column: number;
  readonly message: string;
}

/** Every syntax error lezer-julia finds in `code` (none for a well-formed program). */
export function checkJuliaSyntax(code: string): JuliaSyntaxError[] {
  const errors: JuliaSyntaxError[] = [];
  juliaParser.parse(code).iterate({
    enter(node) {
      if (!node.type.isError) return;
      const { line, column } = position(code, node.from);
      errors.push({ line, column, message: `unexpected ${describe(code, node.from)}` });
    },
  });
  return errors;
}

function position(code: string, offset: number): { line: number; column: number } {
  const before = code.slice(0, offset);
  const lineStart = before.lastIndexOf('\n') + 1;
  return { line: before.split('\n').length, column: [...before.slice(lineStart)].length + 1 };
}

/** What an error node stands at: the next word of the input, or its end. */
function describe(code: string, offset: number): string {
  const rest = code.slice(offset).trimStart();
  if (rest.length === 0) return 'end of input (something is left open)';
  return `\`${rest.split(/\s/)[0]!.slice(0, 40)}\``;
}

/** `line:column: message`, one per line, for test failures and the CLI. */
export function formatSyntaxErrors(errors: readonly JuliaSyntaxError[]): string {
  return errors.map((e) => `${e.line}:${e.column}: ${e.message}`).join('\n');
}

export const NO_JULIA = 'no Julia runtime found (install julia ≥ 1.9 and put it on PATH)';

/** The first `julia` executable on the PATH, or null. */
export async function findJulia(): Promise<string | null> {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir === '') continue;
    const candidate = join(dir, 'julia');
    try {
      await access(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return null;
}

export class JuliaMissing extends Error {
  override readonly name = 'JuliaMissing';
  constructor() {
    super(NO_JULIA);
  }
}

/**
 * Runs a program-mode render with `julia` on `stdin`, with as many threads as CPUs (parallel
 * renders use them). Throws `JuliaMissing` when there is no `julia` on the PATH.
 */
export async function runJulia(code: string, stdin: string, options: { readonly timeoutMs?: number } = {}): Promise<ProcessResult> {
  const julia = await findJulia();
  if (julia === null) throw new JuliaMissing();
  const dir = await mkdtemp(join(tmpdir(), 'codelive-julia-'));
  try {
    const file = join(dir, 'main.jl');
    await writeFile(file, code);
    return await runProcess(julia, ['--startup-file=no', '--history-file=no', '--threads=auto', file], {
      cwd: dir,
      stdin,
      timeoutMs: options.timeoutMs ?? timeLimits().runMs,
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
