// Method chains (`a.b.c().d()`), ported from rustfmt's chains.rs with block indentation: one line
// when the chain fits `chain_width`, else one element per line, and a last element that may
// "overflow" (stay on the previous line and break inside) when that does not cost more lines.

import type { RExpr } from '../ast.js';
import { rewriteCall } from './call.js';
import { rewriteExpr, type LayoutContext } from './expr.js';
import {
  byteLen,
  CONFIG,
  firstLineWidth,
  lastLineExtendable,
  lastLineStart,
  lastLineWidth,
  lineCount,
  newlineIndent,
  Shape,
  strWidth,
  wrapStr,
} from './shape.js';

type ChainItem = Extract<RExpr, { k: 'method' | 'field' }>;

interface Chain {
  readonly parent: RExpr;
  /** Outermost last. */
  readonly children: readonly ChainItem[];
}

function chainOf(e: ChainItem): Chain {
  const children: ChainItem[] = [];
  let node: RExpr = e;
  while (node.k === 'method' || node.k === 'field') {
    children.push(node);
    node = node.recv;
  }
  return { parent: node, children: children.reverse() };
}

function rewriteItem(ctx: LayoutContext, item: ChainItem, shape: Shape): string | null {
  return item.k === 'field' ? `.${item.name}` : rewriteCall(ctx, `.${item.name}`, item.args, shape);
}

/** rustfmt's `is_block_expr` for a chain's parent. */
function isBlockLike(e: RExpr, text: string): boolean {
  switch (e.k) {
    case 'call':
    case 'method':
    case 'struct':
    case 'if':
    case 'block':
      return text.includes('\n');
    case 'paren':
      return isBlockLike(e.inner, text);
    case 'binary':
      return isBlockLike(e.right, text);
    case 'index':
      return isBlockLike(e.index, text);
    case 'unary':
      return isBlockLike(e.arg, text);
    case 'closure':
      return isBlockLike(e.body, text);
    case 'lit': {
      // A parenthesised operation ending in a short literal (`… % 6)`) ends like a block.
      const last = text.slice(lastLineStart(text)).trim();
      return text.includes('\n') && strWidth(last) <= CONFIG.tabSpaces;
    }
    default:
      return false;
  }
}

export function rewriteChain(ctx: LayoutContext, e: ChainItem, shape: Shape): string | null {
  // The commonest chain, a field of a local (`t.qty`), stays on one line when it fits: where the
  // steps below come to for it (given an ASCII local, so its bytes are its columns).
  if (e.k === 'field' && e.recv.k === 'path' && byteLen(e.recv.text) === e.recv.text.length) {
    const text = `${e.recv.text}.${e.name}`;
    if (strWidth(text) <= shape.width) return text;
  }
  const chain = chainOf(e);
  const childCount = chain.children.length;

  // format_root: a parent no wider than the indentation absorbs the first children.
  let root = rewriteExpr(ctx, chain.parent, shape);
  if (root === null) return null;
  let rootEndsWithBlock = isBlockLike(chain.parent, root);
  const tabWidth = Math.max(0, CONFIG.tabSpaces - shape.offset);
  const children = chain.children;
  let first = 0; // children before it are part of the root
  while (byteLen(root) <= tabWidth && !root.includes('\n')) {
    const itemShape = shape.offsetLeft(byteLen(root));
    if (!itemShape) return null;
    const rw = rewriteItem(ctx, children[first]!, itemShape);
    if (rw === null) break;
    root += rw;
    rootEndsWithBlock = lastLineExtendable(root);
    if (++first === childCount) return wrapStr(root, shape);
  }

  const childShape = (rootEndsWithBlock ? shape.blockIndent(0) : shape.blockIndent(CONFIG.tabSpaces)).withMaxWidth();
  const rewrites: string[] = [root];
  let rewritesWidth = strWidth(root);
  let rewritesOneLine = !root.includes('\n');
  for (let i = first; i < childCount - 1; i++) {
    const rw = rewriteItem(ctx, children[i]!, childShape);
    if (rw === null) return null;
    rewrites.push(rw);
    rewritesWidth += strWidth(rw);
    rewritesOneLine &&= !rw.includes('\n');
  }

  // format_last_child
  const last = children[childCount - 1]!;
  const extendable = first === childCount - 1 && lastLineExtendable(root);
  const almostTotal = extendable ? lastLineWidth(root) : rewritesWidth;
  const oneLineBudget = Math.max(0, (childCount === 1 ? shape.width : Math.min(shape.width, CONFIG.chainWidth)) - almostTotal);
  const allInOneLine = rewritesOneLine && oneLineBudget > 0;
  const lastShape = allInOneLine ? shape : extendable ? childShape : childShape.subWidth(shape.rhsOverhead());
  if (!lastShape) return null;

  let lastStr: string | null = null;
  let fitsSingleLine = false;
  if (allInOneLine || extendable) {
    const oneLineShape = lastShape.offsetLeft(almostTotal);
    const rw = oneLineShape && rewriteItem(ctx, last, oneLineShape);
    if (rw !== null && rw !== undefined) {
      const lines = lineCount(rw);
      const couldFitSingleLine = firstLineWidth(rw) <= oneLineBudget;
      if (couldFitSingleLine && lines >= 5) {
        lastStr = rw;
        fitsSingleLine = allInOneLine;
      } else {
        const ownLineShape = childShape.subWidth(shape.rhsOverhead());
        if (!ownLineShape) return null;
        const newRw = rewriteItem(ctx, last, ownLineShape);
        if (newRw !== null && !couldFitSingleLine) {
          lastStr = newRw;
        } else if (newRw !== null && lineCount(newRw) >= lines) {
          lastStr = rw;
          fitsSingleLine = couldFitSingleLine && allInOneLine;
        } else if (newRw !== null) {
          lastStr = newRw;
        } else {
          lastStr = rw;
          fitsSingleLine = couldFitSingleLine && allInOneLine;
        }
      }
    }
  }
  lastStr ??= rewriteItem(ctx, last, lastShape);
  if (lastStr === null) return null;
  rewrites.push(lastStr);

  // join_rewrites
  if (!fitsSingleLine && ctx.forceOneLineChain) return null;
  const connector = fitsSingleLine ? '' : newlineIndent(childShape.indent);
  return wrapStr(rewrites.join(connector), shape);
}
