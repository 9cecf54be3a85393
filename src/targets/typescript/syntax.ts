// TypeScript syntax as Docs: expressions that know their precedence (so parentheses appear only
// where JavaScript needs them, plus the few Prettier adds for clarity), statements and blocks
// laid out the way Prettier prints them (2-space indent, semicolons, single quotes).

import { group, hardline, indent, join, line, list, printDoc, softline, type Doc } from '../doc.js';
import { isIdentifierName } from './names.js';

/** JavaScript operator precedence, higher binds tighter. */
export const Prec = {
  assign: 2, // also arrow functions
  conditional: 3,
  or: 4,
  and: 5,
  equality: 9,
  relational: 10,
  additive: 12,
  multiplicative: 13,
  exponent: 14,
  unary: 15,
  postfix: 16,
  call: 17, // calls and member access
  primary: 18,
} as const;

/** A TypeScript expression ready to print, and what the emitter knows about it. */
export interface Js {
  readonly doc: Doc;
  readonly prec: number;
  /** The top-level operator, for Prettier's clarifying parentheses (`(a * b) % c`). */
  readonly op?: string;
  /** An identifier, literal or member chain of those: cheap to repeat, cannot fail. */
  readonly simple?: boolean;
  /**
   * May have a literal type (`5`, `'a'`, `c ? 'a' : 'b'`): TypeScript rejects `===` between two
   * literal types that cannot be equal (TS2367), so such comparisons get a widening cast.
   */
  readonly literalType?: boolean;
  /** A literal, whose type a `let` widens (`let n = 0` is a number); other values keep a narrowed type. */
  readonly literal?: boolean;
  /** i64 arithmetic not yet wrapped to 64 bits (see `wrapI64`). */
  readonly unwrapped?: boolean;
  /** A new array no one else refers to, so it may be sorted or reversed in place. */
  readonly fresh?: boolean;
  /** For an i64 that is `BigInt(n)` of a non-negative safe integer: `n` itself (a `number`). */
  readonly asNumber?: Js;
  /**
   * Contains `true` or `false` as an operand of `&&`, `||` or `!`. TypeScript treats a branch
   * such a condition rules out as unreachable and stops narrowing types inside it (so
   * `if (x && false)` would break a `T | undefined` check in its body): such conditions are
   * bound to a `const` first.
   */
  readonly boolLiteral?: boolean;
  /**
   * What TypeScript concludes about variables when this condition holds or fails: the names
   * (variables or member chains) it narrows to a literal type (`x === 5` → `x` is `5` when true).
   */
  readonly facts?: Facts;
  /** A method call chain `head.a(...).b(...)`, which breaks one call per line (Prettier). */
  readonly chain?: { readonly head: Doc; readonly links: readonly Doc[] };
}

export interface Facts {
  readonly whenTrue: readonly string[];
  readonly whenFalse: readonly string[];
}

const NO_FACTS: Facts = { whenTrue: [], whenFalse: [] };

/** Facts of `a && b` (both hold when true) and `a || b` (both fail when false). */
function combineFacts(op: string, left: Js, right: Js): Facts | undefined {
  const l = left.facts ?? NO_FACTS;
  const r = right.facts ?? NO_FACTS;
  if (op === '&&' && l.whenTrue.length + r.whenTrue.length > 0) return { whenTrue: [...l.whenTrue, ...r.whenTrue], whenFalse: [] };
  if (op === '||' && l.whenFalse.length + r.whenFalse.length > 0) return { whenTrue: [], whenFalse: [...l.whenFalse, ...r.whenFalse] };
  return undefined;
}

const BINARY_PREC: Readonly<Record<string, number>> = {
  '||': Prec.or,
  '&&': Prec.and,
  '===': Prec.equality,
  '!==': Prec.equality,
  '<': Prec.relational,
  '<=': Prec.relational,
  '>': Prec.relational,
  '>=': Prec.relational,
  '+': Prec.additive,
  '-': Prec.additive,
  '*': Prec.multiplicative,
  '/': Prec.multiplicative,
  '%': Prec.multiplicative,
  '**': Prec.exponent,
};

export function ident(name: string): Js {
  return { doc: name, prec: Prec.primary, simple: true };
}

/** The text of a variable or member chain (what TypeScript narrows), else null. */
export function referenceText(x: Js): string | null {
  if (!x.simple || x.literal) return null;
  return printDoc(x.doc, { width: Number.POSITIVE_INFINITY, indent: '' });
}

