// Expressions laid out the way rustfmt 1.9 (edition 2021, default config) lays them out: each
// function is a port of the rustfmt routine named in its comment, reduced to the syntax in
// ../ast.ts. A rewrite returns the text (continuation lines carry their absolute indentation, as
// in rustfmt) or null when the expression cannot be laid out within the shape.

import type { BinOp, RBlock, RExpr, RIf, RStmt } from '../ast.js';
import { rewriteCall, rewriteWithParens, verticalItems } from './call.js';
import { rewriteChain } from './chain.js';
import { rewriteClosure } from './closure.js';
import {
  budget,
  byteLen,
  CONFIG,
  firstLineOf,
  firstLineWidth,
  isSingleLine,
  lastLineExtendable,
  lastLineStart,
  lastLineWidth,
  lineCount,
  newlineIndent,
  Shape,
  strWidth,
  wrapStr,
} from './shape.js';

/** rustfmt's ExprType: control flow in statement position never goes on one line. */
export type ExprType = 'statement' | 'sub';

/** Mutable flags rustfmt keeps on its RewriteContext, and the memo of rewrites. */
export interface LayoutContext {
  /** Set while trying to overflow a call's last argument: chains must then stay on one line. */
  forceOneLineChain: boolean;
  /** Shared by every context of one item's layout (see rewriteExpr). */
  readonly memo: Memo;
}

/**
 * Per node, the rewrites made so far: runs of (width, indent, offset, flags, result). A node is
 * rewritten in few distinct shapes, so a linear scan beats building a key.
 */
export type Memo = Map<RExpr, (number | string | null)[]>;

export function layoutContext(): LayoutContext {
  return { forceOneLineChain: false, memo: new Map() };
}

/**
 * Rewrites are pure functions of the node, the shape and the flags, and rustfmt's strategy tries
 * the same child in the same shape many times over (one-line first, then overflowing, then one
 * item per line); remembering them keeps deeply nested closures linear instead of exponential.
 * Literals, paths and fields of paths are cheaper to lay out again than to look up.
 */
export function rewriteExpr(ctx: LayoutContext, e: RExpr, shape: Shape, exprType: ExprType = 'sub'): string | null {
  if (e.k === 'lit' || e.k === 'path' || (e.k === 'field' && e.recv.k === 'path')) return rewriteUncached(ctx, e, shape, exprType);
  const flags = (exprType === 'statement' ? 1 : 0) | (ctx.forceOneLineChain ? 2 : 0);
  const seen = ctx.memo.get(e);
  if (seen) {
    for (let i = 0; i < seen.length; i += 5) {
      if (seen[i] === shape.width && seen[i + 1] === shape.indent && seen[i + 2] === shape.offset && seen[i + 3] === flags) {
        return seen[i + 4] as string | null;
      }
    }
  }
  const result = rewriteUncached(ctx, e, shape, exprType);
  if (seen) seen.push(shape.width, shape.indent, shape.offset, flags, result);
  else ctx.memo.set(e, [shape.width, shape.indent, shape.offset, flags, result]);
  return result;
}

function rewriteUncached(ctx: LayoutContext, e: RExpr, shape: Shape, exprType: ExprType): string | null {
  switch (e.k) {
    case 'lit':
    case 'path':
      return strWidth(e.text) <= shape.width ? e.text : null;
    case 'unary': {
      const inner = shape.offsetLeft(e.op.length);
      const arg = inner && rewriteExpr(ctx, e.arg, inner);
      return arg === null ? null : e.op + arg;
    }
    case 'cast':
      return rewritePair(ctx, e.arg, { k: 'path', text: e.ty }, ' as ', shape);
    case 'binary':
      return rewriteAllPairs(ctx, e, shape) ?? rewritePair(ctx, e.left, e.right, ` ${e.op} `, shape);
    case 'range':
      return rewritePair(ctx, e.start, e.end, e.inclusive ? '..=' : '..', shape);
    case 'method':
    case 'field':
      return rewriteChain(ctx, e, shape);
    case 'call':
      return rewriteCall(ctx, e.callee, e.args, shape);
    case 'tuple':
      return rewriteWithParens(ctx, '', e.items, shape, CONFIG.fnCallWidth, e.items.length === 1);
    case 'index':
      return rewriteIndex(ctx, e.recv, e.index, shape);
    case 'paren': {
      const inner = shape.offsetLeft(1)?.subWidth(1);
      const body = inner && rewriteExpr(ctx, e.inner, inner);
      return body === null ? null : `(${body})`;
    }
    case 'closure':
      return rewriteClosure(ctx, e.params, e.body, shape);
    case 'block':
      return rewriteBlockExpr(ctx, e, shape, exprType);
    case 'if':
      return rewriteIf(ctx, e, shape, exprType === 'sub', false);
    case 'struct':
      return rewriteStructLit(ctx, e, shape);
  }
}

