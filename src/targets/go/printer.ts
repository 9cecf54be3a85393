// Go syntax tree → Doc, reproducing what gofmt prints for the same tree, so that every emitted
// file is a gofmt fixed point. The rules follow go/printer (nodes.go) for the constructs we emit:
//
// - Binary expressions: spaces around an operator depend on the whole expression and on how
//   deeply it is nested (`a*b + c`, `f(a+b, c)`, `xs[i+1]`): `cutoff`/`walkBinary`/`diffPrec`
//   below are transcriptions of go/printer's functions of the same names.
// - Composite literals that do not fit on one line put one `Key: value` per line; gofmt aligns
//   the values in sections split by its key-size ratio heuristic (`exprList`).
// - Struct fields align their types and tags in columns (tabwriter, padding 1).
// - Function literals always span lines (`{` then the body then `}`), which gofmt keeps.
// gofmt never wraps long lines; the only line-width decision we make is breaking composite
// literals, which gofmt preserves either way.

import { group, hardline, ifBreak, indent, join, line, type Doc } from '../doc.js';
import type { CompositeElem, GoExpr, GoParam, GoStmt, StructField } from './syntax.js';
import { precedence, UNARY_PREC } from './syntax.js';

const LOWEST_PREC = 0;
const HIGHEST_PREC = 7;

// ---------------------------------------------------------------------------------------------
// Expressions

/** An expression in a context of depth 1 (a statement, a composite element, a call's sole argument). */
export function printExpr(e: GoExpr): Doc {
  return expr1(e, LOWEST_PREC, 1, true);
}

/**
 * go/printer's `expr1`. `breakable` is false inside a composite literal that is already broken
 * over lines: gofmt aligns its values only while each of them stays on one line.
 */
function expr1(e: GoExpr, prec1: number, depth: number, breakable: boolean): Doc {
  switch (e.k) {
    case 'ident':
      return e.name;
    case 'lit':
      return e.text;
    case 'type':
      return e.text;
    case 'binary':
      return binaryExpr(e, prec1, cutoff(e, depth), depth, breakable);
    case 'unary':
      // Parentheses were inserted by the builders; unary never needs them here.
      return [e.op, expr1(e.x, UNARY_PREC, depth, breakable)];
    case 'paren':
      if (e.x.k === 'paren') return expr1(e.x, prec1, depth, breakable);
      return ['(', expr1(e.x, LOWEST_PREC, reduceDepth(depth), breakable), ')'];
    case 'selector':
      return [expr1(e.x, HIGHEST_PREC, depth, breakable), '.', e.name];
    case 'index':
      return [expr1(e.x, HIGHEST_PREC, 1, breakable), '[', expr1(e.index, LOWEST_PREC, depth + 1, breakable), ']'];
    case 'slice':
      return sliceDoc(e, depth, breakable);
    case 'call': {
      const d = e.args.length > 1 ? depth + 1 : depth;
      const args = join(
        ', ',
        e.args.map((a) => expr1(a, LOWEST_PREC, d, breakable)),
      );
      return [expr1(e.fn, HIGHEST_PREC, d, breakable), '(', args, e.spread ? '...' : '', ')'];
    }
    case 'composite':
      return compositeDoc(e.type, e.elems, breakable);
    case 'func':
      return [
        'func(',
        paramsDoc(e.params),
        ')',
        e.result === null ? '' : ` ${e.result}`,
        ' ',
        block(e.body),
      ];
  }
}

function binaryExpr(e: Extract<GoExpr, { k: 'binary' }>, prec1: number, cut: number, depth: number, breakable: boolean): Doc {
  const prec = precedence(e.op);
  if (prec < prec1) {
    // Unreachable with the builders (they parenthesise), kept to mirror go/printer exactly.
    return ['(', expr1(e, LOWEST_PREC, reduceDepth(depth), breakable), ')'];
  }
  const blank = prec < cut ? ' ' : '';
  return [
    expr1(e.x, prec, depth + diffPrec(e.x, prec), breakable),
    blank,
    e.op,
    blank,
    expr1(e.y, prec + 1, depth + 1, breakable),
  ];
}

