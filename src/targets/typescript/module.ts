// The whole file: record interfaces, one exported function per kernel, the runtime helpers the
// kernels called (sorted by name), and in program mode the harness that runs the entry kernel.

import { diag, type Diagnostic } from '../../diagnostics.js';
import { hardline, join, printDoc, type Doc } from '../doc.js';
import type { Program } from '../../ir/ir.js';
import { camelCase, pascalCase } from '../names.js';
import type { EmitResult, Flags, Reason } from '../target.js';
import { runtimeHelper, isRuntimeHelper } from './helpers.js';
import { emitKernel } from './kernel.js';
import { rootNamer, type HelperName } from './names.js';
import { programHarness } from './program.js';
import { comment } from './syntax.js';
import { recordInterface } from './types.js';

export const PRINT_OPTIONS = { width: 100, indent: '  ', tabWidth: 2 } as const;

const NO_PARALLELISM = 'no-shared-memory-parallelism';

export function emitModule(program: Program, flags: Flags): EmitResult {
  const entry = flags.mode === 'program' ? entryKernel(program, flags.entry) : null;
  if (entry !== null && 'diagnostic' in entry) return { code: '', degraded: false, reasons: [], diagnostics: [entry.diagnostic] };

  const root = rootNamer(); // reserved words and helper names
  const top = root.child(); // records, kernels and program-mode decoders
  const recordNames = new Map(program.records.map((r) => [r.name, top.name(r.name, pascalCase)]));
  const records = (irName: string): string => {
    const name = recordNames.get(irName);
    if (name === undefined) throw new Error(`unknown record ${irName}`);
    return name;
  };
  const kernelNames = program.kernels.map((k) => top.name(k.name, camelCase));

  const helpers = new Set<HelperName>();
  const kernels = program.kernels.map((k, i) =>
    emitKernel(k, kernelNames[i]!, { records, helpers, scope: root, params: program.params }),
  );
  const parts: Doc[] = [];
  if (flags.parallel) parts.push(comment('Rendered sequentially: TypeScript has no shared-memory parallelism.'));
  parts.push(...program.records.map((r) => recordInterface(r, records)));
  parts.push(...kernels);
  parts.push(...[...helpers].filter(isRuntimeHelper).sort().map(runtimeHelper));
  if (entry !== null) {
    const index = program.kernels.indexOf(entry.kernel);
    parts.push(
      ...programHarness({ entry: entry.kernel, entryName: kernelNames[index]!, records: program.records, recordNames: records, scope: top }),
    );
  }

  const code = `${printDoc(join([hardline, hardline], parts), PRINT_OPTIONS)}\n`;
  const reasons: Reason[] = flags.parallel
    ? program.kernels.map((k) => ({
        code: NO_PARALLELISM,
        message: 'TypeScript has no shared-memory parallelism; rendered sequentially.',
        kernel: k.name,
      }))
    : [];
  return { code, degraded: reasons.length > 0, reasons, diagnostics: [] };
}

function entryKernel(program: Program, entry: string | undefined): { kernel: Program['kernels'][number] } | { diagnostic: Diagnostic } {
  const kernel = entry === undefined ? program.kernels[0] : program.kernels.find((k) => k.name === entry);
  if (kernel !== undefined) return { kernel };
  const message =
    entry === undefined
      ? 'Program mode runs a kernel, and this program has none.'
      : `There is no kernel \`${entry}\` to run in program mode.`;
  return { diagnostic: diag('CL6001', 'No entry kernel', message, null) };
}
