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
import { assign, exprsUse, exprUses, type GoExpr, type GoStmt } from './syntax.js';

export function pruneUnused(stmts: readonly GoStmt[]): GoStmt[] {
  let current: readonly GoStmt[] = stmts;
  for (;;) {
    const pass = { changed: false };
    const next = pruneBlock(current, pass);
    if (!pass.changed) return next;
    current = next;
  }
}

/** Set by a pass that removed or rewrote anything, so the fixed point is reached when it stays false. */
interface Pass {
  changed: boolean;
}

function pruneBlock(stmts: readonly GoStmt[], pass: Pass): GoStmt[] {
  let out = stmts.map((s) => pruneInside(s, pass));
  for (let i = 0; i < out.length; i++) {
    const s = out[i]!;
    const declared = s.k === 'define' && s.names.length === 1 ? s.names[0]! : s.k === 'var' ? s.name : null;
    if (declared === null || declared === '_' || readAfter(out, i, declared)) continue;
    pass.changed = true;
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

/** Whether `name` is read in `stmts` after index `i`. */
function readAfter(stmts: readonly GoStmt[], i: number, name: string): boolean {
  for (let j = i + 1; j < stmts.length; j++) if (stmtReads(stmts[j]!, name)) return true;
  return false;
}

function blockReads(stmts: readonly GoStmt[], name: string): boolean {
  return readAfter(stmts, -1, name);
}

/** Whether `name` is read (not merely assigned to) anywhere in `s`. */
function stmtReads(s: GoStmt, name: string): boolean {
  switch (s.k) {
    case 'define':
    case 'return':
      return exprsRead(s.values, name);
    case 'assign':
      for (const t of s.targets) if (!isName(t, name) && exprReads(t, name)) return true;
      return exprsRead(s.values, name);
    case 'incdec':
      return !isName(s.x, name) && exprReads(s.x, name);
    case 'var':
      return s.value !== null && exprReads(s.value, name);
    case 'expr':
      return exprReads(s.x, name);
    case 'if':
      return (
        exprReads(s.cond, name) ||
        blockReads(s.then, name) ||
        (s.else !== null && (Array.isArray(s.else) ? blockReads(s.else, name) : stmtReads(s.else as GoStmt, name)))
      );
    case 'range':
      return exprReads(s.x, name) || blockReads(s.body, name);
    case 'for':
      return (
        (s.init !== null && stmtReads(s.init, name)) ||
        (s.cond !== null && exprReads(s.cond, name)) ||
        (s.post !== null && stmtReads(s.post, name)) ||
        blockReads(s.body, name)
      );
    case 'go':
    case 'defer':
      return exprReads(s.call, name);
    case 'branch':
    case 'struct':
      return false;
  }
}

function exprsRead(es: readonly GoExpr[], name: string): boolean {
  return exprsUse(es, name, blockReads);
}

/** Like `mentions` for an expression, except that a function literal's body counts only its reads. */
function exprReads(e: GoExpr, name: string): boolean {
  return exprUses(e, name, blockReads);
}

/** Applies the pass to the blocks nested in `s` (branches, loop bodies, function literals). */
function pruneInside(s: GoStmt, pass: Pass): GoStmt {
  switch (s.k) {
    case 'if':
      return {
        ...s,
        then: pruneBlock(s.then, pass),
        else:
          s.else === null
            ? null
            : Array.isArray(s.else)
              ? pruneBlock(s.else, pass)
              : (pruneInside(s.else as GoStmt, pass) as Extract<GoStmt, { k: 'if' }>),
      };
    case 'range': {
      const body = pruneBlock(s.body, pass);
      const keep = (v: string | null): string | null => {
        if (v === null || blockReads(body, v)) return v;
        pass.changed = true;
        return null;
      };
      return { ...s, key: keep(s.key), value: keep(s.value), body };
    }
    case 'for':
      return { ...s, body: pruneBlock(s.body, pass) };
    case 'expr':
      return { ...s, x: pruneExpr(s.x, pass) };
    case 'go':
    case 'defer':
      return { ...s, call: pruneExpr(s.call, pass) };
    default:
      return s;
  }
}

function pruneExpr(e: GoExpr, pass: Pass): GoExpr {
  if (e.k === 'func') return { ...e, body: pruneBlock(e.body, pass) };
  if (e.k === 'call') return { ...e, args: e.args.map((a) => pruneExpr(a, pass)) };
  return e;
}