function walkBinary(e: Extract<GoExpr, { k: 'binary' }>): { has4: boolean; has5: boolean; maxProblem: number } {
  const prec = precedence(e.op);
  let has4 = prec === 4;
  let has5 = prec === 5;
  let maxProblem = 0;
  const merge = (r: { has4: boolean; has5: boolean; maxProblem: number }): void => {
    has4 ||= r.has4;
    has5 ||= r.has5;
    maxProblem = Math.max(maxProblem, r.maxProblem);
  };
  if (e.x.k === 'binary' && precedence(e.x.op) >= prec) merge(walkBinary(e.x));
  if (e.y.k === 'binary') {
    if (precedence(e.y.op) > prec) merge(walkBinary(e.y));
  } else if (e.y.k === 'unary') {
    const pair = e.op + e.y.op;
    if (pair === '/*' || pair === '&&' || pair === '&^') maxProblem = 5;
    else if (pair === '++' || pair === '--') maxProblem = Math.max(maxProblem, 4);
  }
  return { has4, has5, maxProblem };
}

function cutoff(e: Extract<GoExpr, { k: 'binary' }>, depth: number): number {
  const { has4, has5, maxProblem } = walkBinary(e);
  if (maxProblem > 0) return maxProblem + 1;
  if (has4 && has5) return depth === 1 ? 5 : 4;
  return depth === 1 ? 6 : 4;
}

function diffPrec(e: GoExpr, prec: number): number {
  return e.k === 'binary' && precedence(e.op) === prec ? 0 : 1;
}

function reduceDepth(depth: number): number {
  return Math.max(1, depth - 1);
}

function sliceDoc(e: Extract<GoExpr, { k: 'slice' }>, depth: number, breakable: boolean): Doc {
  const indices = [e.lo, e.hi];
  const present = indices.filter((x): x is GoExpr => x !== null);
  const needsBlanks = depth <= 1 && present.length > 1 && present.some((x) => x.k === 'binary');
  const parts: Doc[] = [expr1(e.x, HIGHEST_PREC, 1, breakable), '['];
  indices.forEach((x, i) => {
    if (i > 0) {
      if (indices[i - 1] !== null && needsBlanks) parts.push(' ');
      parts.push(':');
      if (x !== null && needsBlanks) parts.push(' ');
    }
    if (x !== null) parts.push(expr1(x, LOWEST_PREC, depth + 1, breakable));
  });
  parts.push(']');
  return parts;
}

/**
 * `T{A: 1, B: 2}` when it fits, else one element per line. gofmt aligns the values of
 * consecutive single-line `key: value` lines; it starts a new alignment section where a key's
 * size differs too much from the geometric mean of the section's previous keys (exprList).
 */
function compositeDoc(type: string | null, elems: readonly CompositeElem[], breakable: boolean): Doc {
  const head = type ?? '';
  if (elems.length === 0) return [head, '{}'];
  const flat = join(
    ', ',
    elems.map((el) => (el.key === null ? expr1(el.value, LOWEST_PREC, 1, false) : [el.key, ': ', expr1(el.value, LOWEST_PREC, 1, false)])),
  );
  if (!breakable) return [head, '{', flat, '}'];
  const keyed = elems.every((el) => el.key !== null) && elems.length > 1;
  const pads = keyed ? keyPadding(elems.map((el) => el.key!)) : elems.map(() => 1);
  const lines = elems.map((el, i) => [
    el.key === null ? '' : [el.key, ':', ' '.repeat(pads[i]!)],
    expr1(el.value, LOWEST_PREC, 1, false),
    ',',
  ]);
  const broken = [indent([line, join(line, lines)]), line];
  return group([head, '{', ifBreak(broken, flat), '}']);
}

