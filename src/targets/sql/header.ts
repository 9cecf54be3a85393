// The comments that say what a query expects and returns: the kernel's signature, its input
// tables and bound parameters, and (program mode) the result type in a form the runner parses.

import type { Kernel, Program } from '../../ir/ir.js';
import type { Type } from '../../lang/types.js';
import type { SqlDialect } from '../target.js';
import type { InputTable, ScalarInput } from './kernel.js';

/** `[{symbol: str, volume: f64}]`: records spelled out with their source field names. */
export function structuralType(t: Type): string {
  switch (t.kind) {
    case 'array':
      return `[${structuralType(t.elem)}]`;
    case 'record':
      return `{${t.fields.map((f) => `${f.name}: ${structuralType(f.type)}`).join(', ')}}`;
    default:
      return t.kind;
  }
}

/** As written in the source: declared records by name, anonymous ones spelled out. */
function sourceType(t: Type, program: Program): string {
  switch (t.kind) {
    case 'array':
      return `[${sourceType(t.elem, program)}]`;
    case 'record': {
      const decl = program.records.find((r) => r.name === t.name);
      return decl?.declared ? t.name : `{${t.fields.map((f) => `${f.name}: ${sourceType(f.type, program)}`).join(', ')}}`;
    }
    default:
      return t.kind;
  }
}

export function signature(kernel: Kernel, program: Program): string {
  const args = kernel.args.map((a) => `${a.name}: ${sourceType(a.type, program)}`).join(', ');
  return `kernel ${kernel.name}(${args}) -> ${sourceType(kernel.ret, program)}`;
}

export function tablesLine(tables: readonly InputTable[]): string | null {
  if (tables.length === 0) return null;
  const shapes = tables.map((t) => `${t.table}(idx, ${t.columns.map((c) => c.column).join(', ')})`);
  return `Tables: ${shapes.join(', ')}, one row per element, idx = 0, 1, 2, …`;
}

export function parametersLine(scalars: readonly ScalarInput[], placeholders: readonly string[]): string | null {
  if (scalars.length === 0) return null;
  const described = scalars.map((s, i) => {
    const source = [s.source, ...s.path].join('.');
    const label = placeholders[i] === `:${s.name}` || placeholders[i] === `$${s.name}` ? '' : ` ${source}`;
    return `${placeholders[i]}${label} (${structuralType(s.type)}${s.scope === 'param' ? ', param' : ''})`;
  });
  return `Parameters: ${described.join(', ')}`;
}

/** The placeholder text as a reader sees it (without the cast the query adds). */
export function placeholderText(dialect: SqlDialect, s: ScalarInput, position: number): string {
  switch (dialect) {
    case 'sqlite':
      return `:${s.name}`;
    case 'postgres':
      return `$${position}`;
    case 'duckdb':
      return `$${s.name}`;
  }
}

/** The line `codelive run` reads to turn the last statement's rows into the result. */
export const RESULT_PREFIX = '-- Result: ';