/** Wraps `js` in parentheses when its precedence is below `min`. */
export function paren(js: Js, min: number): Doc {
  return js.prec < min ? ['(', js.doc, ')'] : js.doc;
}

// ---------------------------------------------------------------------------------------------
// Literals

function numberText(x: number): string {
  if (Object.is(x, -0)) return '-0';
  // Prettier spells exponents without `+`: 1e21, not 1e+21.
  return String(x).replace('e+', 'e');
}

export function numberLit(x: number): Js {
  const text = numberText(x);
  return { doc: text, prec: text.startsWith('-') ? Prec.unary : Prec.primary, simple: true, literal: true, literalType: true, op: text.startsWith('-') ? 'neg' : undefined };
}

export function bigintLit(v: bigint): Js {
  const text = `${v}n`;
  return { doc: text, prec: v < 0n ? Prec.unary : Prec.primary, simple: true, literal: true, literalType: true, op: v < 0n ? 'neg' : undefined };
}

export function boolLit(b: boolean): Js {
  return { doc: b ? 'true' : 'false', prec: Prec.primary, simple: true, literal: true, literalType: true, boolLiteral: true };
}

export function stringLit(s: string): Js {
  return { doc: quote(s), prec: Prec.primary, simple: true, literal: true, literalType: true };
}

/** A string literal: single quotes unless the text has more of them than double quotes (Prettier). */
export function quote(s: string): string {
  const singles = s.split("'").length - 1;
  const doubles = s.split('"').length - 1;
  const q = singles > doubles ? '"' : "'";
  let out = q;
  for (const ch of s) out += escapeChar(ch, q);
  return out + q;
}

const ESCAPES: Readonly<Record<string, string>> = {
  '\\': '\\\\',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\b': '\\b',
  '\f': '\\f',
  '\v': '\\v',
  '\0': '\\x00',
  '\u2028': '\\u2028',
  '\u2029': '\\u2029',
};

function escapeChar(ch: string, q: string): string {
  if (ch === q) return `\\${q}`;
  const known = ESCAPES[ch];
  if (known !== undefined) return known;
  const code = ch.codePointAt(0)!;
  if (code < 0x20 || code === 0x7f) return `\\x${code.toString(16).padStart(2, '0')}`;
  // A lone surrogate cannot be written as UTF-8 source text.
  if (ch.length === 1 && code >= 0xd800 && code <= 0xdfff) return `\\u${code.toString(16)}`;
  return ch;
}

// ---------------------------------------------------------------------------------------------
// Expressions

export function member(target: Js, name: string): Js {
  const access = isIdentifierName(name) ? ['.', name] : ['[', quote(name), ']'];
  return { doc: [paren(target, Prec.call), ...access], prec: Prec.call, simple: target.simple ?? false };
}

export function index(target: Js, at: Js): Js {
  return { doc: [paren(target, Prec.call), '[', at.doc, ']'], prec: Prec.call, simple: (target.simple && at.simple) ?? false };
}

export function call(callee: Doc, args: readonly Js[]): Js {
  return { doc: [callee, argumentList(args)], prec: Prec.call };
}

/** `(a, b)`; a sole object literal argument is hugged: `f({` ... `})` (Prettier). */
function argumentList(args: readonly Js[]): Doc {
  if (args.length === 1 && args[0]!.op === 'object') return ['(', args[0]!.doc, ')'];
  return list('(', args.map((a) => paren(a, Prec.assign)), ')');
}

export function methodCall(target: Js, name: string, args: readonly Js[]): Js {
  const link = ['.', name, argumentList(args)];
  const head = target.chain?.head ?? paren(target, Prec.call);
  const links = [...(target.chain?.links ?? []), link];
  const doc = links.length < 2 ? [head, link] : group([head, indent(links.map((l) => [softline, l]))]);
  return { doc, prec: Prec.call, chain: { head, links } };
}

export function newExpr(ctor: Doc, args: readonly Js[]): Js {
  return { doc: ['new ', ctor, argumentList(args)], prec: Prec.call };
}

