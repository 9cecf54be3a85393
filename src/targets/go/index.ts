// The Go target: one file, gofmt-clean and vet-clean. Kernels are exported functions taking
// their arguments, then (params: runtime) the params they read, as plain parameters; records
// are exported struct types whose fields carry `json:"<source name>"` tags. Function mode is
// `package kernels`; program mode is `package main` with a `func main()` harness.

import type { Program } from '../../ir/ir.js';
import { hardline, join, printDoc, type Doc } from '../doc.js';
import type { EmitResult, Flags, Target } from '../target.js';
import { FileContext } from './context.js';
import { lowerKernel } from './lower.js';
import { exportedName } from './names.js';
import { funcDecl, structDecl, type FuncDecl } from './printer.js';
import { programMain } from './program.js';
import { helperLines, resolveHelpers } from './runtime.js';

const WIDTH = 100;

export const goTarget: Target = {
  name: 'go',
  displayName: 'Go',
  extension: 'go',
  parallel: 'native',
  emit(program: Program, flags: Flags): EmitResult {
    const { code, file } = render(program, flags);
    return { code, degraded: file.reasons.length > 0, reasons: file.reasons, diagnostics: [] };
  },
};

function render(program: Program, flags: Flags): { code: string; file: FileContext } {
  const file = new FileContext(program, flags.parallel);
  const names = new Map(program.kernels.map((k) => [k.name, file.pkg.claim(exportedName(k.name))] as const));
  const funcs: FuncDecl[] = program.kernels.map((k) => lowerKernel(file, k, names.get(k.name)!));
  if (flags.mode === 'program') {
    const entry = flags.entry === undefined ? program.kernels[0] : program.kernels.find((k) => k.name === flags.entry);
    if (!entry) throw new Error(`no kernel ${flags.entry ?? '(none)'} to run`);
    funcs.push(programMain(file, program, entry, names.get(entry.name)!));
  }
  const helpers = resolveHelpers(file.helpers);
  const imports = [...new Set([...file.imports, ...helpers.imports])].sort();

  const decls: Doc[] = [`package ${flags.mode === 'program' ? 'main' : 'kernels'}`];
  if (imports.length === 1) decls.push(`import "${imports[0]}"`);
  else if (imports.length > 1) decls.push(['import (', imports.map((i) => [hardline, `\t"${i}"`]), hardline, ')']);
  for (const r of program.records) {
    const rec = file.record(r.name);
    decls.push(
      structDecl(
        rec.name,
        r.fields.map((f) => ({ name: rec.fields.get(f.name)!, type: file.goType(f.type), tag: `\`json:"${f.name}"\`` })),
      ),
    );
  }
  for (const f of funcs) decls.push(funcDecl(f));
  for (const h of helpers.names) decls.push(join(hardline, helperLines(h)));
  const code = printDoc(join([hardline, hardline], decls), { width: WIDTH, indent: '\t', tabWidth: 4 });
  return { code: `${code}\n`, file };
}
