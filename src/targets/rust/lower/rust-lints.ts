// Clippy's view of the finished function body: spellings it prefers that mean the same thing
// (`(lo..hi).contains(&x)` for a bounds check of a local against constants, `x.clamp(lo, hi)` for
// `x.max(lo).min(hi)`), and source patterns it rejects that have no equivalent spelling
// (`x - x`, identical `if` branches), which the function then allows.

import { method, range, unary, type BinOp, type RBlock, type RExpr, type RStmt } from '../ast.js';
import { sameExpr } from './lints.js';

export function applyRustLints(body: RBlock, allows: Set<string>): RBlock {
  return mapBlock(body, (e) => rewrite(e, allows));
}

function rewrite(e: RExpr, allows: Set<string>): RExpr {
  if (e.k === 'binary') {
    if (EQ_OP.has(e.op) && sameExpr(stripParens(e.left), stripParens(e.right))) allows.add('clippy::eq_op');
    if (BOOL_OPS.has(e.op) && repeatsAtom(e)) {
      // Clippy's boolean simplifier finds such formulas redundant; the source wrote them so.
      allows.add('clippy::nonminimal_bool');
      allows.add('clippy::overly_complex_bool_expr');
    }
    if (e.op === '&&' || e.op === '||') return rangeContains(e);
    if (e.op === '==' || e.op === '!=' || e.op === '<' || e.op === '<=' || e.op === '>' || e.op === '>=') {
      const rewritten = emptyComparison(e, allows);
      if (rewritten !== e) return rewritten;
    }
  }
  if (e.k === 'if' && sameIfBranches(e)) allows.add('clippy::if_same_then_else');
  if (e.k === 'if' && repeatedCondition(e)) allows.add('clippy::ifs_same_cond');
  if (e.k === 'method') return clamp(e, allows);
  if (e.k === 'range') {
    // `range(3, 2)` is empty by the source's own choice.
    const start = constantOf(e.start);
    const end = constantOf(e.end);
    if (start !== null && end !== null && (compare(start, end) ?? -1) >= 0) allows.add('clippy::reversed_empty_ranges');
  }
  return e;
}

const EQ_OP: ReadonlySet<BinOp> = new Set(['==', '!=', '<', '<=', '>', '>=', '&&', '||', '-', '/', '%']);

const BOOL_OPS: ReadonlySet<BinOp> = new Set(['&&', '||', '&', '|']);

/**
 * Whether a boolean formula mentions one condition twice (`a < b` and `b > a` count as one), a
 * constant (`e || true` keeps `e` only for its evaluation) or negations De Morgan would merge.
 */
function repeatsAtom(e: RExpr): boolean {
  const atoms: string[] = [];
  let negations = 0;
  let negatedCompound = false;
  const visit = (x: RExpr): void => {
    const y = stripParens(x);
    if (y.k === 'binary' && BOOL_OPS.has(y.op)) {
      visit(y.left);
      visit(y.right);
    } else if (y.k === 'unary' && y.op === '!') {
      negations++;
      const arg = stripParens(y.arg);
      negatedCompound ||= arg.k === 'binary' && BOOL_OPS.has(arg.op);
      visit(y.arg);
    } else {
      atoms.push(atomKey(y));
    }
  };
  visit(e);
  const constant = atoms.some((a) => a === JSON.stringify({ k: 'lit', text: 'true' }) || a === JSON.stringify({ k: 'lit', text: 'false' }));
  // `!a && !(b || c)` has a spelling with fewer negations, which clippy suggests.
  const foldableNegations = negatedCompound && negations > 1;
  return constant || foldableNegations || new Set(atoms).size < atoms.length;
}

function atomKey(e: RExpr): string {
  const key = (x: RExpr): string => JSON.stringify(stripParens(x));
  if (e.k !== 'binary') return key(e);
  switch (e.op) {
    case '<':
    case '>=':
      return `lt ${key(e.left)} ${key(e.right)}`;
    case '>':
    case '<=':
      return `lt ${key(e.right)} ${key(e.left)}`;
    case '==':
    case '!=':
      return `eq ${[key(e.left), key(e.right)].sort().join(' ')}`;
    default:
      return key(e);
  }
}

function stripParens(e: RExpr): RExpr {
  return e.k === 'paren' ? stripParens(e.inner) : e;
}

/** An `else if` chain testing one condition twice. */
function repeatedCondition(e: Extract<RExpr, { k: 'if' }>): boolean {
  const conds: RExpr[] = [];
  for (let x: RExpr = e; x.k === 'if'; x = x.else) conds.push(x.cond);
  return conds.some((c, i) => conds.slice(i + 1).some((d) => sameExpr(c, d)));
}

