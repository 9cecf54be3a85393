// The kernel language's types, shared by the checker, the IR and every emitter.

export type Scalar = 'i64' | 'f64' | 'bool' | 'str';

export type Type =
  | { readonly kind: Scalar }
  | { readonly kind: 'array'; readonly elem: Type }
  /**
   * `name` identifies the record: a declared record's name, or for an anonymous record type its
   * canonical structural spelling (`{a: i64, b: str}`, fields in written order), so structurally
   * equal anonymous records are the same type. Lowering gives anonymous records readable names.
   */
  | { readonly kind: 'record'; readonly name: string; readonly fields: readonly Field[] };

export interface Field {
  readonly name: string;
  readonly type: Type;
}

export const I64: Type = { kind: 'i64' };
export const F64: Type = { kind: 'f64' };
export const BOOL: Type = { kind: 'bool' };
export const STR: Type = { kind: 'str' };
export const arrayOf = (elem: Type): Type => ({ kind: 'array', elem });

export function isNumeric(t: Type): boolean {
  return t.kind === 'i64' || t.kind === 'f64';
}

/** Types whose values can be ordered (sort keys, comparisons, min/max). */
export function isOrdered(t: Type): boolean {
  return t.kind === 'i64' || t.kind === 'f64' || t.kind === 'str' || t.kind === 'bool';
}

export function sameType(a: Type, b: Type): boolean {
  if (a.kind !== b.kind) return false;
  if (a.kind === 'array') return sameType(a.elem, (b as typeof a).elem);
  if (a.kind === 'record') return a.name === (b as typeof a).name;
  return true;
}

export function showType(t: Type): string {
  switch (t.kind) {
    case 'array':
      return `[${showType(t.elem)}]`;
    case 'record':
      return t.name;
    default:
      return t.kind;
  }
}

export function isAnonymousRecordName(name: string): boolean {
  return name.startsWith('{');
}

export function anonymousRecordName(fields: readonly Field[]): string {
  return `{${fields.map((f) => `${f.name}: ${showType(f.type)}`).join(', ')}}`;
}
