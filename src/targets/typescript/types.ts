// Kernel types as TypeScript types: i64 → bigint (exact 64-bit semantics), f64 → number,
// records → interfaces with readonly fields. Arrays are `readonly T[]` wherever the code only
// reads them; only arrays a function creates and hands back are mutable (`T[]`).

import type { Doc } from '../doc.js';
import type { RecordDecl } from '../../ir/ir.js';
import type { Type } from '../../lang/types.js';
import { interfaceDecl, quote } from './syntax.js';
import { isIdentifierName } from './names.js';

/** Maps IR record names to their TypeScript interface names. */
export type RecordNames = (irName: string) => string;

/** The TypeScript type of `t`; `mutableTop` makes an outermost array `T[]` instead of `readonly T[]`. */
export function tsType(t: Type, records: RecordNames, mutableTop = false): string {
  switch (t.kind) {
    case 'i64':
      return 'bigint';
    case 'f64':
      return 'number';
    case 'bool':
      return 'boolean';
    case 'str':
      return 'string';
    case 'record':
      return records(t.name);
    case 'array': {
      const elem = tsType(t.elem, records);
      const inner = elem.startsWith('readonly ') ? `(${elem})` : elem;
      return mutableTop ? `${inner}[]` : `readonly ${inner}[]`;
    }
  }
}

/** The property name of a record field: the source name, quoted only if it is not an identifier. */
function propertyName(field: string): string {
  return isIdentifierName(field) ? field : quote(field);
}

export function recordInterface(decl: RecordDecl, records: RecordNames): Doc {
  const members = decl.fields.map((f) => `readonly ${propertyName(f.name)}: ${tsType(f.type, records)};`);
  return interfaceDecl(records(decl.name), members, true);
}
