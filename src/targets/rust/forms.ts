// How a lowered expression holds its value in Rust, so that ownership comes out right without
// cloning everything: strings, arrays and records are borrowed where they are only read and
// converted to owned values only where the result must own them (struct fields, collected
// elements, the kernel's return value).

import type { Type } from '../../lang/types.js';
import { method, type RExpr } from './ast.js';
import { isCopy } from './types.js';

/**
 * - copy: an i64/f64/bool value;
 * - owned: a temporary `String`/`Vec<T>`/struct that may be moved;
 * - place: a variable, field or element of the owned type; `movable` when consuming it is fine
 *   (a local's only use, a field of a temporary), otherwise it is cloned to be owned;
 * - ref: `&String`, `&Vec<T>`, `&Record`;
 * - view: `&str`, `&[T]`, `&Record`.
 */
export type Form = 'copy' | 'owned' | 'place' | 'ref' | 'view';

export interface Val {
  readonly expr: RExpr;
  readonly form: Form;
  readonly type: Type;
  readonly movable?: boolean;
}

export function val(expr: RExpr, type: Type, form: Form, movable = false): Val {
  return { expr, type, form: isCopy(type) ? 'copy' : form, movable };
}

/** The value as an owned Rust value (`String`, `Vec<T>`, struct, or the scalar). */
export function toOwned(v: Val): RExpr {
  switch (v.form) {
    case 'copy':
    case 'owned':
      return v.expr;
    case 'place':
      return v.movable ? v.expr : method(v.expr, 'clone');
    case 'ref':
      return method(v.expr, 'clone');
    case 'view':
      if (v.type.kind === 'str') return method(v.expr, 'to_string');
      if (v.type.kind === 'array') return method(v.expr, 'to_vec');
      return method(v.expr, 'clone');
  }
}

/** A string as `&str`: for comparisons between different string forms and for map keys. */
export function toStr(v: Val): RExpr {
  return v.form === 'view' ? v.expr : method(v.expr, 'as_str');
}

/** The Rust type family a string value has, for deciding whether two sides compare directly. */
export function strKind(v: Val): 'String' | '&String' | '&str' {
  if (v.form === 'view') return '&str';
  if (v.form === 'ref') return '&String';
  return 'String';
}
