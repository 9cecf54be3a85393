// The Julia target: typed functions, comprehensions and loops; `Threads.@threads` and
// `Threads.@spawn` chunks for `parallel` (docs/julia.md).

import type { Program } from '../../ir/ir.js';
import { hardline, join, type Doc } from '../doc.js';
import type { EmitResult, Flags, Reason, Target } from '../target.js';
import { fileContext } from './context.js';
import { emitKernel } from './kernel.js';
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
