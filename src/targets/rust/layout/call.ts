// Parenthesised argument lists (calls, method calls, tuples), ported from rustfmt's overflow.rs:
// all arguments on one line within `fn_call_width`, else the last argument "overflows" (a closure
// or block breaking inside while the rest stays on the line), else one argument per line.

import type { RExpr } from '../ast.js';
import { rewriteLastClosure } from './closure.js';
import { horizontalFits, rewriteExpr, type LayoutContext } from './expr.js';
import {
  byteLen,
  CONFIG,
  firstLineOf,
  firstLineWidth,
  isSingleLine,
  lastLineWidth,
  lineCount,
  newlineIndent,
  Shape,
  strWidth,
} from './shape.js';

export function rewriteCall(ctx: LayoutContext, callee: string, args: readonly RExpr[], shape: Shape): string | null {
  return rewriteWithParens(ctx, callee, args, shape, CONFIG.fnCallWidth, false);
}

type Tactic = 'horizontal' | 'vertical';

/**
 * `ident(items)`. `singleTuple` forces the trailing comma of a one-element tuple. Returns null
 * when an item cannot be laid out.
 */
export function rewriteWithParens(
  ctx: LayoutContext,
  ident: string,
  items: readonly RExpr[],
  shape: Shape,
  itemMaxWidth: number,
  singleTuple: boolean,
): string | null {
  if (items.length === 0) {
    // What the steps below come to without arguments: `ident()`, else the `)` on the next line.
    return shape.width - lastLineWidth(ident) >= 2 ? `${ident}()` : `${ident}(${newlineIndent(shape.indent)})`;
  }
  const usedWidth = byteLen(ident);
  const oneLineWidth = Math.max(0, shape.width - (usedWidth + 2));
  const oneLineShape = shape.offsetLeft(lastLineWidth(ident) + 1)?.subWidth(1) ?? shape.withWidth(0);
  const nestedBase = shape.blockIndent(CONFIG.tabSpaces).withMaxWidth();
  const nestedShape = nestedBase.withWidth(nestedBase.width - 1);

  const listItems: (string | null)[] = items.map((item) => rewriteExpr(ctx, item, nestedShape));
  const tactic = tryOverflowLastItem(ctx, ident, items, listItems, oneLineShape, nestedShape, oneLineWidth, itemMaxWidth);
  if (listItems.some((item) => item === null)) return null;
  const texts = listItems as string[];

  const itemsStr =
    tactic === 'horizontal' ? texts.join(', ') + (singleTuple ? ',' : '') : verticalItems(texts, nestedShape.indent);

  // wrap_items
  const width = shape.width - lastLineWidth(ident);
  const extendWidth = itemsStr.length === 0 ? 2 : firstLineWidth(itemsStr) + 1;
  if (tactic === 'horizontal' && extendWidth <= width) return `${ident}(${itemsStr})`;
  const inner = itemsStr.length === 0 ? '' : newlineIndent(nestedShape.indent) + itemsStr;
  return `${ident}(${inner}${newlineIndent(shape.indent)})`;
}

/** One item per line at `indent`, each followed by a comma. */
export function verticalItems(texts: readonly string[], indent: number): string {
  const separator = newlineIndent(indent);
  let out = '';
  for (let i = 0; i < texts.length; i++) out += i === 0 ? `${texts[i]},` : `${separator}${texts[i]},`;
  return out;
}