/** Left operands that Prettier parenthesizes although JavaScript would not need it. */
function clarify(parent: string, child: string | undefined, childPrec: number, parentPrec: number): boolean {
  if (child === undefined) return false;
  if (child === 'as') return true; // (x as T) === y
  const multiplicative = (op: string): boolean => op === '*' || op === '/' || op === '%';
  if (childPrec === parentPrec) {
    if (multiplicative(parent) && multiplicative(child) && parent !== child) return true; // (a * b) / c
    if (parentPrec === Prec.equality) return true; // (a === b) === c
  }
  if (child === '%' && (parent === '+' || parent === '-')) return true; // (a % b) + c
  if (child === '&&' && parent === '||') return true; // (a && b) || c
  return false;
}

export function binary(op: string, left: Js, right: Js): Js {
  const p = BINARY_PREC[op];
  if (p === undefined) throw new Error(`unknown operator ${op}`);
  const rightAssoc = op === '**';
  // `-x ** 2` is a syntax error: a unary left operand of `**` always needs parentheses.
  const leftNeeds = rightAssoc ? left.prec <= Prec.unary : left.prec < p || clarify(op, left.op, left.prec, p);
  const rightNeeds = rightAssoc ? right.prec < p : right.prec <= p || clarify(op, right.op, right.prec, p);
  const l = leftNeeds ? ['(', left.doc, ')'] : left.doc;
  const r = rightNeeds ? ['(', right.doc, ')'] : right.doc;
  const logical = op === '&&' || op === '||';
  const boolLiteral = logical && (left.boolLiteral === true || right.boolLiteral === true);
  const literalType = logical && (left.literalType === true || right.literalType === true);
  const facts = combineFacts(op, left, right);
  return {
    doc: group([l, ' ', op, indent([line, r])]),
    prec: p,
    op,
    ...(boolLiteral ? { boolLiteral } : {}),
    ...(literalType ? { literalType } : {}),
    ...(facts ? { facts } : {}),
  };
}

export function unary(op: '-' | '!', arg: Js): Js {
  // `- -x` and `--x` differ: a negated negative needs parentheses.
  const needs = arg.prec < Prec.unary || (op === '-' && arg.op === 'neg');
  const boolLiteral = op === '!' && arg.boolLiteral === true;
  const literalType = op === '!' && arg.literalType === true;
  const facts = op === '!' && arg.facts ? { whenTrue: arg.facts.whenFalse, whenFalse: arg.facts.whenTrue } : undefined;
  return {
    doc: [op, needs ? ['(', arg.doc, ')'] : arg.doc],
    prec: Prec.unary,
    op: op === '-' ? 'neg' : '!',
    ...(boolLiteral ? { boolLiteral } : {}),
    ...(literalType ? { literalType } : {}),
    ...(facts ? { facts } : {}),
  };
}

export function conditional(test: Js, then: Js, otherwise: Js): Js {
  return {
    doc: group([
      paren(test, Prec.conditional + 1),
      indent([line, '? ', paren(then, Prec.conditional + 1), line, ': ', paren(otherwise, Prec.conditional)]),
    ]),
    prec: Prec.conditional,
    ...(then.literalType && otherwise.literalType ? { literalType: true } : {}),
  };
}

/** `(x as T)`: widens a literal type for a comparison. */
export function widen(x: Js, type: string): Js {
  return { doc: [paren(x, Prec.unary), ` as ${type}`], prec: Prec.relational, op: 'as' };
}

export function arrow(params: readonly string[], body: Js): Js {
  const head = params.length === 1 ? `(${params[0]})` : `(${params.join(', ')})`;
  // An object literal body must be parenthesized, or it would parse as a block; Prettier also
  // parenthesizes a conditional body.
  const b = body.op === 'object' || body.prec === Prec.conditional ? ['(', body.doc, ')'] : paren(body, Prec.assign);
  return { doc: group([head, ' =>', group(indent([line, b]))]), prec: Prec.assign };
}

/** Arrow function whose parameters are written as a Doc (destructuring patterns). */
export function arrowWith(params: Doc, body: Js): Js {
  return { doc: group([params, ' =>', group(indent([line, paren(body, Prec.assign)]))]), prec: Prec.assign };
}

export interface ObjectEntry {
  readonly key: string;
  readonly value: Js;
}

export function objectLit(entries: readonly ObjectEntry[]): Js {
  const items = entries.map(({ key, value }) => {
    if (key === value.doc && isIdentifierName(key)) return key; // shorthand `{ volume }`
    // `__proto__: v` would set the prototype; a computed key defines an own property.
    const k = key === '__proto__' ? `['__proto__']` : isIdentifierName(key) ? key : quote(key);
    return [k, ':', rightHandSide(value)];
  });
  return { doc: list('{', items, '}', { spaced: true }), prec: Prec.primary, op: 'object' };
}

