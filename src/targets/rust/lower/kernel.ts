// One kernel as `pub fn name(args…, params…) -> Ret`. Runtime params are extra parameters after
// the arguments (Kernel.params order): the kernel stays a plain function of its inputs, which is
// what a Rust caller expects; a params struct would only pay off with many params per kernel.

import type { Kernel } from '../../../ir/ir.js';
import { analyzeKernel } from '../analysis.js';
import { path, type RBlock, type RExpr, type RItem } from '../ast.js';
import { argType } from '../types.js';
import { Block, KernelContext, type ModuleContext } from './context.js';
import { dropDeadLets, normalizeForClippy } from './lints.js';
import { applyRustLints } from './rust-lints.js';
import { lowerOwned } from './scalar.js';

/** Clippy's `too_many_arguments` threshold. */
const MAX_ARGUMENTS = 7;

export function lowerKernel(kernel: Kernel, module: ModuleContext, fnName: string): RItem {
  const allows = new Set<string>();
  const normalized: Kernel = { ...kernel, body: dropDeadLets(normalizeForClippy(kernel.body, allows)) };
  const kc = new KernelContext(module, normalized, analyzeKernel(normalized));
  for (const a of allows) kc.allows.add(a);

  const root = new Block(kc, 0);
  const argNames = kernel.args.map((a) => root.bindName(a.name));
  const paramNames = kernel.params.map((p) => root.bindName(p.name));
  kernel.args.forEach((a, i) => {
    const form = a.type.kind === 'str' || a.type.kind === 'array' || a.type.kind === 'record' ? 'view' : 'copy';
    kc.bindings.set(a.name, { expr: path(argNames[i]!), form, movable: false });
  });
  kernel.params.forEach((p, i) => kc.bindings.set(p.name, { expr: path(paramNames[i]!), form: 'copy', movable: false }));

  const tail = untypedCollect(lowerOwned(normalized.body, root));
  const finished = root.finish(tail);
  const body: RBlock = applyRustLints(finished.k === 'block' ? finished : { k: 'block', stmts: [], tail: finished }, kc.allows);

  const params = [
    ...kernel.args.map((a, i) => ({ pat: argNames[i]!, ty: argType(a.type, module.names.record) })),
    ...kernel.params.map((p, i) => ({ pat: paramNames[i]!, ty: p.type.kind })),
  ];
  if (params.length > MAX_ARGUMENTS) kc.allows.add('clippy::too_many_arguments');
  const attrs = kc.allows.size === 0 ? [] : [`#[allow(${[...kc.allows].sort().join(', ')})]`];
  return { k: 'fn', doc: [], attrs, pub: true, name: fnName, params, ret: kc.rustType(kernel.ret), body };
}

/** In return position the function's type fixes what `collect` builds. */
function untypedCollect(e: RExpr): RExpr {
  return e.k === 'method' && e.name === 'collect::<Vec<_>>' ? { ...e, name: 'collect' } : e;
}