function sameIfBranches(e: Extract<RExpr, { k: 'if' }>): boolean {
  if (e.else.k === 'block' && sameExpr(e.then, e.else)) return true;
  return e.else.k === 'if' && sameExpr(e.then, e.else.then);
}

/**
 * comparison_to_empty: `s == ""` → `s.is_empty()`, `s > ""` → `!s.is_empty()`. `s < ""` and
 * `s >= ""` are constant, but `s` still has to be evaluated: those are allowed as written.
 */
function emptyComparison(e: Extract<RExpr, { k: 'binary' }>, allows: Set<string>): RExpr {
  const rightEmpty = isEmptyString(e.right);
  const other = rightEmpty ? e.left : isEmptyString(e.left) ? e.right : null;
  if (!other || isEmptyString(other)) return e;
  // The comparison as seen from `other`: `"" < s` is `s > ""`.
  const flipped: Partial<Record<BinOp, BinOp>> = { '<': '>', '>': '<', '<=': '>=', '>=': '<=' };
  const op = rightEmpty ? e.op : (flipped[e.op] ?? e.op);
  // `s.as_str().is_empty()` is `s.is_empty()`.
  const subject = other.k === 'method' && other.name === 'as_str' ? other.recv : other;
  const test = method(subject, 'is_empty');
  if (op === '==' || op === '<=') return test;
  if (op === '!=' || op === '>') return unary('!', test);
  allows.add('clippy::comparison_to_empty');
  return e;
}

const isEmptyString = (e: RExpr): boolean => e.k === 'lit' && e.text === '""';

// ---------------------------------------------------------------------------------------------
// manual_range_contains

type Constant = number | bigint | string;

interface Bound {
  readonly name: string;
  readonly value: Constant;
  readonly expr: RExpr;
  /** The variable is greater (a lower bound) or less (an upper bound) than the constant. */
  readonly ord: 'greater' | 'less';
  readonly inclusive: boolean;
}

function rangeContains(e: Extract<RExpr, { k: 'binary' }>): RExpr {
  const operands = flatten(e, e.op);
  const out: RExpr[] = [];
  for (let i = 0; i < operands.length; i++) {
    const next = operands[i + 1];
    const merged = next ? containsCheck(e.op, operands[i]!, next) : null;
    if (merged) {
      out.push(merged);
      i++;
    } else {
      out.push(operands[i]!);
    }
  }
  if (out.length === operands.length) return e;
  return out.slice(1).reduce((acc, x) => ({ k: 'binary', op: e.op, left: acc, right: x }), out[0]!);
}

function flatten(e: RExpr, op: BinOp): RExpr[] {
  return e.k === 'binary' && e.op === op ? [...flatten(e.left, op), e.right] : [e];
}

function containsCheck(op: BinOp, a: RExpr, b: RExpr): RExpr | null {
  const l = boundOf(a);
  const r = boundOf(b);
  if (!l || !r || l.name !== r.name || l.ord === r.ord) return null;
  const order = compare(l.value, r.value);
  if (order === null) return null;
  const [lower, upper] = l.ord === 'greater' ? [l, r] : [r, l];
  if (op === '&&') {
    if (order !== (r.ord === 'less' ? -1 : 1) || !lower.inclusive) return null;
    return method(range(lower.expr, upper.expr, upper.inclusive), 'contains', [unary('&', { k: 'path', text: l.name })]);
  }
  // `x < lo || x >= hi`: outside the range.
  const [below, above] = l.ord === 'less' ? [l, r] : [r, l];
  if (order !== (l.ord === 'less' ? -1 : 1) || below.inclusive) return null;
  return unary('!', method(range(below.expr, above.expr, !above.inclusive), 'contains', [unary('&', { k: 'path', text: l.name })]));
}

function boundOf(e: RExpr): Bound | null {
  if (e.k !== 'binary') return null;
  const shapes: Partial<Record<BinOp, ['greater' | 'less', boolean]>> = {
    '>': ['greater', false],
    '>=': ['greater', true],
    '<': ['less', false],
    '<=': ['less', true],
  };
  const shape = shapes[e.op];
  if (!shape) return null;
  const [ord, inclusive] = shape;
  const leftLocal = localName(e.left);
  const rightConst = constantOf(e.right);
  if (leftLocal !== null && rightConst !== null) return { name: leftLocal, value: rightConst, expr: e.right, ord, inclusive };
  const rightLocal = localName(e.right);
  const leftConst = constantOf(e.left);
  if (rightLocal !== null && leftConst !== null) {
    return { name: rightLocal, value: leftConst, expr: e.left, ord: ord === 'greater' ? 'less' : 'greater', inclusive };
  }
  return null;
}