export function arrayLit(items: readonly Js[]): Js {
  return { doc: list('[', items.map((i) => paren(i, Prec.assign)), ']'), prec: Prec.primary, fresh: true };
}

/** `[...xs]`: a mutable copy. */
export function spreadCopy(xs: Js): Js {
  return { doc: ['[...', paren(xs, Prec.assign), ']'], prec: Prec.primary, fresh: true };
}

// ---------------------------------------------------------------------------------------------
// Statements

export function block(statements: readonly Doc[]): Doc {
  if (statements.length === 0) return '{}';
  return ['{', indent([hardline, join(hardline, statements)]), hardline, '}'];
}

/**
 * What follows `=` or `:`. A binary or conditional value that does not fit moves to the next
 * line, indented (Prettier's "break after operator"); anything else breaks inside itself.
 */
function rightHandSide(value: Js): Doc {
  const breakable = value.prec <= Prec.multiplicative && value.op !== 'object';
  return breakable ? group(indent([line, value.doc])) : [' ', paren(value, Prec.assign)];
}

export function constStmt(name: string, value: Js, type?: string): Doc {
  return group(['const ', name, type === undefined ? '' : `: ${type}`, ' =', rightHandSide(value), ';']);
}

/** `let name: type = value;` (`type` and `value` optional). */
export function letStmt(name: string, value: Js | null, type?: string): Doc {
  const annotation = type === undefined ? '' : `: ${type}`;
  return group(['let ', name, annotation, value === null ? '' : [' =', rightHandSide(value)], ';']);
}

export function assignStmt(target: string, value: Js, op: '=' | '+=' | '*=' = '='): Doc {
  return group([target, ` ${op}`, rightHandSide(value), ';']);
}

export function exprStmt(value: Js): Doc {
  return [value.doc, ';'];
}

export function returnStmt(value: Js): Doc {
  return ['return ', value.doc, ';'];
}

export function throwStmt(value: Js): Doc {
  return ['throw ', value.doc, ';'];
}

function condition(test: Js): Doc {
  return group(['(', indent([softline, test.doc]), softline, ')']);
}

/** `if (test) { then } else ...`; `otherwise` is a block's statements or a nested `if` (else-if). */
export function ifStmt(test: Js, then: readonly Doc[], otherwise?: readonly Doc[] | { readonly elseIf: Doc }): Doc {
  const head: Doc[] = ['if ', condition(test), ' ', block(then)];
  if (otherwise === undefined) return head;
  if ('elseIf' in otherwise) return [...head, ' else ', otherwise.elseIf];
  return otherwise.length === 0 ? head : [...head, ' else ', block(otherwise)];
}

export function forOfStmt(binding: Doc, iterable: Js, body: readonly Doc[]): Doc {
  return [group(['for (const ', binding, ' of ', iterable.doc, ')']), ' ', block(body)];
}

export function forStmt(init: Doc, test: Js, update: Doc, body: readonly Doc[]): Doc {
  return [group(['for (', init, '; ', test.doc, '; ', update, ')']), ' ', block(body)];
}

// ---------------------------------------------------------------------------------------------
// Declarations

export interface FunctionDecl {
  readonly exported?: boolean;
  readonly async?: boolean;
  readonly name: string;
  readonly typeParams?: string;
  readonly params: readonly Doc[];
  readonly returns: string;
  readonly body: readonly Doc[];
  /** One-line `/** ... *\/` comment above the function. */
  readonly doc?: string;
}

export function functionDecl(f: FunctionDecl): Doc {
  const head = [
    f.exported ? 'export ' : '',
    f.async ? 'async ' : '',
    'function ',
    f.name,
    f.typeParams ?? '',
    list('(', f.params, ')'),
    `: ${f.returns} `,
  ];
  const decl = [group(head), block(f.body)];
  return f.doc === undefined ? decl : [`/** ${f.doc} */`, hardline, decl];
}

/** `interface Name { readonly field: T; ... }`, one member per line. */
export function interfaceDecl(name: string, members: readonly Doc[], exported: boolean): Doc {
  const head = `${exported ? 'export ' : ''}interface ${name} `;
  return [head, members.length === 0 ? '{}' : ['{', indent([hardline, join(hardline, members)]), hardline, '}']];
}

/** A comment line (`// text`). */
export function comment(text: string): Doc {
  return `// ${text}`;
}

