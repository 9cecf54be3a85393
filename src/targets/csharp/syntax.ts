// A small C# syntax tree (only what the emitter produces) and its printer to Docs.
//
// Parentheses are never stored: the printer adds them from operator precedence, plus a few the
// C# compiler does not need but readers do (`a || (b && c)`, `(a < b) == c`). Method chains
// (`xs.Where(..).Select(..).Sum()`) print on one line when they fit, else one call per line.

import { group, hardline, indent, join, line, softline, type Doc } from '../doc.js';

export type CsExpr =
  /** An identifier, keyword expression (`long.MinValue`) or literal. */
  | { readonly k: 'name'; readonly text: string }
  /** A numeric literal; `negative` ones print at unary precedence. */
  | { readonly k: 'number'; readonly text: string }
  | { readonly k: 'member'; readonly target: CsExpr; readonly name: string }
  /** `target.Name<T>(args)` or, with no target, `Name(args)`. */
  | { readonly k: 'call'; readonly target: CsExpr | null; readonly name: string; readonly args: readonly CsExpr[] }
  | { readonly k: 'index'; readonly target: CsExpr; readonly index: CsExpr }
  | { readonly k: 'unary'; readonly op: '-' | '!'; readonly arg: CsExpr }
  | { readonly k: 'cast'; readonly type: string; readonly arg: CsExpr }
  | { readonly k: 'binary'; readonly op: CsBinaryOp; readonly left: CsExpr; readonly right: CsExpr }
  | { readonly k: 'cond'; readonly cond: CsExpr; readonly then: CsExpr; readonly else: CsExpr }
  | { readonly k: 'lambda'; readonly params: readonly string[]; readonly body: CsExpr | readonly CsStmt[] }
  /** `new Type(args)`, or with `type` null an anonymous object `new { Name = value }`. */
  | { readonly k: 'new'; readonly type: string; readonly args: readonly CsExpr[] }
  | { readonly k: 'anonymous'; readonly fields: readonly { readonly name: string; readonly value: CsExpr }[] };

export type CsBinaryOp = '||' | '&&' | '==' | '!=' | '<' | '<=' | '>' | '>=' | '+' | '-' | '*' | '/' | '%';

export type CsStmt =
  | { readonly k: 'var'; readonly name: string; readonly value: CsExpr }
  /** `Type name;`, assigned on every path below it. */
  | { readonly k: 'declare'; readonly type: string; readonly name: string }
  | { readonly k: 'assign'; readonly name: string; readonly value: CsExpr }
  /** `_ = value;`: evaluated for its runtime errors only. */
  | { readonly k: 'discard'; readonly value: CsExpr }
  | { readonly k: 'return'; readonly value: CsExpr }
  | { readonly k: 'if'; readonly cond: CsExpr; readonly then: readonly CsStmt[]; readonly else: readonly CsStmt[] | null };

// ---------------------------------------------------------------------------------------------
// Builders

export const name = (text: string): CsExpr => ({ k: 'name', text });
export const number = (text: string): CsExpr => ({ k: 'number', text });
export const member = (target: CsExpr, memberName: string): CsExpr => ({ k: 'member', target, name: memberName });
export const call = (target: CsExpr | null, method: string, ...args: CsExpr[]): CsExpr => ({ k: 'call', target, name: method, args });
export const binary = (op: CsBinaryOp, left: CsExpr, right: CsExpr): CsExpr => ({ k: 'binary', op, left, right });
export const lambda = (params: readonly string[], body: CsExpr | readonly CsStmt[]): CsExpr => ({ k: 'lambda', params, body });
export const cast = (type: string, arg: CsExpr): CsExpr => ({ k: 'cast', type, arg });
export const newObject = (type: string, args: readonly CsExpr[]): CsExpr => ({ k: 'new', type, args });

// ---------------------------------------------------------------------------------------------
// Precedence (C# spec §12.4.2), higher binds tighter.

const PRIMARY = 16;
const UNARY = 15;
const CONDITIONAL = 3;
const LAMBDA = 1;

