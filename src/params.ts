// Validation of what callers supply besides the source: param values (CLI input, server, live
// sliders) and the program-mode entry kernel.

import { diag, type Diagnostic } from './diagnostics.js';
import type { Program, ScalarValue } from './ir/ir.js';
import type { Flags } from './targets/target.js';

export function checkParamValues(program: Program, values: Readonly<Record<string, ScalarValue>>): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const [name, value] of Object.entries(values)) {
    const decl = program.params.find((p) => p.name === name);
    if (!decl) {
      out.push(diag('CL5001', 'Unknown param', `There is no param \`${name}\`.`, null));
      continue;
    }
    const kind = decl.type.kind;
    const ok =
      (kind === 'i64' && typeof value === 'bigint') ||
      (kind === 'f64' && typeof value === 'number' && Number.isFinite(value)) ||
      (kind === 'bool' && typeof value === 'boolean');
    if (!ok) {
      out.push(diag('CL5002', 'Wrong param value type', `Param \`${name}\` is \`${kind}\`; got ${describe(value)}.`, decl.span));
      continue;
    }
    if ((decl.min !== null && value < decl.min) || (decl.max !== null && value > decl.max)) {
      out.push(
        diag(
          'CL5003',
          'Param value out of range',
          `Param \`${name}\` must be within ${String(decl.min)}..${String(decl.max)}; got ${String(value)}.`,
          decl.span,
        ),
      );
    }
  }
  return out;
}

function describe(value: ScalarValue): string {
  if (typeof value === 'number' && !Number.isFinite(value)) return `the non-finite number ${value}`;
  return `the ${typeof value === 'bigint' ? 'integer' : typeof value} ${String(value)}`;
}

/** Program mode runs one kernel: `entry` must name one, and without `entry` there must be one. */
export function checkEntry(program: Program, flags: Flags): Diagnostic[] {
  if (flags.mode !== 'program') return [];
  const names = program.kernels.map((k) => `\`${k.name}\``).join(', ');
  if (flags.entry !== undefined && !program.kernels.some((k) => k.name === flags.entry)) {
    return [diag('CL5004', 'Unknown entry kernel', `There is no kernel \`${flags.entry}\` to run; the source has ${names || 'no kernels'}.`, null)];
  }
  if (program.kernels.length === 0) {
    return [diag('CL5004', 'Unknown entry kernel', 'A program needs a kernel to run, and the source has none.', null)];
  }
  return [];
}