function localName(e: RExpr): string | null {
  return e.k === 'path' && /^[a-z_][a-z0-9_]*$/.test(e.text) ? e.text : null;
}

function constantOf(x: RExpr): Constant | null {
  const e = stripParens(x);
  if (e.k === 'path') return e.text === 'i64::MIN' ? -(2n ** 63n) : e.text === 'i64::MAX' ? 2n ** 63n - 1n : null;
  if (e.k !== 'lit') return null;
  const t = e.text.replace(/_(i64|f64)$/, '');
  if (t.startsWith('"')) return JSON.parse(t.replace(/\\u\{([0-9a-f]+)\}/g, (_, h: string) => `\\u${h.padStart(4, '0')}`)) as string;
  if (/^-?\d+$/.test(t)) return BigInt(t);
  if (/^-?[\d.e-]+$/.test(t)) return Number(t);
  return null;
}

function compare(a: Constant, b: Constant): -1 | 0 | 1 | null {
  if (typeof a !== typeof b) return null;
  if (typeof a === 'string') {
    const x = [...a].map((c) => c.codePointAt(0)!);
    const y = [...(b as string)].map((c) => c.codePointAt(0)!);
    for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i]! < y[i]! ? -1 : 1;
    return x.length === y.length ? 0 : x.length < y.length ? -1 : 1;
  }
  const y = b as number | bigint;
  return a < y ? -1 : a > y ? 1 : a === y ? 0 : null;
}

// ---------------------------------------------------------------------------------------------
// manual_clamp: i64 `x.max(lo).min(hi)` and `x.min(hi).max(lo)` with constant bounds.

function clamp(e: Extract<RExpr, { k: 'method' }>, allows: Set<string>): RExpr {
  const inner = stripParens(e.recv);
  if (inner.k !== 'method' || e.args.length !== 1 || inner.args.length !== 1) return e;
  if (!((e.name === 'min' && inner.name === 'max') || (e.name === 'max' && inner.name === 'min'))) return e;
  const outerBound = constantOf(e.args[0]!);
  // The inner call's constant may be its receiver (`(-5_i64).min(x)`) or its argument.
  const [innerBound, operand] =
    constantOf(inner.args[0]!) !== null ? [constantOf(inner.args[0]!), inner.recv] : [constantOf(inner.recv), inner.args[0]!];
  if (typeof outerBound !== 'bigint' || typeof innerBound !== 'bigint') return e;
  const [lo, hi] = e.name === 'min' ? [innerBound, outerBound] : [outerBound, innerBound];
  if (lo > hi) {
    // Bounds that cross give a constant result: what the source computes, so allowed.
    allows.add('clippy::min_max');
    return e;
  }
  const [loExpr, hiExpr] = e.name === 'min' ? [constantExpr(inner, operand), e.args[0]!] : [e.args[0]!, constantExpr(inner, operand)];
  return method(operand, 'clamp', [loExpr, hiExpr]);
}

/** The constant operand of a two-operand min/max call whose other operand is `operand`. */
function constantExpr(call: Extract<RExpr, { k: 'method' }>, operand: RExpr): RExpr {
  return call.args[0] === operand ? stripParens(call.recv) : call.args[0]!;
}

// ---------------------------------------------------------------------------------------------
// Bottom-up traversal

/** Whether any expression in `body` satisfies `pred`. */
export function someExpr(body: RBlock, pred: (e: RExpr) => boolean): boolean {
  const inBlock = (b: RBlock): boolean => b.stmts.some(inStmt) || (b.tail !== null && inExpr(b.tail));
  const inStmt = (s: RStmt): boolean => {
    switch (s.k) {
      case 'let':
        return inExpr(s.init);
      case 'expr':
        return inExpr(s.expr);
      case 'assign':
        return inExpr(s.target) || inExpr(s.value);
      case 'for':
        return inExpr(s.iter) || inBlock(s.body);
    }
  };
  const inExpr = (e: RExpr): boolean => {
    if (pred(e)) return true;
    switch (e.k) {
      case 'lit':
      case 'path':
        return false;
      case 'call':
        return e.args.some(inExpr);
      case 'method':
        return inExpr(e.recv) || e.args.some(inExpr);
      case 'field':
        return inExpr(e.recv);
      case 'index':
        return inExpr(e.recv) || inExpr(e.index);
      case 'unary':
      case 'cast':
        return inExpr(e.arg);
      case 'binary':
        return inExpr(e.left) || inExpr(e.right);
      case 'closure':
        return inExpr(e.body);
      case 'block':
        return inBlock(e);
      case 'if':
        return inExpr(e.cond) || inBlock(e.then) || inExpr(e.else);
      case 'struct':
        return e.fields.some((fl) => inExpr(fl.value));
      case 'range':
        return inExpr(e.start) || inExpr(e.end);
      case 'tuple':
        return e.items.some(inExpr);
      case 'paren':
        return inExpr(e.inner);
    }
  };
  return inBlock(body);
}