function binaryPrecedence(op: CsBinaryOp): number {
  switch (op) {
    case '*':
    case '/':
    case '%':
      return 13;
    case '+':
    case '-':
      return 12;
    case '<':
    case '<=':
    case '>':
    case '>=':
      return 10;
    case '==':
    case '!=':
      return 9;
    case '&&':
      return 5;
    case '||':
      return 4;
  }
}

function precedence(e: CsExpr): number {
  switch (e.k) {
    case 'number':
      return e.text.startsWith('-') ? UNARY : PRIMARY;
    case 'name':
    case 'member':
    case 'call':
    case 'index':
    case 'new':
    case 'anonymous':
      return PRIMARY;
    case 'unary':
    case 'cast':
      return UNARY;
    case 'binary':
      return binaryPrecedence(e.op);
    case 'cond':
      return CONDITIONAL;
    case 'lambda':
      return LAMBDA;
  }
}

const isComparison = (op: CsBinaryOp): boolean => binaryPrecedence(op) === 9 || binaryPrecedence(op) === 10;

/** Parentheses for clarity where C# would not need them. */
function clarityParens(parent: CsBinaryOp, child: CsExpr): boolean {
  if (child.k !== 'binary') return false;
  if (parent === '||' && child.op === '&&') return true;
  return (parent === '==' || parent === '!=') && isComparison(child.op);
}

// ---------------------------------------------------------------------------------------------
// Printing

export function printExpr(e: CsExpr): Doc {
  switch (e.k) {
    case 'name':
    case 'number':
      return e.text;
    case 'member':
    case 'call':
      return printChain(e);
    case 'index':
      return [operand(e.target, PRIMARY), '[', printExpr(e.index), ']'];
    case 'unary': {
      const arg = operand(e.arg, UNARY);
      // `-(-x)`, not `--x`; `!(!b)` reads better than `!!b`.
      const nested = (e.arg.k === 'unary' && e.arg.op === e.op) || (e.arg.k === 'number' && e.arg.text.startsWith('-'));
      return nested ? [e.op, '(', printExpr(e.arg), ')'] : [e.op, arg];
    }
    case 'cast':
      return ['(', e.type, ')', operand(e.arg, UNARY)];
    case 'binary': {
      const p = binaryPrecedence(e.op);
      const left = precedence(e.left) < p || clarityParens(e.op, e.left) ? paren(e.left) : printExpr(e.left);
      // Left-associative: an equal-precedence right operand needs parentheses (`a - (b - c)`).
      const right = precedence(e.right) <= p || clarityParens(e.op, e.right) ? paren(e.right) : printExpr(e.right);
      return group([left, ' ', e.op, indent([line, right])]);
    }
    case 'cond':
      return group([
        operand(e.cond, CONDITIONAL + 1),
        indent([line, '? ', operand(e.then, CONDITIONAL + 1), line, ': ', operand(e.else, CONDITIONAL)]),
      ]);
    case 'lambda':
      return printLambda(e.params, e.body);
    case 'new':
      return ['new ', e.type, argumentList(e.args)];
    case 'anonymous':
      return group([
        'new {',
        indent([line, join([',', line], e.fields.map((f) => [f.name, ' = ', printExpr(f.value)]))]),
        line,
        '}',
      ]);
  }
}

function operand(e: CsExpr, minimum: number): Doc {
  return precedence(e) < minimum ? paren(e) : printExpr(e);
}

function paren(e: CsExpr): Doc {
  return ['(', printExpr(e), ')'];
}

function printLambda(params: readonly string[], body: CsExpr | readonly CsStmt[]): Doc {
  const head = params.length === 1 ? params[0]! : `(${params.join(', ')})`;
  if (isStatements(body)) return [head, ' =>', hardline, block(body)];
  return group([head, ' =>', indent([line, printExpr(body)])]);
}

function isStatements(body: CsExpr | readonly CsStmt[]): body is readonly CsStmt[] {
  return Array.isArray(body);
}

/**
 * `(a, b)`, broken one argument per line when too long. A trailing lambda hugs the parentheses
 * (`Select(g => new Row(`, with the body breaking inside), as C# code is usually laid out.
 */
