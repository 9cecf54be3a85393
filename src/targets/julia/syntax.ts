// A small Julia syntax tree: what the emitter builds and the printer turns into text.
//
// Only the constructs the emitter produces are modelled. Parentheses are explicit nodes, inserted
// by the builders exactly where Julia's precedence would otherwise regroup the tree (and around
// a comparison inside a comparison, which Julia would read as a chained comparison).

export type JExpr =
  | { readonly k: 'id'; readonly name: string }
  /** A literal as Julia source. `negative` literals (`-1`, `-0.5`) bind like a unary minus. */
  | { readonly k: 'lit'; readonly text: string; readonly negative: boolean }
  /** A type in expression position: `Float64`, `Vector{Trade}`, `Float64[]`'s `Float64`. */
  | { readonly k: 'type'; readonly text: string }
  | { readonly k: 'unary'; readonly op: '-' | '!'; readonly x: JExpr }
  | { readonly k: 'binary'; readonly op: BinaryOp; readonly x: JExpr; readonly y: JExpr }
  | { readonly k: 'paren'; readonly x: JExpr }
  | { readonly k: 'ternary'; readonly cond: JExpr; readonly then: JExpr; readonly else: JExpr }
  | { readonly k: 'call'; readonly fn: JExpr; readonly args: readonly JExpr[]; readonly kwargs: readonly Kwarg[] }
  | { readonly k: 'dot'; readonly x: JExpr; readonly name: string }
  /** `x[i]`; `end` inside the brackets is the `end` node. */
  | { readonly k: 'index'; readonly x: JExpr; readonly index: JExpr }
  | { readonly k: 'end' }
  /** `lo:hi` */
  | { readonly k: 'range'; readonly lo: JExpr; readonly hi: JExpr }
  | { readonly k: 'lambda'; readonly params: readonly string[]; readonly body: JExpr }
  /** `body for pattern in iter if cond`: a comprehension in `T[...]`, else a generator. */
  | { readonly k: 'generator'; readonly body: JExpr; readonly pattern: string; readonly iter: JExpr; readonly cond: JExpr | null; readonly comprehension: string | null }
  /** `(a = x, b = y)`: a NamedTuple. */
  | { readonly k: 'namedtuple'; readonly fields: readonly Kwarg[] }
  | { readonly k: 'tuple'; readonly items: readonly JExpr[] }
  /** `T[]` */
  | { readonly k: 'empty'; readonly elem: string }
  /** An `if` block used as a value: `x = if c ... else ... end`. */
  | { readonly k: 'ifexpr'; readonly stmt: JIf }
  /** `f(args) do params ... end` */
  | { readonly k: 'do'; readonly call: JExpr; readonly params: readonly string[]; readonly body: readonly JStmt[] }
  /** `Threads.@spawn begin ... end` */
  | { readonly k: 'spawn'; readonly body: readonly JStmt[] };

export interface Kwarg {
  readonly name: string;
  readonly value: JExpr;
}

export type BinaryOp = '||' | '&&' | '==' | '!=' | '<' | '<=' | '>' | '>=' | '+' | '-' | '*' | '/' | '%';

export type JStmt =
  | { readonly k: 'assign'; readonly target: JExpr; readonly op: '=' | '+=' | '*='; readonly value: JExpr }
  | { readonly k: 'expr'; readonly x: JExpr }
  | { readonly k: 'return'; readonly x: JExpr }
  | JIf
  /** `for pattern in iter` (`Threads.@threads for` when `threads`). */
  | { readonly k: 'for'; readonly pattern: string; readonly iter: JExpr; readonly body: readonly JStmt[]; readonly threads: boolean }
  | { readonly k: 'continue' | 'break' }
  /** A comment line (no trailing text). */
  | { readonly k: 'comment'; readonly text: string };

export interface JIf {
  readonly k: 'if';
  /** `if` then `elseif`s. */
  readonly branches: readonly { readonly cond: JExpr; readonly body: readonly JStmt[] }[];
  readonly else: readonly JStmt[] | null;
}

