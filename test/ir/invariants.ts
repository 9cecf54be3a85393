// Checks the IR invariants of src/ir/ir.ts (plus the passes' own promise of finite f64
// literals) on a whole program; returns the violations found.

import type { Program } from '../../src/ir/ir.js';
import { I64_MAX, I64_MIN } from '../../src/ir/values.js';
import { forEachExpr, lambdasOf } from '../../src/ir/walk.js';

export function invariantViolations(program: Program): string[] {
  const problems: string[] = [];
  for (const k of program.kernels) {
    const outer = new Set([...k.args.map((a) => a.name), ...k.params.map((p) => p.name)]);
    const params = new Set(k.params.map((p) => p.name));
    const binders: string[] = [];
    const uses: string[] = [];
    forEachExpr(k.body, (e) => {
      if (e.k === 'let') binders.push(e.name);
      for (const l of lambdasOf(e)) binders.push(...l.params.map((p) => p.name));
      if (e.k === 'var' && e.scope === 'local') uses.push(e.name);
      if (e.k === 'var' && e.scope === 'param' && !params.has(e.name)) problems.push(`${k.name}: param ${e.name} not in Kernel.params`);
      if (e.k === 'lit') {
        const v = e.value;
        const ok =
          e.type.kind === 'i64' ? typeof v === 'bigint' && v >= I64_MIN && v <= I64_MAX
          : e.type.kind === 'f64' ? typeof v === 'number' && Number.isFinite(v)
          : e.type.kind === 'bool' ? typeof v === 'boolean'
          : e.type.kind === 'str' && typeof v === 'string';
        if (!ok) problems.push(`${k.name}: literal ${String(v)} does not fit ${e.type.kind}`);
      }
    });
    const seen = new Set<string>();
    for (const n of binders) {
      if (seen.has(n)) problems.push(`${k.name}: local ${n} bound twice`);
      if (outer.has(n)) problems.push(`${k.name}: local ${n} shadows an argument or param`);
      seen.add(n);
    }
    for (const n of uses) if (!seen.has(n)) problems.push(`${k.name}: local ${n} is never bound`);
  }
  return problems;
}

