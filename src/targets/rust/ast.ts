// A small Rust syntax tree: the emitter lowers the IR into it, and layout.ts prints it the way
// rustfmt would. Only the constructs the emitter produces exist here.

export type BinOp = '+' | '-' | '*' | '/' | '%' | '&' | '|' | '==' | '!=' | '<' | '<=' | '>' | '>=' | '&&' | '||';

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
  | { readonly k: 'unary'; readonly op: '-' | '!' | '*' | '&' | '&mut '; readonly arg: RExpr }
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
  /** `target = value;` or a compound assignment (`+=`, …). */
  | { readonly k: 'assign'; readonly op: AssignOp; readonly target: RExpr; readonly value: RExpr }
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
  /** `impl … { fns }` */
  | { readonly k: 'impl'; readonly header: string; readonly fns: readonly Extract<RItem, { k: 'fn' }>[] }
  /** Hand-written, rustfmt-clean Rust (runtime helpers and the program harness), one string per line. */
  | { readonly k: 'verbatim'; readonly lines: readonly string[] };

// ---------------------------------------------------------------------------------------------
// Builders: they add the parentheses Rust's precedence needs, so lowering never thinks about it.

const POSTFIX = 100;
const UNARY = 90;
const CAST = 80;
const RANGE = 10;

const BINARY_PRECEDENCE: Readonly<Record<BinOp, number>> = {
  '*': 70,
  '/': 70,
  '%': 70,
  '+': 60,
  '-': 60,
  '&': 50,
  '|': 45,
  '==': 40,
  '!=': 40,
  '<': 40,
  '<=': 40,
  '>': 40,
  '>=': 40,
  '&&': 30,
  '||': 20,
};

const isComparison = (op: BinOp): boolean => BINARY_PRECEDENCE[op] === 40;

/** `if`, blocks and closures bind loosest: they need parentheses wherever an operand goes. */
function precedence(e: RExpr): number {
  switch (e.k) {
    case 'lit':
      return e.text.startsWith('-') ? UNARY : POSTFIX;
    case 'unary':
      return UNARY;
    case 'cast':
      return CAST;
    case 'binary':
      return BINARY_PRECEDENCE[e.op];
    case 'range':
      return RANGE;
    case 'closure':
    case 'if':
    case 'block':
      return 0;
    default:
      return POSTFIX;
  }
}

const paren = (inner: RExpr): RExpr => ({ k: 'paren', inner });
const atLeast = (e: RExpr, min: number): RExpr => (precedence(e) >= min ? e : paren(e));

export const lit = (text: string): RExpr => ({ k: 'lit', text });
export const path = (text: string): RExpr => ({ k: 'path', text });
export const call = (callee: string, args: readonly RExpr[]): RExpr => ({ k: 'call', callee, args });
export const method = (recv: RExpr, name: string, args: readonly RExpr[] = []): RExpr => ({
  k: 'method',
  recv: atLeast(recv, POSTFIX),
  name,
  args,
});
export const field = (recv: RExpr, name: string): RExpr => ({ k: 'field', recv: atLeast(recv, POSTFIX), name });
export const index = (recv: RExpr, i: RExpr): RExpr => ({ k: 'index', recv: atLeast(recv, POSTFIX), index: i });

export function unary(op: '-' | '!' | '*' | '&' | '&mut ', arg: RExpr): RExpr {
  // `--x` reads as a decrement and `- -1` is easy to misread: parenthesise a negated negation.
  const doubled = op === '-' && ((arg.k === 'unary' && arg.op === '-') || (arg.k === 'lit' && arg.text.startsWith('-')));
  return { k: 'unary', op, arg: doubled ? paren(arg) : atLeast(arg, UNARY) };
}

export const cast = (arg: RExpr, ty: string): RExpr => ({ k: 'cast', arg: atLeast(arg, CAST), ty });

export function binary(op: BinOp, left: RExpr, right: RExpr): RExpr {
  const p = BINARY_PRECEDENCE[op];
  const leftNeeds = precedence(left) < p || (isComparison(op) && precedence(left) === p) || (op === '<' && endsWithCast(left));
  // A block on the right of `&&`/`||` needs no parentheses (it cannot start a statement there).
  const rightNeeds = precedence(right) <= p && !(right.k === 'block' && (op === '&&' || op === '||'));
  return { k: 'binary', op, left: leftNeeds ? paren(left) : left, right: rightNeeds ? paren(right) : right };
}

/** `a - b as f64 < c` does not parse (`f64<` opens generic arguments): such a left side needs parentheses. */
function endsWithCast(e: RExpr): boolean {
  if (e.k === 'cast') return true;
  return e.k === 'binary' && endsWithCast(e.right);
}

export const range = (start: RExpr, end: RExpr, inclusive = false): RExpr => ({
  k: 'range',
  start: atLeast(start, RANGE + 1),
  end: atLeast(end, RANGE + 1),
  inclusive,
});
export const tuple = (items: readonly RExpr[]): RExpr => ({ k: 'tuple', items });
export const closure = (params: readonly string[], body: RExpr): RExpr => ({ k: 'closure', params, body });
export const block = (stmts: readonly RStmt[], tail: RExpr | null): RBlock => ({ k: 'block', stmts, tail });
export const ifElse = (cond: RExpr, then: RBlock, otherwise: RBlock | RIf): RIf => ({ k: 'if', cond, then, else: otherwise });
export const structLit = (name: string, fields: readonly { name: string; value: RExpr }[]): RExpr => ({ k: 'struct', name, fields });
export const letStmt = (pat: string, init: RExpr, ty: string | null = null): RStmt => ({ k: 'let', pat, ty, init });
export const exprStmt = (expr: RExpr): RStmt => ({ k: 'expr', expr });
export type AssignOp = '=' | '+=' | '-=' | '*=' | '/=' | '%=';
export const assign = (target: RExpr, value: RExpr, op: AssignOp = '='): RStmt => ({ k: 'assign', op, target, value });
/** `for pat in iter { body }`: a range needs no parentheses there. */
export const forStmt = (pat: string, iter: RExpr, body: RBlock): RStmt => ({
  k: 'for',
  pat,
  iter: iter.k === 'paren' && iter.inner.k === 'range' ? iter.inner : iter,
  body,
});