// ---------------------------------------------------------------------------------------------
// Precedence, loosest first: `->` 0, `? :` 1, `||` 2, `&&` 3, comparisons 4, `:` 5, `+ -` 6,
// `* / %` 7, unary 8; calls, fields, indexing and atoms 10.

const POSTFIX = 10;
const UNARY = 8;
const RANGE = 5;
const COMPARISON = 4;
const TERNARY = 1;

export function precedence(op: BinaryOp): number {
  switch (op) {
    case '||':
      return 2;
    case '&&':
      return 3;
    case '==':
    case '!=':
    case '<':
    case '<=':
    case '>':
    case '>=':
      return COMPARISON;
    case '+':
    case '-':
      return 6;
    case '*':
    case '/':
    case '%':
      return 7;
  }
}

export function exprPrec(e: JExpr): number {
  switch (e.k) {
    case 'binary':
      return precedence(e.op);
    case 'unary':
      return UNARY;
    case 'lit':
      return e.negative ? UNARY : POSTFIX;
    case 'ternary':
      return TERNARY;
    case 'range':
      return RANGE;
    case 'lambda':
    case 'generator':
    case 'ifexpr':
    case 'do':
    case 'spawn':
      return 0;
    default:
      return POSTFIX;
  }
}

const isComparison = (e: JExpr): boolean => exprPrec(e) === COMPARISON && e.k === 'binary';
const wrap = (x: JExpr, needed: boolean): JExpr => (needed ? { k: 'paren', x } : x);

// ---------------------------------------------------------------------------------------------
// Builders

export const id = (name: string): JExpr => ({ k: 'id', name });
export const typeExpr = (text: string): JExpr => ({ k: 'type', text });
export const END: JExpr = { k: 'end' };
export const lit = (text: string): JExpr => ({ k: 'lit', text, negative: text.startsWith('-') });

export function binary(op: BinaryOp, x: JExpr, y: JExpr): JExpr {
  const p = precedence(op);
  const comparison = p === COMPARISON;
  return {
    k: 'binary',
    op,
    x: wrap(x, exprPrec(x) < p || (comparison && isComparison(x))),
    y: wrap(y, exprPrec(y) <= p || (comparison && isComparison(y))),
  };
}

export function unary(op: '-' | '!', x: JExpr): JExpr {
  // `-(-x)` and `!(!x)`: never two prefix operators in a row.
  return { k: 'unary', op, x: wrap(x, exprPrec(x) <= UNARY) };
}

/** `!x`, undoing a negation instead of stacking two. */
export function not(x: JExpr): JExpr {
  if (x.k === 'unary' && x.op === '!') return x.x.k === 'paren' ? x.x.x : x.x;
  if (x.k === 'lit' && (x.text === 'true' || x.text === 'false')) return lit(x.text === 'true' ? 'false' : 'true');
  return unary('!', x);
}

export function ternary(cond: JExpr, then: JExpr, otherwise: JExpr): JExpr {
  return {
    k: 'ternary',
    cond: wrap(cond, exprPrec(cond) <= TERNARY),
    then: wrap(then, exprPrec(then) <= TERNARY),
    else: wrap(otherwise, exprPrec(otherwise) < TERNARY),
  };
}

export function call(fn: JExpr | string, args: readonly JExpr[], kwargs: readonly Kwarg[] = []): JExpr {
  const f = typeof fn === 'string' ? id(fn) : fn;
  // A generator that is not the only argument needs its own parentheses.
  const lone = args.length === 1 && kwargs.length === 0;
  const arg = (a: JExpr): JExpr => wrap(a, a.k === 'generator' && a.comprehension === null && !lone);
  return { k: 'call', fn: wrap(f, exprPrec(f) < POSTFIX), args: args.map(arg), kwargs };
}

export const kw = (name: string, value: JExpr): Kwarg => ({ name, value });

export function dot(x: JExpr, name: string): JExpr {
  return { k: 'dot', x: wrap(x, exprPrec(x) < POSTFIX), name };
}

export function index(x: JExpr, i: JExpr): JExpr {
  return { k: 'index', x: wrap(x, exprPrec(x) < POSTFIX), index: i };
}

