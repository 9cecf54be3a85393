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
import { id } from './syntax.js';
import { juliaType } from './types.js';

export interface KernelRender {
  readonly doc: Doc;
  readonly reasons: readonly Reason[];
  /** Julia names of the kernel's runtime params (its keyword arguments), by source name. */
  readonly paramNames: ReadonlyMap<string, string>;
}

export function emitKernel(file: FileContext, k: Kernel): KernelRender {
  const cx = new KernelContext(file, k);
  const root = cx.rootBlock();
  const positional = k.args.map((a) => {
    const name = root.scope.claim(valueName(a.name));
    cx.vars.set(a.name, id(name));
    return `${name}::${juliaType(a.type, file)}`;
  });
  const paramNames = new Map<string, string>();
  const keywords = k.params.map((p) => {
    const name = root.scope.claim(valueName(p.name));
    cx.vars.set(p.name, id(name));
    paramNames.set(p.name, name);
    return [`${name}::${juliaType(p.type, file)} = `, exprDoc(literal(paramDefault(file.program, p.name)))];
  });
  emitTail(cx, k.body, root);
  const signature = signatureDoc(`function ${file.kernels.get(k.name)!}`, positional, keywords, `::${juliaType(k.ret, file)}`);
  return { doc: [signature, block(root.stmts), hardline, 'end'], reasons: cx.reasons, paramNames };
}

export function paramDefault(program: Program, name: string): ScalarValue {
  const decl = program.params.find((p) => p.name === name);
  if (!decl) throw new Error(`param \`${name}\` is not declared`);
  return decl.default;
}
