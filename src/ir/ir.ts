// The typed IR: independent of surface syntax, consumed by passes, the interpreter and every emitter.
//
// Invariants (established by lowering, kept by every pass):
// - every node carries its result `type`;
// - local names (let bindings, lambda parameters) are unique within a kernel and never equal an
//   argument or param name, so emitters never have to reason about shadowing;
// - record types refer to an entry of `Program.records` by name (anonymous records were given a
//   readable synthesized name such as `VolumeBySymbolRow`, unique in the program; structurally
//   identical anonymous records share one entry);
// - `var` nodes with scope 'param' only occur in kernels whose `params` list names them;
// - an f64 `lit` is always finite but may be -0.0 (folding produces it): spell it so the target
//   keeps the sign (in Go a constant `-0.0` is +0);
// - an `aggref` reads the innermost enclosing `group`.

import type { Field, Type } from '../lang/types.js';
import type { Span } from '../diagnostics.js';

export interface Program {
  /** Named and synthesized records, each after the records its fields use. */
  readonly records: readonly RecordDecl[];
  /** Every param of the source, in declaration order. */
  readonly params: readonly ParamDecl[];
  readonly kernels: readonly Kernel[];
}

export interface RecordDecl {
  readonly name: string;
  readonly fields: readonly Field[];
  /** True for records the source declared with `record`; false for synthesized anonymous ones. */
  readonly declared: boolean;
}

export type ScalarValue = bigint | number | boolean | string;

export interface ParamDecl {
  readonly name: string;
  readonly type: Type; // 'i64' | 'f64' | 'bool'
  readonly default: ScalarValue;
  readonly min: ScalarValue | null;
  readonly max: ScalarValue | null;
  readonly step: ScalarValue | null;
  readonly span: Span;
}

export interface Kernel {
  readonly name: string;
  readonly args: readonly Binding[];
  /** The params this kernel reads (declaration order). Runtime mode passes them after `args`; baking empties it. */
  readonly params: readonly Binding[];
  readonly ret: Type;
  readonly body: Expr;
  readonly span: Span;
}

export interface Binding {
  readonly name: string;
  readonly type: Type;
}

export interface Lambda {
  /** One or two parameters. */
  readonly params: readonly Binding[];
  readonly body: Expr;
}

export type BinaryOp = '+' | '-' | '*' | '/' | '%' | '==' | '!=' | '<' | '<=' | '>' | '>=' | '&&' | '||';
export type UnaryOp = '-' | '!';
/** Built-in scalar functions. `min`/`max` take two scalars; `pow` two f64; the rest one. */
export type Builtin = 'abs' | 'sqrt' | 'exp' | 'ln' | 'pow' | 'floor' | 'ceil' | 'round' | 'min' | 'max';

/**
 * Reductions of an array to one value. `fn` is optional for sum/prod/min/max/mean/count (for the
 * first five it maps each element first: `xs.sum(f)` = `xs.map(f).sum()`; for count it is a
 * predicate: `xs.count(p)` = `xs.filter(p).len()`), required for any/all (a predicate), and null
 * for len. `count()` without a predicate equals `len()`.
 */
export type ReduceOp = 'sum' | 'prod' | 'min' | 'max' | 'mean' | 'count' | 'len' | 'any' | 'all';

/** Aggregates available inside `group_by(..).agg(g => ..)`. */
export type AggOp = 'key' | 'count' | 'sum' | 'min' | 'max' | 'mean';

export interface AggSlot {
  readonly op: AggOp;
  /** Element → value for sum/min/max/mean; null for key/count. */
  readonly fn: Lambda | null;
  readonly type: Type;
}

interface Node {
  readonly type: Type;
  readonly span?: Span;
}

export type Expr =
  | (Node & { readonly k: 'lit'; readonly value: ScalarValue })
  | (Node & { readonly k: 'var'; readonly name: string; readonly scope: 'local' | 'arg' | 'param' })
  | (Node & { readonly k: 'let'; readonly name: string; readonly value: Expr; readonly body: Expr })
  | (Node & { readonly k: 'if'; readonly cond: Expr; readonly then: Expr; readonly else: Expr })
  | (Node & { readonly k: 'unary'; readonly op: UnaryOp; readonly arg: Expr })
  | (Node & { readonly k: 'binary'; readonly op: BinaryOp; readonly left: Expr; readonly right: Expr })
  | (Node & { readonly k: 'call'; readonly fn: Builtin; readonly args: readonly Expr[] })
  | (Node & { readonly k: 'cast'; readonly to: 'i64' | 'f64'; readonly arg: Expr })
  | (Node & { readonly k: 'record'; readonly fields: readonly { readonly name: string; readonly value: Expr }[] })
  | (Node & { readonly k: 'field'; readonly target: Expr; readonly name: string })
  | (Node & { readonly k: 'index'; readonly target: Expr; readonly index: Expr })
  /** `range(start, end)`: half-open, [i64]. */
  | (Node & { readonly k: 'range'; readonly start: Expr; readonly end: Expr })
  /** `xs.map(f)`; f: (x) => y. */
  | (Node & { readonly k: 'map'; readonly source: Expr; readonly fn: Lambda })
  /** `xs.map_indexed(f)`; f: (i: i64, x) => y. */
  | (Node & { readonly k: 'map_indexed'; readonly source: Expr; readonly fn: Lambda })
  | (Node & { readonly k: 'filter'; readonly source: Expr; readonly fn: Lambda })
  /** `xs.zip(ys, f)`; f: (x, y) => z; length is the shorter of the two. */
  | (Node & { readonly k: 'zip'; readonly source: Expr; readonly other: Expr; readonly fn: Lambda })
  | (Node & { readonly k: 'reduce_op'; readonly op: ReduceOp; readonly source: Expr; readonly fn: Lambda | null })
  /** `xs.scan(init, f)`: running state after each element; f: (acc, x) => acc. */
  | (Node & { readonly k: 'scan'; readonly source: Expr; readonly init: Expr; readonly fn: Lambda })
  /** `xs.reduce(init, f)`: f: (acc, x) => acc. */
  | (Node & { readonly k: 'fold'; readonly source: Expr; readonly init: Expr; readonly fn: Lambda })
  /** `xs.sort()` (ascending, stable) or `xs.sort_by(f, desc)`: `key` null for plain sort. */
  | (Node & { readonly k: 'sort'; readonly source: Expr; readonly key: Lambda | null; readonly desc: boolean })
  | (Node & { readonly k: 'take' | 'skip'; readonly source: Expr; readonly count: Expr })
  | (Node & { readonly k: 'reverse'; readonly source: Expr })
  /**
   * `xs.group_by(key).agg(g => result)`. Groups come out sorted ascending by key. `result` is
   * evaluated once per group; inside it, `aggref` nodes read `slots[slot]` of the current group.
   */
  | (Node & {
      readonly k: 'group';
      readonly source: Expr;
      readonly key: Lambda;
      readonly slots: readonly AggSlot[];
      readonly result: Expr;
    })
  | (Node & { readonly k: 'aggref'; readonly slot: number });

export type ExprKind = Expr['k'];
export type ExprOf<K extends ExprKind> = Extract<Expr, { k: K }>;
