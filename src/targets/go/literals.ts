// Go spellings of kernel-language literals and small expression helpers shared by the lowering.

import type { Expr, ScalarValue } from '../../ir/ir.js';
import type { Type } from '../../lang/types.js';
import type { FileContext } from './context.js';
import { localName } from './names.js';
import { call, callSel, exprsUse, exprUses, ident, isConstant, lit, unary, type GoExpr, type GoStmt } from './syntax.js';

export function literal(value: ScalarValue, file: FileContext): GoExpr {
  switch (typeof value) {
    case 'bigint':
      return value < 0n ? unary('-', lit((-value).toString())) : lit(value.toString());
    case 'number':
      return floatLiteral(value, file);
    case 'boolean':
      return ident(value ? 'true' : 'false');
    case 'string':
      return lit(goString(value));
  }
}

function floatLiteral(x: number, file: FileContext): GoExpr {
  // Go constants are exact, so `-0.0` is +0: negative zero and non-finite values need math.
  if (Object.is(x, -0)) return callSel(file.pkgName('math'), 'Copysign', lit('0'), unary('-', lit('1')));
  if (Number.isNaN(x)) return callSel(file.pkgName('math'), 'NaN');
  if (!Number.isFinite(x)) return callSel(file.pkgName('math'), 'Inf', x > 0 ? lit('1') : unary('-', lit('1')));
  const text = String(Math.abs(x));
  const spelled = /[.e]/.test(text) ? text : `${text}.0`;
  return x < 0 ? unary('-', lit(spelled)) : lit(spelled);
}

/** A Go interpreted string literal: UTF-8 text as is, escapes for what Go source cannot hold. */
export function goString(s: string): string {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\r') out += '\\r';
    else if (cp >= 0xd800 && cp <= 0xdfff) out += '\\uFFFD'; // a lone surrogate has no UTF-8 form
    else if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0) || cp === 0xfeff || cp === 0x2028 || cp === 0x2029) {
      out += `\\u${cp.toString(16).padStart(4, '0')}`;
    } else out += ch;
  }
  return `${out}"`;
}

/**
 * `e` made to have type `t` in a context without one (`x := e`): an untyped integer constant
 * would default to `int`, so it gets an explicit `int64(...)`.
 */
export function typed(e: GoExpr, t: Type): GoExpr {
  return t.kind === 'i64' && isConstant(e) ? call('int64', e) : e;
}

/** Cheap, cannot raise, and reads nothing that changes: safe to repeat or to move. */
export function isAtomic(e: GoExpr): boolean {
  switch (e.k) {
    case 'ident':
    case 'lit':
      return true;
    case 'unary':
      return e.op === '-' && e.x.k === 'lit';
    case 'selector':
      return isAtomic(e.x);
    case 'call':
      // Conversions and len of an atomic operand.
      return e.fn.k === 'ident' && ['int64', 'float64', 'int', 'len'].includes(e.fn.name) && e.args.length === 1 && isAtomic(e.args[0]!);
    default:
      return false;
  }
}

/** A variable name for the value of `e`, when one is needed. */
export function nameFor(e: Expr): string {
  switch (e.k) {
    case 'var':
      return localName(e.name.replace(/_\d+$/, ''));
    case 'field':
      return localName(e.name);
    case 'skip':
      return 'rest';
    case 'take':
      return 'head';
    case 'sort':
      return 'sorted';
    case 'reverse':
      return 'reversed';
    case 'filter':
      return 'kept';
    case 'range':
      return 'seq';
    case 'group':
      return 'rows';
    case 'scan':
      return 'running';
    case 'index':
      return 'elem';
    default:
      return 'items';
  }
}

/** `xs` → `x`, `prices` → `price`: the element name a Go programmer would pick. */
export function singular(e: GoExpr): string {
  const name = e.k === 'ident' ? e.name : e.k === 'selector' ? e.name.charAt(0).toLowerCase() + e.name.slice(1) : '';
  if (name.length > 1 && name.endsWith('s') && !name.endsWith('ss')) return name.slice(0, -1);
  return 'v';
}

/**
 * Whether `name` occurs anywhere in `stmts`: as an identifier, or declared by `:=`, `var` or
 * `range` (not as a parameter, field key or selected field).
 */
export function mentions(stmts: readonly GoStmt[], name: string): boolean {
  for (const s of stmts) if (stmtMentions(s, name)) return true;
  return false;
}

function stmtMentions(s: GoStmt, name: string): boolean {
  switch (s.k) {
    case 'define':
      return s.names.includes(name) || exprsMention(s.values, name);
    case 'assign':
      return exprsMention(s.targets, name) || exprsMention(s.values, name);
    case 'incdec':
      return exprMentions(s.x, name);
    case 'var':
      return s.name === name || (s.value !== null && exprMentions(s.value, name));
    case 'expr':
      return exprMentions(s.x, name);
    case 'return':
      return exprsMention(s.values, name);
    case 'if':
      return (
        exprMentions(s.cond, name) ||
        mentions(s.then, name) ||
        (s.else !== null && (Array.isArray(s.else) ? mentions(s.else, name) : stmtMentions(s.else as GoStmt, name)))
      );
    case 'range':
      return s.key === name || s.value === name || exprMentions(s.x, name) || mentions(s.body, name);
    case 'for':
      return (
        (s.init !== null && stmtMentions(s.init, name)) ||
        (s.cond !== null && exprMentions(s.cond, name)) ||
        (s.post !== null && stmtMentions(s.post, name)) ||
        mentions(s.body, name)
      );
    case 'go':
    case 'defer':
      return exprMentions(s.call, name);
    case 'branch':
    case 'struct':
      return false;
  }
}

function exprsMention(es: readonly GoExpr[], name: string): boolean {
  return exprsUse(es, name, mentions);
}

function exprMentions(e: GoExpr, name: string): boolean {
  return exprUses(e, name, mentions);
}
