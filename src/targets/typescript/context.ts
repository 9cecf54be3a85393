// What the pieces of the kernel emitter (scalars, pipelines, collections, groups) need from it:
// emitting sub-expressions, binding names, scopes and helpers. Implemented by `kernel.ts`.

import type { Doc } from '../doc.js';
import type { Expr, Lambda } from '../../ir/ir.js';
import type { Type } from '../../lang/types.js';
import type { HelperName } from './names.js';
import type { Js } from './syntax.js';

/** The statements of one block, in order. */
export type Block = Doc[];

/** Where the value of an expression goes when it is emitted as statements. */
export type Dest =
  | { readonly kind: 'return'; readonly type: Type }
  /** `const name = …` (or `let name: T;` plus assignments when the value needs branches). */
  | { readonly kind: 'declare'; readonly name: string; readonly type: Type }
  | { readonly kind: 'assign'; readonly name: string }
  | { readonly kind: 'push'; readonly array: string };

export interface Emitter {
  /** The value of `e` as one expression (i64 wrapped), after pushing what it needs onto `block`. */
  value(e: Expr, block: Block): Js;
  /**
   * Like `value`, except that i64 `+ - *` may come back unwrapped (see `wrapI64`), and that an
   * accumulator may take the already claimed name `target`: then the result is `target` itself
   * and its declaration is already in `block`.
   */
  raw(e: Expr, block: Block, target?: string): Js;
  /** Emits `e` as statements ending in `dest`. */
  into(e: Expr, dest: Dest, block: Block): void;
  /** Binds the lambda's parameters to `args` and emits its body's value. */
  apply(fn: Lambda, args: readonly Js[], block: Block): Js;
  /** Binds the lambda's parameters to `args` and emits its body into `dest`. */
  applyInto(fn: Lambda, args: readonly Js[], dest: Dest, block: Block): void;
  /** Runs `f` in a nested block scope: names claimed there may repeat names of sibling blocks. */
  scoped<T>(f: () => T): T;
  /** A fresh name in the current scope, based on `preferred` (already camelCase). */
  claim(preferred: string): string;
  /** A fresh name in the current scope for the IR local `irName`. */
  claimLocal(irName: string): string;
  /** Records that the file needs `helper`, and returns its name. */
  use(helper: HelperName): string;
  /** The TypeScript type of `t` (arrays readonly unless `mutableTop`). */
  type(t: Type, mutableTop?: boolean): string;
  /** `test` ready to be an `if` or `?:` condition (see `Js.boolLiteral`). */
  condition(test: Js, block: Block): Js;
  /**
   * Whether `x` may have a literal type: a literal-typed expression, a `const` bound to one,
   * or a variable an enclosing condition narrows (`if (x === 5)` makes `x` of type `5` inside).
   */
  mayBeLiteralType(x: Js): boolean;
  /** Runs `f` (which emits the region a condition controls) knowing that `refs` are narrowed. */
  withFacts<T>(refs: readonly string[] | undefined, f: () => T): T;
  /**
   * The annotation a `let` initialised with `value` needs, if any. `let` widens a literal's
   * type but keeps a narrowed one (`let ok = !a || a` would be of type `true`; inside
   * `if (n === 5n)`, `let acc = n` would be of type `5n`).
   */
  letType(value: Js, t: Type): string | undefined;
  /** `x`, flagged `literalType` if `mayBeLiteralType(x)`. */
  marked(x: Js): Js;
  /** Runs `f` while `aggref` slots read `slots`. */
  withSlots<T>(slots: readonly Js[], f: () => T): T;
}
