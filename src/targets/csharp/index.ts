// The C# target: one file in the C# subset that both Mono's mcs (C# 7.x) and current .NET
// compile without warnings (docs/csharp.md). Records are immutable classes; kernels are static
// methods of `Kernels` taking their arguments, then (params: runtime) the params they read, as
// plain parameters; sequential kernels are LINQ, parallel ones PLINQ. Program mode adds a
// `Program` class with `Main` and a small JSON parser.

import type { Kernel, Program, RecordDecl } from '../../ir/ir.js';
import { group, hardline, indent, join, line, printDoc, softline, type Doc } from '../doc.js';
import type { EmitResult, Flags, Target } from '../target.js';
import { FileContext, KernelContext } from './context.js';
import { braced, resolveHelpers } from './helpers.js';
import { Lowerer } from './lower.js';
import { simplifyForCSharp } from './simplify.js';
import { typeName } from './names.js';
import { programDecls } from './program.js';
import { block, printExpr } from './syntax.js';

const WIDTH = 100;
const INDENT = '    ';

export const csharpTarget: Target = {
  name: 'csharp',
  displayName: 'C#',
  extension: 'cs',
  parallel: 'native',
  emit(program: Program, flags: Flags): EmitResult {
    const file = new FileContext(program, flags.parallel);
    const code = printDoc(render(file, flags), { width: WIDTH, indent: INDENT });
    return { code: `${code}\n`, degraded: file.reasons.length > 0, reasons: file.reasons, diagnostics: [] };
  },
};

function render(file: FileContext, flags: Flags): Doc {
  const { program } = file;
  const methodNames = new Map(program.kernels.map((k) => [k.name, file.names.claim(typeName(k.name))] as const));
  const kernels = program.kernels.map((k) => kernelMethod(file, k, methodNames.get(k.name)!));
  const types = program.records.map((r) => recordClass(file, r));
  const entry = flags.mode === 'program' ? entryKernel(program, flags) : null;
  const main = entry === null ? [] : programDecls(file, program, entry, methodNames.get(entry.name)!);
  const helpers = resolveHelpers(file.helpers);
  helpers.usings.forEach((u) => file.using(u));

  const kernelClass = braced('public static class Kernels', [join([hardline, hardline], [...helpers.fields, ...kernels, ...helpers.methods])]);
  const usings = [...file.usings].sort(compareNamespaces).map((u) => `using ${u};`);
  return [join(hardline, usings), hardline, hardline, join([hardline, hardline], [...types, kernelClass, ...main])];
}

function entryKernel(program: Program, flags: Flags): Kernel {
  const entry = flags.entry === undefined ? program.kernels[0] : program.kernels.find((k) => k.name === flags.entry);
  if (!entry) throw new Error(`no kernel ${flags.entry ?? '(none)'} to run`);
  return entry;
}

/** `System` first, then alphabetical, as `dotnet format` orders them. */
function compareNamespaces(a: string, b: string): number {
  const rank = (n: string): number => (n === 'System' || n.startsWith('System.') ? 0 : 1);
  return rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0);
}

function kernelMethod(file: FileContext, kernel: Kernel, method: string): Doc {
  const lw = new Lowerer(new KernelContext(file, kernel.name));
  const live = simplifyForCSharp(kernel.body);
  const { args, params } = lw.declareKernel(kernel, live);
  const parameters = [...kernel.args, ...kernel.params].map((b, i) => `${file.csType(b.type)} ${[...args, ...params][i]!}`);
  const body = lw.tail(live);
  const signature = [
    `public static ${file.csType(kernel.ret)} ${method}`,
    parameterList(parameters),
  ];
  const only = body.length === 1 ? body[0]! : null;
  if (only?.k === 'return') return group([signature, ' =>', indent([line, printExpr(only.value)]), ';']);
  return [signature, hardline, block(body)];
}

function parameterList(parameters: readonly string[]): Doc {
  return group(['(', indent([softline, join([',', line], parameters)]), softline, ')']);
}

/** An immutable class: a constructor taking every field, and get-only properties. */
function recordClass(file: FileContext, decl: RecordDecl): Doc {
  const record = file.record(decl.name);
  const parameters = decl.fields.map((f) => `${file.csType(f.type)} ${record.parameters.get(f.name)!}`);
  const constructor = braced(
    [`public ${record.className}`, parameterList(parameters)],
    decl.fields.map((f) => `${record.properties.get(f.name)!} = ${record.parameters.get(f.name)!};`),
  );
  const properties = decl.fields.map((f) => `public ${file.csType(f.type)} ${record.properties.get(f.name)!} { get; }`);
  return braced(`public sealed class ${record.className}`, [constructor, '', ...properties]);
}