// The mapping keeps every node `f` leaves as it is (and its subtree): most nodes are unchanged.

function mapBlock(b: RBlock, f: (e: RExpr) => RExpr): RBlock {
  let stmts: RStmt[] | null = null;
  for (let i = 0; i < b.stmts.length; i++) {
    const s = b.stmts[i]!;
    const mapped = mapStmt(s, f);
    if (mapped !== s) (stmts ??= b.stmts.slice())[i] = mapped;
  }
  const tail = b.tail && mapExpr(b.tail, f);
  return stmts === null && tail === b.tail ? b : { k: 'block', stmts: stmts ?? b.stmts, tail };
}

function mapStmt(s: RStmt, f: (e: RExpr) => RExpr): RStmt {
  switch (s.k) {
    case 'let': {
      const init = mapExpr(s.init, f);
      return init === s.init ? s : { ...s, init };
    }
    case 'expr': {
      const expr = mapExpr(s.expr, f);
      return expr === s.expr ? s : { ...s, expr };
    }
    case 'assign': {
      const target = mapExpr(s.target, f);
      const value = mapExpr(s.value, f);
      return target === s.target && value === s.value ? s : { ...s, target, value };
    }
    case 'for': {
      const iter = mapExpr(s.iter, f);
      const body = mapBlock(s.body, f);
      return iter === s.iter && body === s.body ? s : { ...s, iter, body };
    }
  }
}

function mapAll(es: readonly RExpr[], f: (e: RExpr) => RExpr): readonly RExpr[] {
  let out: RExpr[] | null = null;
  for (let i = 0; i < es.length; i++) {
    const mapped = mapExpr(es[i]!, f);
    if (mapped !== es[i]) (out ??= es.slice())[i] = mapped;
  }
  return out ?? es;
}

function mapExpr(e: RExpr, f: (e: RExpr) => RExpr): RExpr {
  switch (e.k) {
    case 'lit':
    case 'path':
      return f(e);
    case 'call': {
      const args = mapAll(e.args, f);
      return f(args === e.args ? e : { ...e, args });
    }
    case 'method': {
      const recv = mapExpr(e.recv, f);
      const args = mapAll(e.args, f);
      return f(recv === e.recv && args === e.args ? e : { ...e, recv, args });
    }
    case 'field': {
      const recv = mapExpr(e.recv, f);
      return f(recv === e.recv ? e : { ...e, recv });
    }
    case 'index': {
      const recv = mapExpr(e.recv, f);
      const index = mapExpr(e.index, f);
      return f(recv === e.recv && index === e.index ? e : { ...e, recv, index });
    }
    case 'unary':
    case 'cast': {
      const arg = mapExpr(e.arg, f);
      return f(arg === e.arg ? e : { ...e, arg });
    }
    case 'binary': {
      const left = mapExpr(e.left, f);
      const right = mapExpr(e.right, f);
      return f(left === e.left && right === e.right ? e : { ...e, left, right });
    }
    case 'closure': {
      const body = mapExpr(e.body, f);
      return f(body === e.body ? e : { ...e, body });
    }
    case 'block':
      return f(mapBlock(e, f));
    case 'if': {
      const cond = mapExpr(e.cond, f);
      const then = mapBlock(e.then, f);
      const otherwise = e.else.k === 'if' ? (mapExpr(e.else, f) as typeof e.else) : mapBlock(e.else, f);
      return f(cond === e.cond && then === e.then && otherwise === e.else ? e : { ...e, cond, then, else: otherwise });
    }
    case 'struct': {
      let fields: { name: string; value: RExpr }[] | null = null;
      for (let i = 0; i < e.fields.length; i++) {
        const fl = e.fields[i]!;
        const value = mapExpr(fl.value, f);
        if (value !== fl.value) (fields ??= e.fields.slice())[i] = { ...fl, value };
      }
      return f(fields === null ? e : { ...e, fields });
    }
    case 'range': {
      const start = mapExpr(e.start, f);
      const end = mapExpr(e.end, f);
      return f(start === e.start && end === e.end ? e : { ...e, start, end });
    }
    case 'tuple': {
      const items = mapAll(e.items, f);
      return f(items === e.items ? e : { ...e, items });
    }
    case 'paren': {
      const inner = mapExpr(e.inner, f);
      return f(inner === e.inner ? e : { ...e, inner });
    }
  }
}