function tryOverflowLastItem(
  ctx: LayoutContext,
  ident: string,
  items: readonly RExpr[],
  listItems: (string | null)[],
  oneLineShape: Shape,
  nestedShape: Shape,
  oneLineWidth: number,
  itemMaxWidth: number,
): Tactic {
  if (items.length === 0) return 'horizontal';
  const lastIndex = items.length - 1;
  const last = items[lastIndex]!;
  const combineArgWithCallee = items.length === 1 && byteLen(ident) < CONFIG.tabSpaces;
  const overflowLast = combineArgWithCallee || canBeOverflowed(last, items.length);

  let placeholder: string | null = null;
  if (overflowLast) {
    const saved = ctx.forceOneLineChain;
    if (!combineArgWithCallee && isMethodCall(last)) ctx.forceOneLineChain = true;
    const argShape = lastItemShape(items, listItems, oneLineShape, itemMaxWidth);
    placeholder = argShape ? rewriteLastItemWithOverflow(ctx, items, argShape) : null;
    if (placeholder !== null) listItems[lastIndex] = firstLineOf(placeholder);
    ctx.forceOneLineChain = saved;
  }

  let tactic: Tactic = definitiveTactic(listItems, Math.min(oneLineWidth, itemMaxWidth));
  if (overflowLast && tactic === 'horizontal' && placeholder !== null) {
    if (items.length === 1 && lineCount(placeholder) === 2) {
      const rw = rewriteExpr(ctx, last, nestedShape);
      listItems[lastIndex] = rw !== null && isSingleLine(rw) ? rw : placeholder;
    } else {
      listItems[lastIndex] = placeholder;
    }
    return tactic;
  }
  listItems[lastIndex] = rewriteExpr(ctx, last, nestedShape);
  const only = listItems[0];
  if (items.length === 1 && oneLineWidth !== 0 && only !== null && only !== undefined && isSingleLine(only) && strWidth(only) <= oneLineWidth) {
    tactic = 'horizontal';
  } else {
    tactic = definitiveTactic(listItems, Math.min(oneLineWidth, itemMaxWidth));
  }
  return tactic;
}

function definitiveTactic(items: readonly (string | null)[], limit: number): Tactic {
  if (items.some((i) => i === null)) return 'vertical';
  return horizontalFits(items as string[], limit) ? 'horizontal' : 'vertical';
}

/** last_item_shape: the room the last argument has after the others on the first line. */
function lastItemShape(items: readonly RExpr[], listItems: readonly (string | null)[], shape: Shape, argsMaxWidth: number): Shape | null {
  if (items.length === 1 && !isNestedCall(items[0]!)) return shape;
  let offset = 0;
  for (let i = 0; i < listItems.length - 1; i++) offset += 2 + (listItems[i] === null ? 0 : byteLen(listItems[i]!));
  return shape.withWidth(Math.min(argsMaxWidth, shape.width)).offsetLeft(offset);
}

function rewriteLastItemWithOverflow(ctx: LayoutContext, items: readonly RExpr[], shape: Shape): string | null {
  const last = items[items.length - 1]!;
  if (last.k === 'closure') {
    // Only the last item may be a closure.
    for (let i = 0; i < items.length - 1; i++) if (items[i]!.k === 'closure') return null;
    return rewriteLastClosure(ctx, last, shape);
  }
  if (last.k === 'if') {
    const condShape = shape.offsetLeft(3);
    const cond = condShape ? rewriteExpr(ctx, last.cond, condShape) : null;
    if (cond !== null && cond.includes('\n')) return null;
  }
  return rewriteExpr(ctx, last, shape);
}

/** can_be_overflowed_expr */
function canBeOverflowed(e: RExpr, argCount: number): boolean {
  switch (e.k) {
    case 'closure':
    case 'block':
      return true;
    case 'if':
    case 'struct':
    case 'call':
    case 'method':
    case 'tuple':
      return argCount === 1;
    case 'unary':
      return canBeOverflowed(e.arg, argCount);
    case 'cast':
      return canBeOverflowed(e.arg, argCount);
    default:
      return false;
  }
}

function isNestedCall(e: RExpr): boolean {
  if (e.k === 'call') return true;
  if (e.k === 'unary') return isNestedCall(e.arg);
  if (e.k === 'cast') return isNestedCall(e.arg);
  return false;
}

function isMethodCall(e: RExpr): boolean {
  if (e.k === 'unary') return isMethodCall(e.arg);
  if (e.k === 'cast') return isMethodCall(e.arg);
  return e.k === 'method';
}
