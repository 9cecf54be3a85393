// Closures, ported from rustfmt's closures.rs: `|x| expr` when the body fits on one line (or is a
// struct literal or block that may break), otherwise the body wrapped in a block.

import type { RExpr } from '../ast.js';
import { rewriteBlockBody, rewriteExpr, type LayoutContext } from './expr.js';
import { lineCount, Shape, strWidth } from './shape.js';

type Closure = Extract<RExpr, { k: 'closure' }>;

/** rewrite_closure_fn_decl: `|p1, p2|`, and the offset of the body after it. */
function fnDecl(params: readonly string[], shape: Shape): { prefix: string; extraOffset: number } | null {
  const nested = shape.subWidth(4); // 4 = "|| {"
  if (!nested || nested.width < 1) return null;
  const list = params.length === 1 ? params[0]! : params.join(', ');
  // Each parameter within the parameters' shape (`nested` after the `|`) follows from the list.
  const listWidth = strWidth(list);
  if (listWidth > nested.width - 1) return null;
  // A pattern is one line: the body starts after `|list| `.
  return { prefix: `|${list}|`, extraOffset: listWidth + 3 };
}

export function rewriteClosure(ctx: LayoutContext, params: readonly string[], body: RExpr, shape: Shape): string | null {
  const decl = fnDecl(params, shape);
  if (!decl) return null;
  const bodyShape = shape.offsetLeft(decl.extraOffset);
  if (!bodyShape) return null;
  if (body.k === 'block') {
    // try_rewrite_without_block: a block of statements stays a block.
    const withoutBlock = rewriteClosureExpr(ctx, body, decl.prefix, bodyShape);
    return withoutBlock ?? rewriteClosureBlock(ctx, body, decl.prefix, bodyShape);
  }
  return rewriteClosureExpr(ctx, body, decl.prefix, bodyShape) ?? rewriteClosureWithBlock(ctx, body, decl.prefix, bodyShape);
}

/** The closure as the overflowing last argument of a call (rewrite_last_closure). */
export function rewriteLastClosure(ctx: LayoutContext, closure: Closure, shape: Shape): string | null {
  const decl = fnDecl(closure.params, shape);
  if (!decl) return null;
  const bodyShape = shape.offsetLeft(decl.extraOffset);
  if (!bodyShape) return null;
  if (isBlockClosureForced(closure.body)) {
    const withBlock = rewriteClosureWithBlock(ctx, closure.body, decl.prefix, bodyShape);
    if (withBlock === null) return null;
    if (lineCount(withBlock) <= 7) {
      const single = rewriteClosureExpr(ctx, closure.body, decl.prefix, shape);
      if (single !== null && !single.includes('\n')) return single;
    }
    return withBlock;
  }
  return rewriteClosure(ctx, closure.params, closure.body, shape);
}

function isBlockClosureForced(e: RExpr): boolean {
  if (e.k === 'if') return true;
  if (e.k === 'unary') return isBlockClosureForced(e.arg);
  if (e.k === 'cast') return isBlockClosureForced(e.arg);
  return false;
}

/** Bodies that may span lines without braces around them. */
function allowMultiLine(e: RExpr): boolean {
  if (e.k === 'block' || e.k === 'struct') return true;
  if (e.k === 'unary') return allowMultiLine(e.arg);
  if (e.k === 'cast') return allowMultiLine(e.arg);
  return false;
}

function rewriteClosureExpr(ctx: LayoutContext, body: RExpr, prefix: string, shape: Shape): string | null {
  const rw = rewriteExpr(ctx, body, shape);
  if (rw === null || (!allowMultiLine(body) && rw.includes('\n'))) return null;
  return `${prefix} ${rw}`;
}

function rewriteClosureBlock(ctx: LayoutContext, body: Extract<RExpr, { k: 'block' }>, prefix: string, shape: Shape): string | null {
  const block = rewriteBlockBody(ctx, body, shape.indent);
  return block === null ? null : `${prefix} ${block}`;
}

/** A single-expression body that does not fit on the line goes into a block of its own. */
function rewriteClosureWithBlock(ctx: LayoutContext, body: RExpr, prefix: string, shape: Shape): string | null {
  const block = rewriteBlockBody(ctx, { k: 'block', stmts: [], tail: body }, shape.indent);
  return block === null ? null : `${prefix} ${block}`;
}
