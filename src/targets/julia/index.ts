// The Julia target: typed functions, comprehensions and loops; `Threads.@threads` and
// `Threads.@spawn` chunks for `parallel` (docs/julia.md).

import type { Program } from '../../ir/ir.js';
import { hardline, join, type Doc } from '../doc.js';
import type { EmitResult, Flags, Reason, Target } from '../target.js';
import { fileContext, type RecordInfo } from './context.js';
import { emitKernel, type KernelSyntax } from './kernel.js';
import { printJulia } from './printer.js';
import { entryKernel, harness } from './program.js';
import { runtimeSources } from './runtime.js';
import { recordDecl } from './types.js';

export const juliaTarget: Target = {
  name: 'julia',
  displayName: 'Julia',
  extension: 'jl',
  parallel: 'native',
  emit(program: Program, flags: Flags): EmitResult {
    const file = fileContext(program, flags);
    const records = program.records.map((r) => recordDecl(r, file));
    const kernels = program.kernels.map((k) => ({ kernel: k, render: emitKernel(file, k) }));
    const reasons: Reason[] = kernels.flatMap((k) => k.render.reasons);
    const sections: Doc[] = [...records, ...runtimeSources(file.helpers), ...kernels.map((k) => k.render.doc)];
    if (flags.mode === 'program') {
      const entry = entryKernel(program, flags.entry);
      const render = kernels.find((k) => k.kernel === entry)!.render;
      sections.push(...harness(file, entry, render.paramNames));
    }
    const code = printJulia([join([hardline, hardline], sections), hardline]);
    return { code, degraded: reasons.length > 0, reasons, diagnostics: [] };
  },
};

/** The syntax trees behind a render, before printing: for tools and tests that analyse them. */
export interface JuliaSyntax {
  /** By IR record name. */
  readonly records: ReadonlyMap<string, RecordInfo>;
  /** By IR kernel name. */
  readonly kernels: ReadonlyMap<string, KernelSyntax>;
}

export function juliaSyntax(program: Program, flags: Flags): JuliaSyntax {
  const file = fileContext(program, flags);
  return { records: file.records, kernels: new Map(program.kernels.map((k) => [k.name, emitKernel(file, k).syntax])) };
}
