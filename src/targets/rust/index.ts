// The Rust target: kernels as `pub fn`s over slices and iterator chains (rayon in parallel
// renders), records as structs, and in program mode a `main` with a small JSON reader and writer.
// The code is laid out exactly as rustfmt would lay it out, and written to pass clippy.

import { diag } from '../../diagnostics.js';
import type { Kernel, Program } from '../../ir/ir.js';
import type { Type } from '../../lang/types.js';
import { forEachExpr } from '../../ir/walk.js';
import type { EmitResult, Flags, Target } from '../target.js';
import type { RItem } from './ast.js';
import { HELPERS, inCatalogueOrder } from './helpers.js';
import { layoutFile } from './layout/items.js';
import { ModuleContext, type ModuleNames } from './lower/context.js';
import { lowerKernel } from './lower/kernel.js';
import { fieldNamer, moduleNamer, typeName, valueName } from './names.js';
import { programHarness } from './program.js';
import { ownedType } from './types.js';

export const rustTarget: Target = {
  name: 'rust',
  displayName: 'Rust',
  extension: 'rs',
  parallel: 'native',
  emit: emitRust,
};

function emitRust(program: Program, flags: Flags): EmitResult {
  const entry = flags.mode === 'program' ? entryKernel(program, flags) : null;
  if (entry === undefined) {
    const name = flags.entry ?? '(none)';
    const message = `Program mode runs a kernel, and the program has no kernel \`${name}\`.`;
    return { code: '', degraded: false, reasons: [], diagnostics: [diag('CL6001', 'No entry kernel', message, null)] };
  }
  const names = nameModule(program);
  const module = new ModuleContext(flags, names.module);
  const kernels = entry ? [entry] : program.kernels;
  const lowered = kernels.map((k) => lowerKernel(k, module, names.kernel(k.name)));
  const fns = lowered.map((l) => l.item);

  // In a program, only what the entry kernel's code still mentions (rustc warns about the rest).
  const used = entry ? lowered[0]!.lowered : null;
  const records = used ? recordsUsedBy(used, program) : program.records.map((r) => r.name);
  const deadFields = used ? unreadFields(used, program) : new Set<string>();
  const structs: RItem[] = program.records
    .filter((r) => records.includes(r.name))
    .map((r) => ({
      k: 'struct',
      attrs: ['#[derive(Debug, Clone, PartialEq)]', ...(deadFields.has(r.name) ? ['#[allow(dead_code)]'] : [])],
      name: names.module.record(r.name),
      fields: r.fields.map((f) => ({ name: names.module.field(r.name, f.name), ty: ownedType(f.type, names.module.record) })),
    }));

  const helpers: RItem[] = inCatalogueOrder(module.helpers).map((h) => ({ k: 'verbatim', lines: HELPERS[h].lines }));
  const harness = entry
    ? programHarness(program, entry, {
        fn: names.kernel(entry.name),
        record: names.module.record,
        field: names.module.field,
        params: fns[0]!.params.map((p) => p.pat),
      })
    : null;
  const imports = [...module.imports, ...(harness?.imports ?? [])].sort();
  const uses: RItem[] = imports.map((path) => ({ k: 'use', path }));
  const code = layoutFile([...uses, ...structs, ...fns, ...helpers, ...(harness?.items ?? [])]);
  return { code, degraded: module.reasons.length > 0, reasons: module.reasons, diagnostics: [] };
}

/** The kernel program mode runs (`flags.entry`, else the first); undefined when there is none. */
function entryKernel(program: Program, flags: Flags): Kernel | undefined {
  const name = flags.entry ?? program.kernels[0]?.name;
  return program.kernels.find((k) => k.name === name);
}

interface Names {
  readonly module: ModuleNames;
  readonly kernel: (name: string) => string;
}

/** Records (PascalCase) and kernels (snake_case) share one scope; each record its fields. */
function nameModule(program: Program): Names {
  const namer = moduleNamer();
  // Looked up for every mention of a record type: a map of the records' names saves typeName's
  // scope lookup by a freshly built key each time.
  const records = new Map(program.records.map((r) => [r.name, typeName(namer, r.name)]));
  for (const k of program.kernels) valueName(namer, k.name);
  const fields = new Map(
    program.records.map((r) => {
      const fieldScope = fieldNamer();
      return [r.name, new Map(r.fields.map((f) => [f.name, valueName(fieldScope, f.name)]))] as const;
    }),
  );
  return {
    module: {
      record: (name) => records.get(name) ?? typeName(namer, name),
      field: (record, field) => {
        const rust = fields.get(record)?.get(field);
        if (rust === undefined) throw new Error(`rust: unknown field \`${field}\` of \`${record}\``);
        return rust;
      },
    },
    kernel: (name) => valueName(namer, name),
  };
}

/** Every record a kernel's arguments, result or body mention. */
function recordsUsedBy(kernel: Kernel, program: Program): string[] {
  const used = new Set<string>();
  const visit = (t: Type): void => {
    if (t.kind === 'array') visit(t.elem);
    else if (t.kind === 'record' && !used.has(t.name)) {
      used.add(t.name);
      for (const f of program.records.find((r) => r.name === t.name)?.fields ?? []) visit(f.type);
    }
  };
  kernel.args.forEach((a) => visit(a.type));
  visit(kernel.ret);
  forEachExpr(kernel.body, (e) => visit(e.type));
  return [...used];
}

/**
 * Records with a field nothing reads (neither the kernel nor the JSON writer): in a program, rustc
 * would warn about it; an input record legitimately carries fields a kernel ignores.
 */
function unreadFields(kernel: Kernel, program: Program): Set<string> {
  const read = new Set<string>();
  forEachExpr(kernel.body, (e) => {
    if (e.k === 'field' && e.target.type.kind === 'record') read.add(`${e.target.type.name}.${e.name}`);
  });
  const written = new Set<string>();
  const visit = (t: Type): void => {
    if (t.kind === 'array') visit(t.elem);
    else if (t.kind === 'record' && !written.has(t.name)) {
      written.add(t.name);
      for (const f of program.records.find((r) => r.name === t.name)?.fields ?? []) visit(f.type);
    }
  };
  visit(kernel.ret);
  const dead = new Set<string>();
  for (const r of program.records) {
    if (written.has(r.name)) continue;
    if (r.fields.some((f) => !read.has(`${r.name}.${f.name}`))) dead.add(r.name);
  }
  return dead;
}
