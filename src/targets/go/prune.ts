// Go rejects a local variable that is declared but never read. The lowering avoids most such
// variables up front (see analysis.ts), but whether a value is read is only certain once the code
// exists: an element nobody reads is computed only for its errors, which can leave a variable it
// depended on unread. This pass removes what remains, to a fixed point:
//
//   x := e      →  _ = e          (or nothing, when e is cheap and cannot fail)
//   var x T     →  (nothing), and each `x = e` / `x += e` / `x++` likewise.
//
// Locals never shadow one another (every scope claims its names from its enclosing ones), so
// any later mention of a name in the declaring block refers to that declaration.

import { isAtomic } from './literals.js';
import { assign, type GoExpr, type GoStmt } from './syntax.js';

export function pruneUnused(stmts: readonly GoStmt[]): GoStmt[] {
  let current = [...stmts];
  for (;;) {
    const next = pruneBlock(current);
    if (JSON.stringify(next) === JSON.stringify(current)) return next;
    current = next;
  }
}

function pruneBlock(stmts: readonly GoStmt[]): GoStmt[] {
  let out = stmts.map(pruneInside);
  for (let i = 0; i < out.length; i++) {
    const s = out[i]!;
    const declared = s.k === 'define' && s.names.length === 1 ? s.names[0]! : s.k === 'var' ? s.name : null;
    if (declared === null || declared === '_' || isRead(out.slice(i + 1), declared)) continue;
    const rest = out.slice(i + 1).flatMap((t) => dropWrites(t, declared));
    const replacement = s.k === 'define' ? discard(s.values[0]!) : s.k === 'var' && s.value !== null ? discard(s.value) : [];
    out = [...out.slice(0, i), ...replacement, ...rest];
    i += replacement.length - 1;
  }
  return out;
}

/** `_ = e` when evaluating `e` may matter, else nothing. */
function discard(e: GoExpr): GoStmt[] {
  return isPure(e) ? [] : [assign('_', e)];
}

/** Cannot fail and has no effect: safe to drop. */
function isPure(e: GoExpr): boolean {
  switch (e.k) {
    case 'ident':
    case 'lit':
    case 'type':
    case 'func':
      return true;
    case 'unary':
    case 'paren':
    case 'selector':
      return isPure(e.x);
    case 'binary':
      return e.op !== '/' && e.op !== '%' && isPure(e.x) && isPure(e.y);
    case 'composite':
      return e.elems.every((el) => isPure(el.value));
    case 'call':
      return e.fn.k === 'ident' && ['make', 'len', 'int64', 'float64', 'int', 'min', 'max'].includes(e.fn.name) && e.args.every(isPure);
    default:
      return isAtomic(e);
  }
}

/** Statements with every write to `name` removed (keeping the written values' errors). */
function dropWrites(s: GoStmt, name: string): GoStmt[] {
  switch (s.k) {
    case 'assign':
      if (s.targets.length === 1 && isName(s.targets[0]!, name)) return discard(s.values[0]!);
      return [s];
    case 'incdec':
      return isName(s.x, name) ? [] : [s];
    case 'if': {
      const then = s.then.flatMap((t) => dropWrites(t, name));
      const otherwise = s.else === null ? null : Array.isArray(s.else) ? s.else.flatMap((t) => dropWrites(t, name)) : dropWrites(s.else as GoStmt, name);
      const elseStmts = otherwise === null ? [] : otherwise;
      if (then.length === 0 && elseStmts.length === 0) return discard(s.cond);
      const elseBranch = elseStmts.length === 0 ? null : elseStmts.length === 1 && elseStmts[0]!.k === 'if' ? (elseStmts[0] as Extract<GoStmt, { k: 'if' }>) : elseStmts;
      return [{ ...s, then, else: elseBranch }];
    }
    case 'range':
    case 'for':
      return [{ ...s, body: s.body.flatMap((t) => dropWrites(t, name)) }];
    default:
      return [s];
  }
}

function isName(e: GoExpr, name: string): boolean {
  return e.k === 'ident' && e.name === name;
}

/** Whether `name` is read (not merely assigned to) anywhere in `node`. */
function isRead(node: unknown, name: string): boolean {
  if (node === null || typeof node !== 'object') return false;
  if (Array.isArray(node)) return node.some((n) => isRead(n, name));
  const o = node as Record<string, unknown>;
  switch (o['k']) {
    case 'ident':
      return o['name'] === name;
    case 'assign': {
      const s = node as Extract<GoStmt, { k: 'assign' }>;
      return s.targets.some((t) => !isName(t, name) && isRead(t, name)) || isRead(s.values, name);
    }
    case 'incdec': {
      const s = node as Extract<GoStmt, { k: 'incdec' }>;
      return !isName(s.x, name) && isRead(s.x, name);
    }
    default:
      return Object.values(o).some((v) => isRead(v, name));
  }
}

/** Applies the pass to the blocks nested in `s` (branches, loop bodies, function literals). */
function pruneInside(s: GoStmt): GoStmt {
  switch (s.k) {
    case 'if':
      return {
        ...s,
        then: pruneBlock(s.then),
        else: s.else === null ? null : Array.isArray(s.else) ? pruneBlock(s.else) : (pruneInside(s.else as GoStmt) as Extract<GoStmt, { k: 'if' }>),
      };
    case 'range': {
      const body = pruneBlock(s.body);
      const keep = (v: string | null): string | null => (v !== null && isRead(body, v) ? v : null);
      return { ...s, key: keep(s.key), value: keep(s.value), body };
    }
    case 'for':
      return { ...s, body: pruneBlock(s.body) };
    case 'expr':
      return { ...s, x: pruneExpr(s.x) };
    case 'go':
    case 'defer':
      return { ...s, call: pruneExpr(s.call) };
    default:
      return s;
  }
}

function pruneExpr(e: GoExpr): GoExpr {
  if (e.k === 'func') return { ...e, body: pruneBlock(e.body) };
  if (e.k === 'call') return { ...e, args: e.args.map(pruneExpr) };
  return e;
}