// ---------------------------------------------------------------------------------------------
// Binary operators (pairs.rs)

/** rewrite_pair: `lhs infix rhs` on one line, else the rhs on the next line with the infix in front. */
function rewritePair(ctx: LayoutContext, lhs: RExpr, rhs: RExpr, infix: string, shape: Shape): string | null {
  const lhsShape = shape.withWidth(budget(shape.usedWidth()));
  const lhsStr = rewriteExpr(ctx, lhs, lhsShape);
  if (lhsStr === null) return null;
  const rhsShape = shape.offsetLeft(lastLineWidth(lhsStr) + infix.length);
  const rhsOrig = rhsShape && rewriteExpr(ctx, rhs, rhsShape);
  if (rhsOrig !== null) {
    const allowSameLine = byteLen(lhsStr) <= CONFIG.tabSpaces || firstLineOf(rhsOrig).endsWith('{');
    if (isSingleLine(rhsOrig) || allowSameLine) {
      const oneLineWidth = lastLineWidth(lhsStr) + infix.length + firstLineWidth(rhsOrig);
      if (oneLineWidth <= shape.width) return lhsStr + infix + rhsOrig;
    }
  }
  const base = Shape.indented(shape.indent + CONFIG.tabSpaces).subWidth(shape.rhsOverhead());
  const trimmed = infix.trimStart();
  const nextShape = base?.offsetLeft(trimmed.length);
  const rhsNext = nextShape && rewriteExpr(ctx, rhs, nextShape);
  if (rhsNext === null || !nextShape) return null;
  return lhsStr + newlineIndent(nextShape.indent) + trimmed + rhsNext;
}

interface PairList {
  readonly operands: readonly RExpr[];
  readonly separators: readonly BinOp[];
}

/** FlattenPair::flatten: the operands of a tree of one operator, in order. */
function flattenPairs(e: Extract<RExpr, { k: 'binary' }>): PairList {
  const top = e.op;
  const stack: Extract<RExpr, { k: 'binary' }>[] = [];
  const operands: RExpr[] = [];
  const separators: BinOp[] = [];
  let node: RExpr = e;
  for (;;) {
    if (node.k === 'binary' && node.op === top) {
      stack.push(node);
      node = node.left;
      continue;
    }
    operands.push(node);
    const pop = stack.pop();
    if (!pop) break;
    separators.push(pop.op);
    node = pop.right;
  }
  return { operands, separators };
}

/** rewrite_all_pairs: all operands of one operator on one line, else one per line. */
function rewriteAllPairs(ctx: LayoutContext, e: Extract<RExpr, { k: 'binary' }>, shape: Shape): string | null {
  const list = flattenPairs(e);
  const nested = shape.blockIndent(CONFIG.tabSpaces).withMaxWidth().subWidth(shape.rhsOverhead());
  const rewrites = list.operands.map((operand, i) => {
    if (i === 0) return rewriteExpr(ctx, operand, shape);
    const sep = list.separators[i - 1]!;
    const operandShape = nested?.offsetLeft(sep.length + 1);
    return operandShape ? rewriteExpr(ctx, operand, operandShape) : null;
  });
  return rewritePairsOneLine(ctx, list, rewrites, shape) ?? rewritePairsMultiline(ctx, list, rewrites, shape);
}

function rewritePairsOneLine(ctx: LayoutContext, list: PairList, rewrites: readonly (string | null)[], shape: Shape): string | null {
  let result = '';
  for (let i = 0; i < list.separators.length; i++) {
    const rw = rewrites[i];
    if (rw === null || rw === undefined || !isSingleLine(rw) || byteLen(result) > shape.width) return null;
    result += `${rw} ${list.separators[i]} `;
  }
  const prefixLen = byteLen(result);
  const lastShape = shape.offsetLeft(lastLineWidth(result));
  const lastRw = lastShape && rewriteExpr(ctx, list.operands[list.operands.length - 1]!, lastShape);
  if (lastRw === null) return null;
  result += lastRw;
  if (firstLineWidth(result) > shape.width) return null;
  if (!(isSingleLine(result) || lastRw.startsWith('{')) && (lastRw.startsWith('(') || prefixLen > CONFIG.tabSpaces)) {
    return null;
  }
  return wrapStr(result, shape);
}

