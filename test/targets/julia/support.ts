// Shared by the Julia target's tests: rendering a source the way compile() does (fold, or bake
// the defaults), and asserting that Julia code parses.

import assert from 'node:assert/strict';
import { formatDiagnostic } from '../../../src/diagnostics.js';
import { bakeParams } from '../../../src/ir/bake.js';
import { foldConstants } from '../../../src/ir/fold.js';
import type { Program } from '../../../src/ir/ir.js';
import { analyze } from '../../../src/lang/frontend.js';
import { juliaTarget } from '../../../src/targets/julia/index.js';
import { DEFAULT_FLAGS, type EmitResult, type Flags } from '../../../src/targets/target.js';
import { checkJuliaSyntax, formatSyntaxErrors } from '../../../src/toolchain/julia.js';

export function programOf(source: string, params: Flags['params'] = 'runtime'): Program {
  const front = analyze(source);
  assert.ok(front.program, front.diagnostics.map((d) => formatDiagnostic(d)).join('\n'));
  return params === 'baked' ? bakeParams(front.program, {}) : foldConstants(front.program);
}

export function renderJulia(source: string, flags: Partial<Flags> = {}): EmitResult {
  const all: Flags = { ...DEFAULT_FLAGS, ...flags };
  return juliaTarget.emit(programOf(source, all.params), all);
}

/** Fails with the errors and the numbered code when `code` does not parse. */
export function assertParses(code: string, what: string): void {
  const errors = checkJuliaSyntax(code);
  if (errors.length === 0) return;
  const numbered = code
    .split('\n')
    .map((l, i) => `${String(i + 1).padStart(4)}  ${l}`)
    .join('\n');
  assert.fail(`${what}: Julia syntax errors\n${formatSyntaxErrors(errors)}\n${numbered}`);
}
