// Baked specialisation (`params: "baked"`): every param becomes a literal of its slider value and
// the program is folded, so scrubbing a slider changes the rendered code itself.

import type { Expr, ParamDecl, Program, ScalarValue } from './ir.js';
import { foldConstants } from './fold.js';
import { I64_MAX, I64_MIN } from './values.js';
import { mapChildren } from './walk.js';

/**
 * Replaces each param read by the value in `values` (else the param's default), empties every
 * `Kernel.params`, then folds constants. Values for names the program does not declare are
 * ignored: a live session may still hold a slider the source has just removed. A value of the
 * wrong type, or a non-finite f64 (which no literal can spell), throws.
 */
export function bakeParams(program: Program, values: Readonly<Record<string, ScalarValue>>): Program {
  const baked = new Map(
    program.params.map((p) => [p.name, Object.hasOwn(values, p.name) ? checked(p, values[p.name]!) : p.default] as const),
  );
  const substitute = (e: Expr): Expr => {
    if (e.k !== 'var' || e.scope !== 'param') return mapChildren(e, substitute);
    const value = baked.get(e.name);
    if (value === undefined) throw new Error(`param \`${e.name}\` is not declared`);
    return e.span === undefined ? { k: 'lit', type: e.type, value } : { k: 'lit', type: e.type, value, span: e.span };
  };
  return foldConstants({
    ...program,
    kernels: program.kernels.map((k) => ({ ...k, params: [], body: substitute(k.body) })),
  });
}

function checked(p: ParamDecl, v: ScalarValue): ScalarValue {
  const ok =
    p.type.kind === 'i64'
      ? typeof v === 'bigint' && v >= I64_MIN && v <= I64_MAX
      : p.type.kind === 'f64'
        ? typeof v === 'number' && Number.isFinite(v)
        : p.type.kind === 'bool' && typeof v === 'boolean';
  if (!ok) throw new TypeError(`param \`${p.name}\` needs a ${p.type.kind === 'f64' ? 'finite f64' : p.type.kind} value, got ${String(v)}`);
  return v;
}