function rewritePairsMultiline(ctx: LayoutContext, list: PairList, rewrites: readonly (string | null)[], shape: Shape): string | null {
  const nested = shape.blockIndent(CONFIG.tabSpaces).withMaxWidth().subWidth(shape.rhsOverhead());
  if (!nested) return null;
  let result = rewrites[0];
  if (result === null || result === undefined) return null;
  for (let i = 1; i < list.operands.length; i++) {
    const sep = list.separators[i - 1]!;
    const offset = result.includes('\n') ? 0 : shape.usedWidth();
    if (lastLineWidth(result) + offset <= nested.usedWidth()) {
      // Keep a short first operand company rather than leave it alone on its line.
      const lineShape = shape.offsetLeft(sep.length + 2 + strWidth(lastLineOf(result).trimStart()));
      const rw = lineShape && rewriteExpr(ctx, list.operands[i]!, lineShape);
      if (rw !== null) {
        result += ` ${sep} ${rw}`;
        continue;
      }
    }
    const rw = rewrites[i];
    if (rw === null || rw === undefined) return null;
    result += `${newlineIndent(nested.indent)}${sep} ${rw}`;
  }
  return result;
}

// ---------------------------------------------------------------------------------------------
// Index (expr.rs rewrite_index)

function rewriteIndex(ctx: LayoutContext, recv: RExpr, index: RExpr, shape: Shape): string | null {
  const recvStr = rewriteExpr(ctx, recv, shape);
  if (recvStr === null) return null;
  const offset = lastLineWidth(recvStr) + 1;
  const rhsOverhead = shape.rhsOverhead();
  const indexShape = recvStr.includes('\n')
    ? new Shape(CONFIG.maxWidth, shape.indent, 0).offsetLeft(offset)?.subWidth(1 + rhsOverhead)
    : shape.offsetLeft(offset)?.subWidth(1);
  const orig = indexShape ? rewriteExpr(ctx, index, indexShape) : null;
  if (orig !== null && isSingleLine(orig)) return `${recvStr}[${orig}]`;
  const indent = shape.indent + CONFIG.tabSpaces;
  const nextShape = Shape.indented(indent).offsetLeft(1)?.subWidth(1 + rhsOverhead);
  const next = nextShape ? rewriteExpr(ctx, index, nextShape) : null;
  if (next !== null && (isSingleLine(next) || orig === null)) return `${recvStr}${newlineIndent(indent)}[${next}]`;
  return orig === null ? null : `${recvStr}[${orig}]`;
}

// ---------------------------------------------------------------------------------------------
// Struct literals (expr.rs rewrite_struct_lit, rewrite_field)

function rewriteStructLit(ctx: LayoutContext, e: Extract<RExpr, { k: 'struct' }>, shape: Shape): string | null {
  if (shape.subWidth(2) === null || strWidth(e.name) > shape.width - 2) return null;
  const vShape = shape.blockIndent(CONFIG.tabSpaces).withWidth(budget(shape.indent + CONFIG.tabSpaces));
  const hWidth = shape.width - (byteLen(e.name) + 3 + 2);
  const oneLineWidth = hWidth >= 0 ? Math.min(hWidth, CONFIG.structLitWidth) : 0;
  const fieldShape = vShape.subWidth(1);
  if (!fieldShape) return null;
  const items: string[] = [];
  for (const f of e.fields) {
    const item = rewriteField(ctx, f.name, f.value, fieldShape);
    if (item === null) return null;
    items.push(item);
  }
  const horizontal = hWidth >= 0 && horizontalFits(items, oneLineWidth);
  const fieldsStr = horizontal ? items.join(', ') : verticalItems(items, vShape.indent);
  if (e.fields.length === 0) return `${e.name} {}`;
  const vertical = fieldsStr.includes('\n') || byteLen(fieldsStr) > oneLineWidth || !horizontal;
  return vertical
    ? `${e.name} {${newlineIndent(vShape.indent)}${fieldsStr}${newlineIndent(shape.indent)}}`
    : `${e.name} { ${fieldsStr} }`;
}

function rewriteField(ctx: LayoutContext, name: string, value: RExpr, shape: Shape): string | null {
  if (value.k === 'path' && value.text === name) return name;
  const valueShape = shape.offsetLeft(name.length + 2);
  const rw = valueShape && rewriteExpr(ctx, value, valueShape);
  if (rw !== null) return `${name}: ${rw}`;
  const indent = shape.indent + CONFIG.tabSpaces;
  const next = rewriteExpr(ctx, value, Shape.indented(indent));
  return next === null ? null : `${name}:${newlineIndent(indent)}${next}`;
}

