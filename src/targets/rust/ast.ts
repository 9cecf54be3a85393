// A small Rust syntax tree: the emitter lowers the IR into it, and layout.ts prints it the way
// rustfmt would. Only the constructs the emitter produces exist here.

export type BinOp = '+' | '-' | '*' | '/' | '%' | '==' | '!=' | '<' | '<=' | '>' | '>=' | '&&' | '||';

export type RExpr =
  /** A literal as spelled (`2.0`, `-3`, `"a"`, `true`); a leading `-` makes it unary for precedence. */
  | { readonly k: 'lit'; readonly text: string }
  /** A path or a local: `x`, `i64::MAX`, `f64::NAN`. */
  | { readonly k: 'path'; readonly text: string }
  | { readonly k: 'call'; readonly callee: string; readonly args: readonly RExpr[] }
  /** `recv.name(args)`; `name` may carry a turbofish (`sum::<f64>`). */
  | { readonly k: 'method'; readonly recv: RExpr; readonly name: string; readonly args: readonly RExpr[] }
  | { readonly k: 'field'; readonly recv: RExpr; readonly name: string }
  | { readonly k: 'index'; readonly recv: RExpr; readonly index: RExpr }
  | { readonly k: 'unary'; readonly op: '-' | '!' | '*' | '&'; readonly arg: RExpr }
  | { readonly k: 'binary'; readonly op: BinOp; readonly left: RExpr; readonly right: RExpr }
  | { readonly k: 'cast'; readonly arg: RExpr; readonly ty: string }
  /** `|p1, p2| body`; each parameter is a pattern as spelled (`&x`, `(i, &x)`). */
  | { readonly k: 'closure'; readonly params: readonly string[]; readonly body: RExpr }
  | { readonly k: 'block'; readonly stmts: readonly RStmt[]; readonly tail: RExpr | null }
  | { readonly k: 'if'; readonly cond: RExpr; readonly then: RBlock; readonly else: RBlock | RIf }
  /** A struct literal; a field whose value is the path of the same name prints as shorthand. */
  | { readonly k: 'struct'; readonly name: string; readonly fields: readonly { readonly name: string; readonly value: RExpr }[] }
  | { readonly k: 'range'; readonly start: RExpr; readonly end: RExpr; readonly inclusive: boolean }
  | { readonly k: 'tuple'; readonly items: readonly RExpr[] }
  | { readonly k: 'paren'; readonly inner: RExpr };

export type RBlock = Extract<RExpr, { k: 'block' }>;
export type RIf = Extract<RExpr, { k: 'if' }>;

export type RStmt =
  | { readonly k: 'let'; readonly pat: string; readonly ty: string | null; readonly init: RExpr }
  /** An expression statement, `expr;`. */
  | { readonly k: 'expr'; readonly expr: RExpr }
  | { readonly k: 'for'; readonly pat: string; readonly iter: RExpr; readonly body: RBlock };

export interface RParam {
  readonly pat: string;
  readonly ty: string;
}

export type RItem =
  | { readonly k: 'use'; readonly path: string }
  | {
      readonly k: 'struct';
      readonly attrs: readonly string[];
      readonly name: string;
      readonly fields: readonly { readonly name: string; readonly ty: string }[];
    }
  | {
      readonly k: 'fn';
      readonly doc: readonly string[];
      readonly attrs: readonly string[];
      readonly pub: boolean;
      readonly name: string;
      readonly params: readonly RParam[];
      readonly ret: string | null;
      readonly body: RBlock;
    }
  /** Hand-written, rustfmt-clean Rust (runtime helpers and the program harness), one string per line. */
  | { readonly k: 'verbatim'; readonly lines: readonly string[] };

// ---------------------------------------------------------------------------------------------
// Builders

export const lit = (text: string): RExpr => ({ k: 'lit', text });
export const path = (text: string): RExpr => ({ k: 'path', text });
export const call = (callee: string, args: readonly RExpr[]): RExpr => ({ k: 'call', callee, args });
export const method = (recv: RExpr, name: string, args: readonly RExpr[] = []): RExpr => ({ k: 'method', recv, name, args });
export const field = (recv: RExpr, name: string): RExpr => ({ k: 'field', recv, name });
export const unary = (op: '-' | '!' | '*' | '&', arg: RExpr): RExpr => ({ k: 'unary', op, arg });
export const binary = (op: BinOp, left: RExpr, right: RExpr): RExpr => ({ k: 'binary', op, left, right });
export const cast = (arg: RExpr, ty: string): RExpr => ({ k: 'cast', arg, ty });
export const closure = (params: readonly string[], body: RExpr): RExpr => ({ k: 'closure', params, body });
export const block = (stmts: readonly RStmt[], tail: RExpr | null): RBlock => ({ k: 'block', stmts, tail });
export const letStmt = (pat: string, init: RExpr, ty: string | null = null): RStmt => ({ k: 'let', pat, ty, init });
export const exprStmt = (expr: RExpr): RStmt => ({ k: 'expr', expr });

/** `body` as a block: itself when it already is one. */
export function asBlock(body: RExpr): RBlock {
  return body.k === 'block' ? body : block([], body);
}
