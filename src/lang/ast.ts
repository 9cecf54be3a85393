// Syntax tree produced by the parser, and the typed tree the checker produces from it.

import type { Span } from '../diagnostics.js';
import type { AggOp, BinaryOp, Builtin, ReduceOp, ScalarValue, UnaryOp } from '../ir/ir.js';
import type { Type } from './types.js';

export interface Ident {
  readonly name: string;
  readonly span: Span;
}

// ---------------------------------------------------------------- syntax tree

export type TypeExpr =
  | { readonly k: 'named'; readonly name: string; readonly span: Span }
  | { readonly k: 'array'; readonly elem: TypeExpr; readonly span: Span }
  | { readonly k: 'record'; readonly fields: readonly FieldTypeExpr[]; readonly span: Span }
  | { readonly k: 'error'; readonly span: Span };

export interface FieldTypeExpr {
  readonly name: Ident;
  readonly type: TypeExpr;
}

export interface LambdaParam {
  readonly name: Ident;
  readonly type: TypeExpr | null;
}

export interface LetStmt {
  readonly name: Ident;
  readonly type: TypeExpr | null;
  readonly value: Expr;
  readonly span: Span;
}

export type Expr =
  | { readonly k: 'int'; readonly value: bigint; readonly span: Span }
  | { readonly k: 'float'; readonly value: number; readonly span: Span }
  | { readonly k: 'bool'; readonly value: boolean; readonly span: Span }
  | { readonly k: 'str'; readonly value: string; readonly span: Span }
  | { readonly k: 'ident'; readonly name: string; readonly span: Span }
  | { readonly k: 'unary'; readonly op: UnaryOp; readonly arg: Expr; readonly span: Span }
  | { readonly k: 'binary'; readonly op: BinaryOp; readonly left: Expr; readonly right: Expr; readonly span: Span }
  | { readonly k: 'if'; readonly cond: Expr; readonly then: Expr; readonly else: Expr; readonly span: Span }
  | { readonly k: 'block'; readonly lets: readonly LetStmt[]; readonly result: Expr; readonly span: Span }
  | { readonly k: 'lambda'; readonly params: readonly LambdaParam[]; readonly body: Expr; readonly span: Span }
  | {
      readonly k: 'record';
      readonly fields: readonly { readonly name: Ident; readonly value: Expr }[];
      readonly span: Span;
    }
  | { readonly k: 'field'; readonly target: Expr; readonly name: Ident; readonly span: Span }
  | { readonly k: 'index'; readonly target: Expr; readonly index: Expr; readonly span: Span }
  /** A call of a built-in function: `sqrt(x)`, `f64(i)`, `range(a, b)`. */
  | { readonly k: 'call'; readonly callee: Ident; readonly args: readonly Expr[]; readonly span: Span }
  | {
      readonly k: 'method';
      readonly target: Expr;
      readonly name: Ident;
      readonly args: readonly Expr[];
      readonly span: Span;
    }
  /** Stands in for something that failed to parse; the checker gives it the error type silently. */
  | { readonly k: 'error'; readonly span: Span };

export interface ParamDecl {
  readonly k: 'param';
  readonly name: Ident;
  readonly type: TypeExpr;
  readonly default: Expr;
  readonly range: { readonly lo: Expr; readonly hi: Expr } | null;
  readonly step: Expr | null;
  readonly span: Span;
}

export interface RecordDecl {
  readonly k: 'record';
  readonly name: Ident;
  readonly fields: readonly FieldTypeExpr[];
  readonly span: Span;
}

export interface KernelDecl {
  readonly k: 'kernel';
  readonly name: Ident;
  readonly args: readonly { readonly name: Ident; readonly type: TypeExpr }[];
  readonly ret: TypeExpr;
  readonly body: Expr;
  readonly span: Span;
}

export type Decl = ParamDecl | RecordDecl | KernelDecl;

export interface SourceFile {
  readonly decls: readonly Decl[];
}