/** Spaces after `key:` for each key of a broken composite literal (go/printer exprList + tabwriter). */
function keyPadding(keys: readonly string[]): number[] {
  const sections: number[][] = [];
  let current: number[] = [];
  let lnsum = 0;
  let count = 0;
  keys.forEach((key, i) => {
    const size = key.length;
    if (i > 0) {
      const prevSize = keys[i - 1]!.length;
      let useFF = true;
      const smallSize = 40;
      if (count === 0 || (prevSize <= smallSize && size <= smallSize)) useFF = false;
      else {
        const r = 2.5;
        const ratio = size / Math.exp(lnsum / count);
        useFF = r * ratio <= 1 || r <= ratio;
      }
      if (useFF) {
        sections.push(current);
        current = [];
        lnsum = 0;
        count = 0;
      }
    }
    current.push(i);
    lnsum += Math.log(size);
    count++;
  });
  sections.push(current);
  const pads: number[] = [];
  for (const section of sections) {
    const width = Math.max(...section.map((i) => keys[i]!.length + 1));
    for (const i of section) pads[i] = width - (keys[i]!.length + 1) + 1;
  }
  return pads;
}

function paramsDoc(params: readonly GoParam[]): Doc {
  // Consecutive parameters of one type share it: `a, b float64`.
  const groups: { names: string[]; type: string }[] = [];
  for (const p of params) {
    const last = groups[groups.length - 1];
    if (last && last.type === p.type) last.names.push(p.name);
    else groups.push({ names: [p.name], type: p.type });
  }
  return groups.map((g) => `${g.names.join(', ')} ${g.type}`).join(', ');
}

// ---------------------------------------------------------------------------------------------
// Statements

export function block(stmts: readonly GoStmt[]): Doc {
  if (stmts.length === 0) return ['{', hardline, '}'];
  return ['{', indent([hardline, statements(stmts)]), hardline, '}'];
}

export function statements(stmts: readonly GoStmt[]): Doc {
  return join(hardline, stmts.map(stmt));
}

function exprList(list: readonly GoExpr[], depth: number): Doc {
  return join(
    ', ',
    list.map((e) => expr1(e, LOWEST_PREC, depth, true)),
  );
}

function stmt(s: GoStmt): Doc {
  switch (s.k) {
    case 'define': {
      const depth = s.names.length > 1 && s.values.length > 1 ? 2 : 1;
      return [s.names.join(', '), ' := ', exprList(s.values, depth)];
    }
    case 'assign': {
      const depth = s.targets.length > 1 && s.values.length > 1 ? 2 : 1;
      return [exprList(s.targets, depth), ` ${s.op} `, exprList(s.values, depth)];
    }
    case 'incdec':
      return [expr1(s.x, LOWEST_PREC, 2, true), s.op];
    case 'var':
      return ['var ', s.name, ' ', s.type, s.value === null ? '' : [' = ', printExpr(s.value)]];
    case 'expr':
      return printExpr(s.x);
    case 'return':
      return s.values.length === 0 ? 'return' : ['return ', exprList(s.values, 1)];
    case 'if':
      return ifDoc(s);
    case 'range': {
      const head: Doc[] = ['for '];
      if (s.key !== null || s.value !== null) {
        head.push(s.key ?? '_');
        if (s.value !== null) head.push(', ', s.value);
        head.push(' := ');
      }
      head.push('range ', clauseExpr(s.x), ' ');
      return [head, block(s.body)];
    }
    case 'for': {
      const head: Doc[] = ['for'];
      if (s.init === null && s.post === null) {
        if (s.cond !== null) head.push(' ', clauseExpr(s.cond));
      } else {
        head.push(' ');
        if (s.init !== null) head.push(stmt(s.init));
        head.push('; ');
        if (s.cond !== null) head.push(clauseExpr(s.cond));
        head.push('; ');
        if (s.post !== null) head.push(stmt(s.post));
      }
      return [head, ' ', block(s.body)];
    }
    case 'branch':
      return s.tok;
    case 'go':
    case 'defer':
      return [s.k, ' ', printExpr(s.call)];
    case 'struct':
      return structDecl(s.name, s.fields);
  }
}

