// The Go target: one file, gofmt-clean and vet-clean. Kernels are exported functions taking
// their arguments, then (params: runtime) the params they read, as plain parameters; records
// are exported struct types whose fields carry `json:"<source name>"` tags. Function mode is
// `package kernels`; program mode is `package main` with a `func main()` harness.

import type { Kernel, Program, RecordDecl } from '../../ir/ir.js';
import { forEachExpr } from '../../ir/walk.js';
import type { Type } from '../../lang/types.js';
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
  // A program holds what its entry kernel needs; function mode every kernel.
  const entry = flags.mode === 'program' ? entryKernel(program, flags) : null;
  const kernels = entry ? [entry] : program.kernels;
  const funcs: FuncDecl[] = kernels.map((k) => lowerKernel(file, k, names.get(k.name)!));
  if (entry) funcs.push(programMain(file, program, entry, names.get(entry.name)!));
  const records = entry ? recordsUsedBy(entry, program) : program.records;
  const helpers = resolveHelpers(file.helpers);
  const imports = [...new Set([...file.imports, ...helpers.imports])].sort();

  const decls: Doc[] = [`package ${entry ? 'main' : 'kernels'}`];
  if (imports.length === 1) decls.push(`import "${imports[0]}"`);
  else if (imports.length > 1) decls.push(['import (', imports.map((i) => [hardline, `\t"${i}"`]), hardline, ')']);
  for (const r of records) {
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

function entryKernel(program: Program, flags: Flags): Kernel {
  const name = flags.entry ?? program.kernels[0]?.name;
  const kernel = program.kernels.find((k) => k.name === name);
  if (!kernel) throw new Error(`go: no kernel \`${String(name)}\` to run`);
  return kernel;
}

/** The records `kernel` mentions anywhere (its signature, any intermediate value), in program order. */
function recordsUsedBy(kernel: Kernel, program: Program): RecordDecl[] {
  const used = new Set<string>();
  const visit = (t: Type): void => {
    if (t.kind === 'array') visit(t.elem);
    else if (t.kind === 'record' && !used.has(t.name)) {
      used.add(t.name);
      for (const f of program.records.find((r) => r.name === t.name)?.fields ?? t.fields) visit(f.type);
    }
  };
  for (const b of [...kernel.args, ...kernel.params]) visit(b.type);
  visit(kernel.ret);
  forEachExpr(kernel.body, (e) => visit(e.type));
  return program.records.filter((r) => used.has(r.name));
}