// ---------------------------------------------------------------- typed tree

/** A resolved variable. `id` is unique in the program; lowering turns it into a unique name. */
export interface Sym {
  readonly id: number;
  readonly name: string;
  readonly scope: 'local' | 'arg' | 'param';
  readonly type: Type;
}

export interface TLambda {
  readonly params: readonly Sym[];
  readonly body: TExpr;
}

interface TNode {
  readonly type: Type;
  readonly span: Span;
}

export type TExpr =
  | (TNode & { readonly k: 'lit'; readonly value: ScalarValue })
  | (TNode & { readonly k: 'var'; readonly sym: Sym })
  | (TNode & { readonly k: 'let'; readonly sym: Sym; readonly value: TExpr; readonly body: TExpr })
  | (TNode & { readonly k: 'if'; readonly cond: TExpr; readonly then: TExpr; readonly else: TExpr })
  | (TNode & { readonly k: 'unary'; readonly op: UnaryOp; readonly arg: TExpr })
  | (TNode & { readonly k: 'binary'; readonly op: BinaryOp; readonly left: TExpr; readonly right: TExpr })
  | (TNode & { readonly k: 'call'; readonly fn: Builtin; readonly args: readonly TExpr[] })
  | (TNode & { readonly k: 'cast'; readonly to: 'i64' | 'f64'; readonly arg: TExpr })
  | (TNode & { readonly k: 'record'; readonly fields: readonly { readonly name: string; readonly value: TExpr }[] })
  | (TNode & { readonly k: 'field'; readonly target: TExpr; readonly name: string })
  | (TNode & { readonly k: 'index'; readonly target: TExpr; readonly index: TExpr })
  | (TNode & { readonly k: 'range'; readonly start: TExpr; readonly end: TExpr })
  | (TNode & { readonly k: 'map' | 'map_indexed' | 'filter'; readonly source: TExpr; readonly fn: TLambda })
  | (TNode & { readonly k: 'zip'; readonly source: TExpr; readonly other: TExpr; readonly fn: TLambda })
  | (TNode & { readonly k: 'reduce_op'; readonly op: ReduceOp; readonly source: TExpr; readonly fn: TLambda | null })
  | (TNode & { readonly k: 'scan' | 'fold'; readonly source: TExpr; readonly init: TExpr; readonly fn: TLambda })
  | (TNode & { readonly k: 'sort'; readonly source: TExpr; readonly key: TLambda | null; readonly desc: boolean })
  | (TNode & { readonly k: 'take' | 'skip'; readonly source: TExpr; readonly count: TExpr })
  | (TNode & { readonly k: 'reverse'; readonly source: TExpr })
  /** `group_by(key).agg(g => result)`; `agg` nodes inside `result` refer to `group`. */
  | (TNode & {
      readonly k: 'group';
      readonly source: TExpr;
      readonly key: TLambda;
      readonly group: number;
      readonly result: TExpr;
    })
  /** `g.key`, `g.count()`, `g.sum(f)`, … of the group whose id is `group`. */
  | (TNode & { readonly k: 'agg'; readonly op: AggOp; readonly group: number; readonly fn: TLambda | null });

export interface TParam {
  readonly sym: Sym;
  readonly default: ScalarValue;
  readonly min: ScalarValue | null;
  readonly max: ScalarValue | null;
  readonly step: ScalarValue | null;
  readonly span: Span;
}

export interface TRecord {
  readonly name: string;
  readonly fields: readonly { readonly name: string; readonly type: Type }[];
}

export interface TKernel {
  readonly name: string;
  readonly args: readonly Sym[];
  /** Params the body reads, in declaration order. */
  readonly params: readonly Sym[];
  readonly ret: Type;
  readonly body: TExpr;
  readonly span: Span;
}

export interface TypedProgram {
  /** Declared records in declaration order. */
  readonly records: readonly TRecord[];
  readonly params: readonly TParam[];
  readonly kernels: readonly TKernel[];
}
