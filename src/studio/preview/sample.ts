// Sample arguments generated from a kernel's argument types: deterministic (a seeded generator),
// small, and shaped to make the default kernels interesting (f64s in [0, 1] wander like a signal,
// so a threshold slider visibly cuts through them).

import type { Binding, Program } from '../../ir/ir.js';
import type { Type } from '../../lang/types.js';

const TOP_LENGTH = 32;
const NESTED_LENGTH = 4;
const WORDS = ['AAPL', 'MSFT', 'GOOG', 'AMZN', 'NVDA'];

type Json = number | boolean | string | Json[] | { [field: string]: Json };

export function sampleArgs(args: readonly Binding[], program: Program): string {
  let seed = 7;
  const random = (): number => {
    seed = (seed * 48271) % 2147483647;
    return seed / 2147483647;
  };
  const value = (type: Type, index: number, depth: number): Json => {
    switch (type.kind) {
      case 'f64':
        return depth === 0 ? 10 : Number((0.5 + 0.4 * Math.sin(index / 3) + 0.1 * (random() - 0.5)).toFixed(3));
      case 'i64':
        return depth === 0 ? 3 : Math.floor(random() * 20) + 1;
      case 'bool':
        return index % 3 !== 0;
      case 'str':
        return WORDS[index % WORDS.length]!;
      case 'array': {
        const n = depth === 0 ? TOP_LENGTH : NESTED_LENGTH;
        return Array.from({ length: n }, (_, i) => value(type.elem, i, depth + 1));
      }
      case 'record': {
        const decl = program.records.find((r) => r.name === type.name);
        const fields = decl?.fields ?? type.fields;
        return Object.fromEntries(fields.map((f) => [f.name, value(f.type, index, Math.max(depth, 1))]));
      }
    }
  };
  const doc = Object.fromEntries(args.map((a) => [a.name, value(a.type, 0, 0)]));
  return `{\n${Object.entries(doc).map(([name, v]) => `  ${JSON.stringify(name)}: ${layout(v)}`).join(',\n')}\n}`;
}

/** Arrays of scalars on one line, arrays of records one record per line: easy to edit by hand. */
function layout(v: Json): string {
  if (Array.isArray(v) && v.some((x) => typeof x === 'object')) return `[\n    ${v.map((x) => JSON.stringify(x)).join(',\n    ')}\n  ]`;
  return JSON.stringify(v);
}
