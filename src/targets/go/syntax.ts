// A small Go syntax tree: what the lowering builds and the printer turns into gofmt-exact text.
//
// Only the constructs the emitter produces are modelled. Parentheses are explicit nodes (as in
// go/ast), inserted by the `binary`/`unary` builders exactly where precedence needs them, so the
// printer can apply go/printer's spacing rules to the same tree gofmt would parse from our output.

export type GoExpr =
  | { readonly k: 'ident'; readonly name: string }
  /** A number or string literal, spelled as Go source. Never negative: `-1` is unary minus of `1`. */
  | { readonly k: 'lit'; readonly text: string }
  | { readonly k: 'unary'; readonly op: '-' | '!' | '&'; readonly x: GoExpr }
  | { readonly k: 'binary'; readonly op: GoBinaryOp; readonly x: GoExpr; readonly y: GoExpr }
  | { readonly k: 'paren'; readonly x: GoExpr }
  | { readonly k: 'call'; readonly fn: GoExpr; readonly args: readonly GoExpr[]; readonly spread: boolean }
  | { readonly k: 'selector'; readonly x: GoExpr; readonly name: string }
  | { readonly k: 'index'; readonly x: GoExpr; readonly index: GoExpr }
  | { readonly k: 'slice'; readonly x: GoExpr; readonly lo: GoExpr | null; readonly hi: GoExpr | null }
  /** `T{Key: value, ...}`; `type` null inside another composite literal of known element type. */
  | { readonly k: 'composite'; readonly type: string | null; readonly elems: readonly CompositeElem[] }
  | { readonly k: 'func'; readonly params: readonly GoParam[]; readonly result: string | null; readonly body: readonly GoStmt[] }
  /** A type in expression position: `[]int64` in `make([]int64, n)`, `float64` in a conversion. */
  | { readonly k: 'type'; readonly text: string };

export interface CompositeElem {
  readonly key: string | null;
  readonly value: GoExpr;
}

export interface GoParam {
  readonly name: string;
  readonly type: string;
}

export type GoBinaryOp = '||' | '&&' | '==' | '!=' | '<' | '<=' | '>' | '>=' | '+' | '-' | '*' | '/' | '%';

export type GoStmt =
  /** `a, b := x, y` */
  | { readonly k: 'define'; readonly names: readonly string[]; readonly values: readonly GoExpr[] }
  /** `a = x`, `a += x`, `a, b = x, y` */
  | { readonly k: 'assign'; readonly op: AssignOp; readonly targets: readonly GoExpr[]; readonly values: readonly GoExpr[] }
  | { readonly k: 'incdec'; readonly x: GoExpr; readonly op: '++' | '--' }
  /** `var name type` or `var name type = value` */
  | { readonly k: 'var'; readonly name: string; readonly type: string; readonly value: GoExpr | null }
  | { readonly k: 'expr'; readonly x: GoExpr }
  | { readonly k: 'return'; readonly values: readonly GoExpr[] }
  | { readonly k: 'if'; readonly cond: GoExpr; readonly then: readonly GoStmt[]; readonly else: readonly GoStmt[] | GoIf | null }
  /** `for key, value := range x` (either name null → `_`; both null → `for range x`). */
  | { readonly k: 'range'; readonly key: string | null; readonly value: string | null; readonly x: GoExpr; readonly body: readonly GoStmt[] }
  /** `for init; cond; post` */
  | { readonly k: 'for'; readonly init: GoStmt | null; readonly cond: GoExpr | null; readonly post: GoStmt | null; readonly body: readonly GoStmt[] }
  | { readonly k: 'branch'; readonly tok: 'break' | 'continue' }
  | { readonly k: 'go' | 'defer'; readonly call: GoExpr }
  /** A local `type name struct { ... }`. */
  | { readonly k: 'struct'; readonly name: string; readonly fields: readonly StructField[] };

export type GoIf = Extract<GoStmt, { k: 'if' }>;
export type AssignOp = '=' | '+=' | '-=' | '*=' | '/=' | '%=';

export interface StructField {
  readonly name: string;
  readonly type: string;
  /** Raw tag text including backquotes, e.g. `` `json:"qty"` ``. */
  readonly tag: string | null;
}

// ---------------------------------------------------------------------------------------------
// Precedence (go/token): || 1, && 2, comparisons 3, + - | ^ 4, * / % << >> & &^ 5; unary 6.

export function precedence(op: GoBinaryOp): number {
  switch (op) {
    case '||':
      return 1;
    case '&&':
      return 2;
    case '==':
    case '!=':
    case '<':
    case '<=':
    case '>':
    case '>=':
      return 3;
    case '+':
    case '-':
      return 4;
    case '*':
    case '/':
    case '%':
      return 5;
  }
}

export const UNARY_PREC = 6;

function exprPrec(e: GoExpr): number {
  if (e.k === 'binary') return precedence(e.op);
  if (e.k === 'unary') return UNARY_PREC;
  return 7;
}

// ---------------------------------------------------------------------------------------------
// Builders

export const ident = (name: string): GoExpr => ({ k: 'ident', name });
export const lit = (text: string): GoExpr => ({ k: 'lit', text });
export const typeExpr = (text: string): GoExpr => ({ k: 'type', text });
export const paren = (x: GoExpr): GoExpr => ({ k: 'paren', x });

/** `x op y`, parenthesising an operand whose precedence would otherwise regroup the tree. */
export function binary(op: GoBinaryOp, x: GoExpr, y: GoExpr): GoExpr {
  const p = precedence(op);
  return { k: 'binary', op, x: exprPrec(x) < p ? paren(x) : x, y: exprPrec(y) <= p ? paren(y) : y };
}