function argumentList(args: readonly CsExpr[]): Doc {
  if (args.length === 0) return '()';
  const last = args[args.length - 1]!;
  if (last.k === 'lambda') {
    const leading = args.slice(0, -1).map((a) => [printExpr(a), ', ']);
    return ['(', leading, huggedLambda(last.params, last.body), ')'];
  }
  return group(['(', indent([softline, join([',', line], args.map(printExpr))]), ')']);
}

function huggedLambda(params: readonly string[], body: CsExpr | readonly CsStmt[]): Doc {
  if (isStatements(body) || !breaksInside(body)) return printLambda(params, body);
  return [params.length === 1 ? params[0]! : `(${params.join(', ')})`, ' => ', printExpr(body)];
}

/** Expressions that break well on their own (inside their parentheses or before their dots). */
function breaksInside(e: CsExpr): boolean {
  return e.k === 'new' || e.k === 'call' || e.k === 'anonymous' || (e.k === 'member' && e.target.k === 'call');
}

/**
 * `a.B(x).C(y).D` as a chain: the receiver, then each call on its own line when the whole does
 * not fit. A member access without a call stays glued to what precedes it, and so does the first
 * call on a type (`Enumerable.Reverse(xs)`, `Math.Abs(x)`).
 */
function printChain(e: CsExpr): Doc {
  const parts: { call: boolean; doc: Doc }[] = [];
  let receiver: CsExpr | null = e;
  while (receiver !== null && (receiver.k === 'member' || receiver.k === 'call')) {
    const dot = receiver.target === null ? '' : '.';
    parts.unshift(
      receiver.k === 'member'
        ? { call: false, doc: ['.', receiver.name] }
        : { call: true, doc: [dot, receiver.name, argumentList(receiver.args)] },
    );
    receiver = receiver.target;
  }
  const head: Doc[] = receiver === null ? [] : [operand(receiver, PRIMARY)];
  const links: Doc[][] = [];
  let glueFirstCall = receiver === null || isTypeName(receiver);
  for (const part of parts) {
    if (part.call && !glueFirstCall) links.push([part.doc]);
    else (links.length === 0 ? head : links[links.length - 1]!).push(part.doc);
    if (part.call) glueFirstCall = false;
  }
  if (links.length <= 1) return [head, links];
  return group([head, indent(links.map((l) => [softline, l]))]);
}

const KEYWORD_TYPES: ReadonlySet<string> = new Set(['bool', 'char', 'double', 'int', 'long', 'string']);

/** Emitted locals are camelCase, so a capitalised name (or a keyword type) is a type. */
function isTypeName(e: CsExpr): boolean {
  return e.k === 'name' && (/^[A-Z]/.test(e.text) || KEYWORD_TYPES.has(e.text));
}

export function block(stmts: readonly CsStmt[]): Doc {
  if (stmts.length === 0) return '{ }';
  return ['{', indent([hardline, join(hardline, stmts.map(printStmt))]), hardline, '}'];
}

/** `target = value;`, breaking after `=` only for values that cannot break inside themselves. */
function assignment(target: Doc, value: CsExpr): Doc {
  if (breaksInside(value)) return [target, ' = ', printExpr(value), ';'];
  return group([target, ' =', indent([line, printExpr(value)]), ';']);
}

function printStmt(s: CsStmt): Doc {
  switch (s.k) {
    case 'var':
      return assignment(['var ', s.name], s.value);
    case 'declare':
      return [s.type, ' ', s.name, ';'];
    case 'assign':
      return assignment(s.name, s.value);
    case 'discard':
      return assignment('_', s.value);
    case 'return':
      return group(['return ', printExpr(s.value), ';']);
    case 'if': {
      const out: Doc[] = ['if (', printExpr(s.cond), ')', hardline, block(s.then)];
      if (s.else !== null) {
        const only = s.else.length === 1 ? s.else[0]! : null;
        out.push(hardline, 'else', only?.k === 'if' ? [' ', printStmt(only)] : [hardline, block(s.else)]);
      }
      return out;
    }
  }
}
