// One kernel as `pub fn name(args…, params…) -> Ret`. Runtime params are extra parameters after
// the arguments (Kernel.params order): the kernel stays a plain function of its inputs, which is
// what a Rust caller expects; a params struct would only pay off with many params per kernel.

import type { Kernel } from '../../../ir/ir.js';
import { analyzeKernel } from '../analysis.js';
import { path, type RBlock, type RExpr, type RItem } from '../ast.js';
import { argType } from '../types.js';
import { Block, KernelContext, type ModuleContext } from './context.js';
import { dropDeadLets, normalizeForClippy } from './lints.js';
import { applyRustLints, someExpr } from './rust-lints.js';
import { lowerOwned } from './scalar.js';

/** Clippy's `too_many_arguments` threshold. */
const MAX_ARGUMENTS = 7;

/** The kernel's function, and its body as lowered (after the clippy rewrites, which may drop code). */
export function lowerKernel(kernel: Kernel, module: ModuleContext, fnName: string): { item: Extract<RItem, { k: 'fn' }>; lowered: Kernel } {
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
  // Only parallel renders use rayon: a sequential body needs no look.
  if (module.flags.parallel && usesRayon(body)) module.useImport('rayon::prelude::*');
  const attrs = kc.allows.size === 0 ? [] : [allowAttribute([...kc.allows].sort())];
  return { item: { k: 'fn', doc: [], attrs, pub: true, name: fnName, params, ret: kc.rustType(kernel.ret), body }, lowered: normalized };
}

/** rustfmt's attr_fn_like_width: attribute arguments wider than 70 columns go one per line. */
const ATTR_FN_LIKE_WIDTH = 70;

function allowAttribute(lints: readonly string[]): string {
  const flat = lints.join(', ');
  if (flat.length <= ATTR_FN_LIKE_WIDTH || lints.length === 1) return `#[allow(${flat})]`;
  // rustfmt writes no trailing comma in attribute lists.
  return ['#[allow(', ...lints.map((l, i) => `    ${l}${i < lints.length - 1 ? ',' : ''}`), ')]'].join('\n');
}

/** Whether the code calls a rayon method (the prelude import is only wanted then). */
function usesRayon(body: RBlock): boolean {
  return someExpr(body, (e) => e.k === 'method' && (e.name === 'into_par_iter' || e.name.startsWith('par_')));
}

/** In return position the function's type fixes what `collect` builds. */
function untypedCollect(e: RExpr): RExpr {
  return e.k === 'method' && e.name === 'collect::<Vec<_>>' ? { ...e, name: 'collect' } : e;
}