export function unary(op: '-' | '!' | '&', x: GoExpr): GoExpr {
  // `-(-x)` keeps its parentheses: `--x` would read as a decrement.
  const clash = op === '-' && x.k === 'unary' && x.op === '-';
  return { k: 'unary', op, x: exprPrec(x) < UNARY_PREC || clash ? paren(x) : x };
}

export function call(fn: GoExpr | string, ...args: GoExpr[]): GoExpr {
  return { k: 'call', fn: typeof fn === 'string' ? ident(fn) : fn, args, spread: false };
}

/** `pkg.Name(args)` or `x.method(args)`. */
export function callSel(x: GoExpr | string, name: string, ...args: GoExpr[]): GoExpr {
  return call(selector(x, name), ...args);
}

export function selector(x: GoExpr | string, name: string): GoExpr {
  const target = typeof x === 'string' ? ident(x) : x;
  return { k: 'selector', x: exprPrec(target) < 7 ? paren(target) : target, name };
}

export function index(x: GoExpr, i: GoExpr): GoExpr {
  return { k: 'index', x: exprPrec(x) < 7 ? paren(x) : x, index: i };
}

export function sliceExpr(x: GoExpr, lo: GoExpr | null, hi: GoExpr | null): GoExpr {
  return { k: 'slice', x: exprPrec(x) < 7 ? paren(x) : x, lo, hi };
}

export function not(x: GoExpr): GoExpr {
  if (x.k === 'unary' && x.op === '!') return x.x.k === 'paren' ? x.x.x : x.x;
  if (x.k === 'ident' && (x.name === 'true' || x.name === 'false')) return ident(x.name === 'true' ? 'false' : 'true');
  return unary('!', x);
}

// Statements

export const define = (name: string, value: GoExpr): GoStmt => ({ k: 'define', names: [name], values: [value] });
export const assign = (target: GoExpr | string, value: GoExpr, op: AssignOp = '='): GoStmt => ({
  k: 'assign',
  op,
  targets: [typeof target === 'string' ? ident(target) : target],
  values: [value],
});

/** `x = x op y` as `x op= y`. */
export function update(target: string, value: GoExpr): GoStmt {
  if (value.k === 'binary' && value.x.k === 'ident' && value.x.name === target && ['+', '-', '*', '/', '%'].includes(value.op)) {
    const y = value.y.k === 'paren' ? value.y.x : value.y;
    return assign(target, y, `${value.op}=` as AssignOp);
  }
  return assign(target, value);
}
export const exprStmt = (x: GoExpr): GoStmt => ({ k: 'expr', x });
export const ret = (...values: GoExpr[]): GoStmt => ({ k: 'return', values });
export const ifStmt = (cond: GoExpr, then: readonly GoStmt[], otherwise: readonly GoStmt[] | GoIf | null = null): GoIf => ({
  k: 'if',
  cond,
  then,
  else: otherwise,
});
export const varDecl = (name: string, type: string, value: GoExpr | null = null): GoStmt => ({ k: 'var', name, type, value });
export const incr = (x: GoExpr | string): GoStmt => ({ k: 'incdec', x: typeof x === 'string' ? ident(x) : x, op: '++' });
export const BREAK: GoStmt = { k: 'branch', tok: 'break' };
export const CONTINUE: GoStmt = { k: 'branch', tok: 'continue' };

/** True for expressions that are untyped constants in Go (literals and operators on them). */
export function isConstant(e: GoExpr): boolean {
  switch (e.k) {
    case 'lit':
      return true;
    case 'unary':
      return e.op !== '&' && isConstant(e.x);
    case 'paren':
      return isConstant(e.x);
    case 'binary':
      return isConstant(e.x) && isConstant(e.y);
    case 'call':
      // The builtin min and max of constants are constants too.
      return e.fn.k === 'ident' && (e.fn.name === 'min' || e.fn.name === 'max') && e.args.every(isConstant);
    default:
      return false;
  }
}

/**
 * Whether the identifier `name` occurs in `e`. The bodies of function literals are searched by
 * `inBody`: callers differ on what counts there (any mention, or reads only).
 */
export function exprUses(e: GoExpr, name: string, inBody: (body: readonly GoStmt[], name: string) => boolean): boolean {
  switch (e.k) {
    case 'ident':
      return e.name === name;
    case 'lit':
    case 'type':
      return false;
    case 'unary':
    case 'paren':
    case 'selector':
      return exprUses(e.x, name, inBody);
    case 'binary':
      return exprUses(e.x, name, inBody) || exprUses(e.y, name, inBody);
    case 'call':
      return exprUses(e.fn, name, inBody) || exprsUse(e.args, name, inBody);
    case 'index':
      return exprUses(e.x, name, inBody) || exprUses(e.index, name, inBody);
    case 'slice':
      return exprUses(e.x, name, inBody) || (e.lo !== null && exprUses(e.lo, name, inBody)) || (e.hi !== null && exprUses(e.hi, name, inBody));
    case 'composite':
      for (const el of e.elems) if (exprUses(el.value, name, inBody)) return true;
      return false;
    case 'func':
      return inBody(e.body, name);
  }
}

export function exprsUse(es: readonly GoExpr[], name: string, inBody: (body: readonly GoStmt[], name: string) => boolean): boolean {
  for (const e of es) if (exprUses(e, name, inBody)) return true;
  return false;
}