/** `lo:hi`, with operands that are operator expressions in parentheses for the reader. */
export function range(lo: JExpr, hi: JExpr): JExpr {
  return { k: 'range', lo: wrap(lo, exprPrec(lo) < UNARY), hi: wrap(hi, exprPrec(hi) < UNARY) };
}

/** `x -> body`; `x -> f(x)` is just `f`. */
export function lambda(params: readonly string[], body: JExpr): JExpr {
  const forwards =
    body.k === 'call' &&
    body.fn.k === 'id' &&
    body.kwargs.length === 0 &&
    body.args.length === params.length &&
    body.args.every((a, i) => a.k === 'id' && a.name === params[i]);
  return forwards ? body.fn : { k: 'lambda', params, body };
}

export function generator(body: JExpr, pattern: string, iter: JExpr, cond: JExpr | null, comprehension: string | null = null): JExpr {
  return {
    k: 'generator',
    body: wrap(body, exprPrec(body) <= TERNARY),
    pattern,
    iter: wrap(iter, exprPrec(iter) <= TERNARY),
    cond: cond === null ? null : wrap(cond, exprPrec(cond) <= TERNARY),
    comprehension,
  };
}

export const namedTuple = (fields: readonly Kwarg[]): JExpr => ({ k: 'namedtuple', fields });
export const tuple = (items: readonly JExpr[]): JExpr => ({ k: 'tuple', items });
export const emptyArray = (elem: string): JExpr => ({ k: 'empty', elem });
export const ifExpr = (stmt: JIf): JExpr => ({ k: 'ifexpr', stmt });
export const doBlock = (c: JExpr, params: readonly string[], body: readonly JStmt[]): JExpr => ({ k: 'do', call: c, params, body });
export const spawn = (body: readonly JStmt[]): JExpr => ({ k: 'spawn', body });

/** Integer literal `n` (small, non-negative counts and offsets). */
export const int = (n: number): JExpr => lit(String(n));

/** `x + n` for a small integer n, folding literals and `(y - n) + n` back to `y`. */
export function plus(x: JExpr, n: number): JExpr {
  if (n === 0) return x;
  if (x.k === 'lit' && /^-?\d+$/.test(x.text) && Math.abs(Number(x.text)) < 2 ** 52) return int(Number(x.text) + n);
  if (x.k === 'binary' && (x.op === '+' || x.op === '-') && x.y.k === 'lit' && /^\d+$/.test(x.y.text)) {
    const m = x.op === '+' ? Number(x.y.text) : -Number(x.y.text);
    if (m + n === 0) return x.x.k === 'paren' ? x.x.x : x.x;
  }
  return n > 0 ? binary('+', x, int(n)) : binary('-', x, int(-n));
}

// Statements

export const assign = (target: JExpr | string, value: JExpr, op: '=' | '+=' | '*=' = '='): JStmt => ({
  k: 'assign',
  target: typeof target === 'string' ? id(target) : target,
  op,
  value,
});
export const exprStmt = (x: JExpr): JStmt => ({ k: 'expr', x });
export const ret = (x: JExpr): JStmt => ({ k: 'return', x });
export const forLoop = (pattern: string, iter: JExpr, body: readonly JStmt[], threads = false): JStmt => ({ k: 'for', pattern, iter, body, threads });
export const CONTINUE: JStmt = { k: 'continue' };
export const BREAK: JStmt = { k: 'break' };
export const ifStmt = (cond: JExpr, then: readonly JStmt[], otherwise: readonly JStmt[] | null = null): JIf => ({
  k: 'if',
  branches: [{ cond, body: then }],
  else: otherwise,
});

/** `cond || continue`: Julia's idiom for skipping the rest of a loop body. */
export const skipUnless = (cond: JExpr): JStmt => exprStmt(binary('||', cond, id('continue')));

/** `cond && throw(ArgumentError("message"))` */
export function throwIf(cond: JExpr, message: JExpr): JStmt {
  return exprStmt(binary('&&', cond, call('throw', [call('ArgumentError', [message])])));
}

/** True when `e` can be evaluated twice at no cost and with no effect: a name or a literal. */
export function isAtom(e: JExpr): boolean {
  return e.k === 'id' || e.k === 'lit' || e.k === 'type' || e.k === 'end';
}