/** definitive_tactic with a plain width limit: every item on one line, separated by `, `. */
export function horizontalFits(items: readonly string[], limit: number): boolean {
  let total = 2 * Math.max(0, items.length - 1);
  for (const item of items) {
    if (item.includes('\n')) return false;
    total += strWidth(item);
  }
  return total <= limit;
}

// ---------------------------------------------------------------------------------------------
// If-else (expr.rs ControlFlow)

function rewriteIf(ctx: LayoutContext, e: RIf, shape: Shape, allowSingleLine: boolean, nestedIf: boolean): string | null {
  const fresh = shape.withWidth(budget(shape.usedWidth()));
  const constrShape = nestedIf ? fresh.offsetLeft(7) : fresh; // 7 = "} else "
  const condShape = constrShape?.offsetLeft(3); // 3 = "if "
  const cond = condShape ? rewriteExpr(ctx, e.cond, condShape) : null;
  if (cond === null) return null;
  const forceNewlineBrace = braceOnOwnLine(cond, shape, 3);
  if (allowSingleLine && e.else.k === 'block') {
    const single = rewriteIfSingleLine(ctx, cond, e.then, e.else, shape.width);
    if (single !== null && byteLen(single) <= CONFIG.singleLineIfElseMaxWidth) return single;
  }
  const blockSep = forceNewlineBrace ? newlineIndent(shape.indent) : ' ';
  const thenStr = rewriteBlockBody(ctx, e.then, shape.indent);
  if (thenStr === null) return null;
  let result = `if ${cond}${blockSep}${thenStr}`;
  const elseShape = Shape.indented(shape.indent);
  const elseStr =
    e.else.k === 'if' ? rewriteIf(ctx, e.else, elseShape, false, true) : rewriteBlockBody(ctx, e.else, shape.indent);
  if (elseStr === null) return null;
  result += ` else ${elseStr}`;
  return result;
}

function rewriteIfSingleLine(ctx: LayoutContext, cond: string, then: RBlock, otherwise: RBlock, width: number): string | null {
  if (cond.includes('\n') || then.stmts.length > 0 || otherwise.stmts.length > 0 || !then.tail || !otherwise.tail) return null;
  const fixedCost = 2 + '  {  } else {  }'.length;
  const thenWidth = width - (byteLen(cond) + fixedCost);
  if (thenWidth < 0) return null;
  // The branches are rewritten as statements: an `if` inside one stays multi-line, so never here.
  const thenStr = rewriteExpr(ctx, then.tail, new Shape(thenWidth, 0, 0), 'statement');
  if (thenStr === null) return null;
  const elseWidth = thenWidth - byteLen(thenStr);
  if (elseWidth < 0) return null;
  const elseStr = rewriteExpr(ctx, otherwise.tail, new Shape(elseWidth, 0, 0), 'statement');
  if (elseStr === null || thenStr.includes('\n') || elseStr.includes('\n')) return null;
  const result = `if ${cond} { ${thenStr} } else { ${elseStr} }`;
  return byteLen(result) <= width ? result : null;
}

/** `{` after a control-flow head goes on its own line when the head spans lines and ends indented. */
function braceOnOwnLine(head: string, shape: Shape, keywordOffset: number): boolean {
  const oneLineBudget = budget(shape.usedWidth() + keywordOffset + 2);
  return (head.includes('\n') || byteLen(head) > oneLineBudget) && (!lastLineExtendable(head) || lastLineOffsetted(shape.usedWidth(), head));
}

function lastLineOffsetted(startColumn: number, s: string): boolean {
  const start = lastLineStart(s);
  if (start === 0) return false;
  const last = s.slice(start);
  const leading = last.length - last.trimStart().length;
  return leading > startColumn;
}

// ---------------------------------------------------------------------------------------------
// Blocks and statements (visitor.rs, stmt.rs, items.rs rewrite_let)

function rewriteBlockExpr(ctx: LayoutContext, b: RBlock, shape: Shape, exprType: ExprType): string | null {
  const multi = rewriteBlockBody(ctx, b, shape.indent);
  if (multi === null || exprType === 'statement') return multi;
  // rewrite_single_line_block: `{ expr }` when the block is only an expression and fits.
  if (b.stmts.length === 0 && b.tail && lineCount(multi) <= 3) {
    const inner = shape.offsetLeft(0);
    const expr = inner && rewriteExpr(ctx, b.tail, inner);
    const single = expr === null ? null : `{ ${expr} }`;
    if (single !== null && byteLen(single) <= shape.width && !single.includes('\n')) return single;
  }
  return multi;
}