/**
 * An expression between `if`/`for` and its block. A composite literal there that is not inside
 * parentheses, brackets or braces would be read as the block: the whole clause gets parentheses
 * (which gofmt keeps for exactly this reason).
 */
function clauseExpr(e: GoExpr): Doc {
  return hasBareComposite(e) ? ['(', printExpr(e), ')'] : printExpr(e);
}

function hasBareComposite(e: GoExpr): boolean {
  switch (e.k) {
    case 'composite':
      return e.type !== null;
    case 'binary':
      return hasBareComposite(e.x) || hasBareComposite(e.y);
    case 'unary':
    case 'selector':
    case 'index':
    case 'slice':
      return hasBareComposite(e.x);
    case 'call':
      return hasBareComposite(e.fn);
    default:
      return false;
  }
}

function ifDoc(s: Extract<GoStmt, { k: 'if' }>): Doc {
  const parts: Doc[] = ['if ', clauseExpr(s.cond), ' ', block(s.then)];
  if (s.else === null) return parts;
  parts.push(' else ');
  parts.push(isIf(s.else) ? ifDoc(s.else) : block(s.else));
  return parts;
}

function isIf(x: readonly GoStmt[] | GoStmt): x is Extract<GoStmt, { k: 'if' }> {
  return !Array.isArray(x) && (x as GoStmt).k === 'if';
}

// ---------------------------------------------------------------------------------------------
// Declarations

/** `type Name struct { ... }` with gofmt's column alignment of names, types and tags. */
export function structDecl(name: string, fields: readonly StructField[]): Doc {
  if (fields.length === 0) return ['type ', name, ' struct{}'];
  const lines: Doc[] =
    fields.length === 1
      ? [[fields[0]!.name, ' ', fields[0]!.type, fields[0]!.tag === null ? '' : [' ', fields[0]!.tag!]]]
      : alignColumns(fields.map((f) => (f.tag === null ? [f.name, f.type] : [f.name, f.type, f.tag])));
  return ['type ', name, ' struct {', indent([hardline, join(hardline, lines)]), hardline, '}'];
}

/**
 * tabwriter with padding 1: every cell but a line's last is padded to its column's width, and a
 * column's width is taken over the run of consecutive lines that have a cell in that column.
 */
export function alignColumns(rows: readonly (readonly string[])[]): string[] {
  const out = rows.map(() => '');
  const alignFrom = (col: number, start: number, end: number): void => {
    let i = start;
    while (i < end) {
      if (rows[i]!.length <= col + 1) {
        if (rows[i]!.length === col + 1) out[i] += rows[i]![col]!;
        i++;
        continue;
      }
      let j = i;
      while (j < end && rows[j]!.length > col + 1) j++;
      let width = 0;
      for (let r = i; r < j; r++) width = Math.max(width, codePoints(rows[r]![col]!));
      width++;
      for (let r = i; r < j; r++) out[r] += rows[r]![col]! + ' '.repeat(width - codePoints(rows[r]![col]!));
      alignFrom(col + 1, i, j);
      i = j;
    }
  };
  alignFrom(0, 0, rows.length);
  return out;
}

/** The number of code points in `s` (a surrogate pair is one). */
function codePoints(s: string): number {
  let n = s.length;
  for (let i = 0; i + 1 < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const low = s.charCodeAt(i + 1);
      if (low >= 0xdc00 && low <= 0xdfff) {
        n--;
        i++;
      }
    }
  }
  return n;
}

export interface FuncDecl {
  readonly comment: readonly string[];
  readonly name: string;
  readonly params: readonly GoParam[];
  readonly result: string | null;
  readonly body: readonly GoStmt[];
}

export function funcDecl(f: FuncDecl): Doc {
  return [
    f.comment.map((c) => [`// ${c}`.trimEnd(), hardline]),
    'func ',
    f.name,
    '(',
    paramsDoc(f.params),
    ')',
    f.result === null ? '' : ` ${f.result}`,
    ' ',
    block(f.body),
  ];
}
