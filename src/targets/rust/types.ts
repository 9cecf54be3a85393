// Kernel types as Rust types: owned forms for results and locals, borrowed forms for arguments.

import type { Type } from '../../lang/types.js';

/** Maps a record's IR name to its Rust struct name. */
export type RecordNames = (irName: string) => string;

/** i64, f64 and bool are `Copy`; strings, arrays and records are not. */
export function isCopy(t: Type): boolean {
  return t.kind === 'i64' || t.kind === 'f64' || t.kind === 'bool';
}

/** The owned Rust type: `String`, `Vec<T>`, the record's struct. */
export function ownedType(t: Type, records: RecordNames): string {
  switch (t.kind) {
    case 'i64':
    case 'f64':
    case 'bool':
      return t.kind;
    case 'str':
      return 'String';
    case 'array':
      return `Vec<${ownedType(t.elem, records)}>`;
    case 'record':
      return records(t.name);
  }
}

/** How a kernel takes an argument: scalars by value, the rest borrowed (`&str`, `&[T]`, `&Record`). */
export function argType(t: Type, records: RecordNames): string {
  switch (t.kind) {
    case 'str':
      return '&str';
    case 'array':
      return `&[${ownedType(t.elem, records)}]`;
    case 'record':
      return `&${records(t.name)}`;
    default:
      return t.kind;
  }
}