/** `{`, each statement on its own line one level in, `}` at `indent`. */
export function rewriteBlockBody(outer: LayoutContext, b: RBlock, indent: number): string | null {
  // rustfmt formats a block's statements with a fresh visitor, hence fresh flags.
  const ctx: LayoutContext = { forceOneLineChain: false, memo: outer.memo };
  const inner = indent + CONFIG.tabSpaces;
  const lines: string[] = [];
  for (const s of b.stmts) {
    const stmt = rewriteStmt(ctx, s, Shape.indented(inner));
    if (stmt === null) return null;
    lines.push(stmt);
  }
  if (b.tail) {
    const tail = rewriteExpr(ctx, b.tail, Shape.indented(inner), 'statement');
    if (tail === null) return null;
    lines.push(tail);
  }
  if (lines.length === 0) return '{}';
  return `{${lines.map((l) => newlineIndent(inner) + l).join('')}${newlineIndent(indent)}}`;
}

function rewriteStmt(ctx: LayoutContext, s: RStmt, shape: Shape): string | null {
  switch (s.k) {
    case 'let': {
      const lhs = `let ${s.pat}${s.ty === null ? '' : `: ${s.ty}`} =`;
      const rhsShape = shape.subWidth(1);
      const rhs = rhsShape && rewriteAssignRhs(ctx, lhs, s.init, rhsShape);
      return rhs === null ? null : `${lhs}${rhs};`;
    }
    case 'assign': {
      const lhs = rewriteExpr(ctx, s.target, shape);
      const rhsShape = shape.subWidth(1);
      const rhs = lhs === null || !rhsShape ? null : rewriteAssignRhs(ctx, `${lhs} ${s.op}`, s.value, rhsShape);
      return rhs === null ? null : `${lhs} ${s.op}${rhs};`;
    }
    case 'expr': {
      const inner = shape.subWidth(1);
      const expr = inner && rewriteExpr(ctx, s.expr, inner, 'statement');
      return expr === null ? null : `${expr};`;
    }
    case 'for': {
      const head = `for ${s.pat} in`;
      const fresh = shape.withWidth(budget(shape.usedWidth()));
      const rhs = rewriteAssignRhs(ctx, head, s.iter, fresh);
      const body = rewriteBlockBody(ctx, s.body, shape.indent);
      if (rhs === null || body === null) return null;
      const cond = head.slice(4) + rhs;
      const sep = braceOnOwnLine(cond, shape, 4) ? newlineIndent(shape.indent) : ' ';
      return `for ${cond}${sep}${body}`;
    }
  }
}

/**
 * rewrite_assign_rhs + choose_rhs: the right-hand side after `lhs` on the same line; on the next
 * line (one level in) when it then fits on one line or is markedly shorter. Returns the text that
 * follows `lhs` (with its leading space or line break).
 */
function rewriteAssignRhs(ctx: LayoutContext, lhs: string, rhs: RExpr, shape: Shape): string | null {
  const origShape = shape.offsetLeft(lastLineWidth(lhs) + 1) ?? new Shape(0, shape.indent, shape.offset + lastLineWidth(lhs) + 1);
  const orig = rewriteExpr(ctx, rhs, origShape);
  if (orig !== null && isSingleLine(orig) && strWidth(orig) <= origShape.width) return ` ${orig}`;
  const newShape = Shape.indented(shape.indent + CONFIG.tabSpaces).subWidth(shape.rhsOverhead());
  const next = newShape ? rewriteExpr(ctx, rhs, newShape) : null;
  const nextIndent = newlineIndent(shape.indent + CONFIG.tabSpaces);
  if (orig !== null && next !== null) {
    if (!wrapStr(next, newShape!)) return ` ${orig}`;
    if (preferNextLine(orig, next)) return nextIndent + next;
    return ` ${orig}`;
  }
  if (orig === null && next !== null) return nextIndent + next;
  return orig === null ? null : ` ${orig}`;
}

function preferNextLine(orig: string, next: string): boolean {
  const endsWith = (s: string, c: string): boolean => firstLineOf(s).endsWith(c);
  return (
    !next.includes('\n') ||
    lineCount(orig) > lineCount(next) + 1 ||
    (endsWith(orig, '(') && !endsWith(next, '(')) ||
    (endsWith(orig, '{') && !endsWith(next, '{')) ||
    (endsWith(orig, '[') && !endsWith(next, '['))
  );
}

const lastLineOf = (s: string): string => s.slice(lastLineStart(s));
