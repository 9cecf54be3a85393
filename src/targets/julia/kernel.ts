// One kernel → one Julia function with a typed signature. Runtime params are keyword arguments
// with their declared defaults (`score(xs; threshold = 0.25)`), Julia's idiom for tunables; the
// program harness passes them the same way.

import type { Kernel, Program, ScalarValue } from '../../ir/ir.js';
import { hardline, type Doc } from '../doc.js';
import type { Reason } from '../target.js';
import { KernelContext, type FileContext } from './context.js';
import { emitTail } from './expr.js';
import { literal } from './literals.js';
import { valueName } from './names.js';
import { block, exprDoc, signatureDoc } from './printer.js';
import { id, type JExpr, type JStmt } from './syntax.js';
import { juliaType } from './types.js';

/** A kernel function before printing. */
export interface KernelSyntax {
  readonly name: string;
  readonly args: readonly string[];
  /** Keyword arguments: Julia name and default value. */
  readonly params: readonly { readonly name: string; readonly default: JExpr }[];
  readonly body: readonly JStmt[];
}

export interface KernelRender {
  readonly doc: Doc;
  readonly syntax: KernelSyntax;
  readonly reasons: readonly Reason[];
  /** Julia names of the kernel's runtime params (its keyword arguments), by source name. */
  readonly paramNames: ReadonlyMap<string, string>;
}

export function emitKernel(file: FileContext, k: Kernel): KernelRender {
  const cx = new KernelContext(file, k);
  const root = cx.rootBlock();
  const args = k.args.map((a) => {
    const name = root.scope.claim(valueName(a.name));
    cx.vars.set(a.name, id(name));
    return name;
  });
  const paramNames = new Map<string, string>();
  const params = k.params.map((p) => {
    const name = root.scope.claim(valueName(p.name));
    cx.vars.set(p.name, id(name));
    paramNames.set(p.name, name);
    return { name, default: literal(paramDefault(file.program, p.name)) };
  });
  emitTail(cx, k.body, root);
  const name = file.kernels.get(k.name)!;
  const signature = signatureDoc(
    `function ${name}`,
    args.map((a, i) => `${a}::${juliaType(k.args[i]!.type, file)}`),
    params.map((p, i) => [`${p.name}::${juliaType(k.params[i]!.type, file)} = `, exprDoc(p.default)]),
    `::${juliaType(k.ret, file)}`,
  );
  const syntax = { name, args, params, body: root.stmts };
  return { doc: [signature, block(root.stmts), hardline, 'end'], syntax, reasons: cx.reasons, paramNames };
}

export function paramDefault(program: Program, name: string): ScalarValue {
  const decl = program.params.find((p) => p.name === name);
  if (!decl) throw new Error(`param \`${name}\` is not declared`);
  return decl.default;
}
