// IR expressions to SQL values: scalars become expressions, records their fields, arrays
// relations (stages.ts), reductions scalar subqueries (reduce.ts).

import type { BinaryOp as IrBinaryOp, Builtin, Expr, Lambda, ScalarValue } from '../../ir/ir.js';
import type { Type } from '../../lang/types.js';
import { Alias, bin, call, caseWhen, col, isLight, lit, mayRaise, not, query, select, subquery, type BinaryOp, type Cte, type SqlExpr } from './ast.js';
import { inLambda, registerCte, Unsupported, type Cx } from './context.js';
import { snakeCase } from '../names.js';
import { exact, instantiate, materialize, rangeRel } from './relation.js';
import { fold, indexAt, reduction } from './reduce.js';
import { chooseRel, filterRel, mapRel, reverseRel, sortRel, takeOrSkip, zipRel } from './stages.js';
import { groupRel } from './group.js';
import { scanRel } from './running.js';
import { liftAggregate } from './lift.js';
import { asArray, asRow, asScalar, mapLeaves, scalar, type RecordVal, type Rel, type RowVal, type ScalarVal, type Val } from './values.js';

export function compileExpr(cx: Cx, e: Expr): Val {
  switch (e.k) {
    case 'lit':
      return literal(cx, e.value, e.type, e);
    case 'var': {
      const v = cx.env.get(e.name);
      if (v === undefined) throw new Error(`unbound ${e.scope} \`${e.name}\``);
      return v.kind === 'array' ? { ...v, rel: instantiate(v.rel) } : v;
    }
    case 'let':
      cx.env.set(e.name, bindLet(cx, e.name, compileExpr(cx, e.value)));
      return compileExpr(cx, e.body);
    case 'if':
      return conditional(cx, asScalar(compileExpr(cx, e.cond)), compileExpr(cx, e.then), compileExpr(cx, e.else));
    case 'unary': {
      const arg = asScalar(compileExpr(cx, e.arg));
      if (e.op === '!') return scalar(e.type, not(arg.sql));
      if (e.type.kind === 'i64') cx.usage.i64Overflow = true;
      return scalar(e.type, { k: 'neg', arg: arg.sql }, arg.exact);
    }
    case 'binary':
      return binary(cx, e.op, asScalar(compileExpr(cx, e.left)), asScalar(compileExpr(cx, e.right)), e.type);
    case 'call':
      return builtin(cx, e.fn, e.args.map((a) => asScalar(compileExpr(cx, a))), e.type);
    case 'cast':
      return conversion(cx, e.to, e.arg, asScalar(compileExpr(cx, e.arg)));
    case 'record': {
      if (e.type.kind !== 'record') throw new Error('record literal without a record type');
      if (e.type.fields.some((f) => f.type.kind === 'array')) {
        throw new Unsupported('array inside a record', 'an SQL column holds scalars, not arrays', e.span ?? null);
      }
      const written = new Map(e.fields.map((f) => [f.name, asRow(compileExpr(cx, f.value))] as const));
      return { kind: 'record', type: e.type, fields: new Map(e.type.fields.map((f) => [f.name, written.get(f.name)!] as const)) };
    }
    case 'field': {
      const target = compileExpr(cx, e.target);
      if (target.kind !== 'record') throw new Error('field of a non-record');
      return target.fields.get(e.name)!;
    }
    case 'index':
      return indexAt(cx, asArray(compileExpr(cx, e.target)).rel, asScalar(compileExpr(cx, e.index)));
    case 'range':
      return array(e.type, rangeRel(cx, asScalar(compileExpr(cx, e.start)), asScalar(compileExpr(cx, e.end))));
    case 'map':
    case 'map_indexed':
      return array(e.type, mapRel(cx, rel(cx, e.source), e.fn, e.k === 'map_indexed'));
    case 'filter':
      return array(e.type, filterRel(cx, rel(cx, e.source), e.fn));
    case 'zip':
      return array(e.type, zipRel(cx, rel(cx, e.source), rel(cx, e.other), e.fn));
    case 'reduce_op':
      return reduction(cx, e.op, rel(cx, e.source), e.fn, e.type);
    case 'scan':
      return array(e.type, scanRel(cx, rel(cx, e.source), compileExpr(cx, e.init), e.fn));
    case 'fold':
      return fold(cx, rel(cx, e.source), compileExpr(cx, e.init), e.fn, e.type);
    case 'sort':
      return array(e.type, sortRel(cx, rel(cx, e.source), e.key, e.desc));
    case 'take':
    case 'skip':
      return array(e.type, takeOrSkip(cx, rel(cx, e.source), e.k, asScalar(compileExpr(cx, e.count))));
    case 'reverse':
      return array(e.type, reverseRel(cx, rel(cx, e.source)));
    case 'group':
      return array(e.type, groupRel(cx, rel(cx, e.source), e));
    case 'aggref': {
      const slots = cx.groups[cx.groups.length - 1];
      if (!slots) throw new Error('aggref outside a group result');
      return slots[e.slot]!;
    }
  }
}

const array = (type: Type, r: Rel): Val => ({ kind: 'array', type, rel: r });

function rel(cx: Cx, e: Expr): Rel {
  return asArray(compileExpr(cx, e)).rel;
}

/** Applies a lambda to values: its parameters bound, its body compiled per row. */
export function applyLambda(cx: Cx, fn: Lambda, args: readonly Val[]): Val {
  fn.params.forEach((p, i) => cx.env.set(p.name, args[i]!));
  return compileExpr(inLambda(cx), fn.body);
}

/**
 * A let at the top level names its value in the kernel's WITH: an array becomes a CTE, a scalar
 * computed by a query a one-row CTE. Inside a lambda (and for cheap scalars) the value is used
 * in place.
 */
function bindLet(cx: Cx, name: string, value: Val): Val {
  if (!cx.top) return value;
  if (value.kind === 'array') {
    const named = materialize(cx, value.rel, { name }).rel;
    for (const c of named.ctes) if (!cx.topCtes.includes(c)) cx.topCtes.push(c);
    return { ...value, rel: named };
  }
  if (value.kind === 'scalar' && !isLight(value.sql)) {
    const table = cx.names.claim(snakeCase(name));
    const cte: Cte = { name: table, columns: null, body: liftAggregate(exact(cx, value), table), recursive: false };
    registerCte(cx, cte);
    cx.topCtes.push(cte);
    const alias = new Alias(table);
    return scalar(value.type, subquery(query(select({ columns: [{ expr: col(alias, table), as: null }], from: { k: 'table', name: table, alias } }))));
  }
  return value;
}

function literal(cx: Cx, value: ScalarValue, type: Type, at: Expr): ScalarVal {
  switch (type.kind) {
    case 'i64': {
      const n = value as bigint;
      // -2^63 has no literal: its magnitude is out of range before the minus applies.
      if (n === -(2n ** 63n)) return scalar(type, bin('-', lit('-9223372036854775807'), lit('1')));
      const small = n >= -(2n ** 31n) && n < 2n ** 31n;
      return scalar(type, lit(n.toString()), !(cx.dialect.untypedLiterals && small));
    }
    case 'f64':
      return scalar(type, lit(floatLiteral(value as number)), !cx.dialect.untypedLiterals);
    case 'bool':
      return scalar(type, lit(value ? 'TRUE' : 'FALSE'));
    case 'str': {
      const s = value as string;
      if (cx.dialect.name === 'postgres' && s.includes('\u0000')) {
        throw new Unsupported('string with U+0000', 'PostgreSQL text cannot hold the NUL character', at.span ?? null);
      }
      return scalar(type, cx.dialect.stringLiteral(s));
    }
    default:
      throw new Error(`literal of type ${type.kind}`);
  }
}

/** Shortest round-trip digits, always with a `.` or an exponent so that SQLite reads a REAL. */
export function floatLiteral(x: number): string {
  if (Object.is(x, -0)) return '-0.0';
  const text = String(x);
  return /[.e]/.test(text) ? text : `${text}.0`;
}

function conditional(cx: Cx, cond: ScalarVal, then: Val, otherwise: Val): Val {
  if (then.kind === 'array' || otherwise.kind === 'array') {
    return { kind: 'array', type: then.type, rel: chooseRel(cx, cond, asArray(then).rel, asArray(otherwise).rel) };
  }
  const pick = (a: RowVal, b: RowVal): RowVal => {
    if (a.kind === 'scalar' && b.kind === 'scalar') {
      const bothLoose = !a.exact && !b.exact;
      return scalar(a.type, caseWhen(cond.sql, a.sql, b.sql), !bothLoose);
    }
    const ra = a as RecordVal;
    const rb = b as RecordVal;
    return { ...ra, fields: new Map([...ra.fields].map(([name, f]) => [name, pick(f, rb.fields.get(name)!)] as const)) };
  };
  return pick(then, otherwise);
}

const COMPARISON: Partial<Record<IrBinaryOp, BinaryOp>> = {
  '==': '=',
  '!=': '<>',
  '<': '<',
  '<=': '<=',
  '>': '>',
  '>=': '>=',
};

function isNonZeroLiteral(v: ScalarVal): boolean {
  return v.sql.k === 'lit' && /^-?[\d.e+-]+$/.test(v.sql.text) && Number(v.sql.text) !== 0;
}

function binary(cx: Cx, op: IrBinaryOp, a: ScalarVal, b: ScalarVal, type: Type): ScalarVal {
  if (op === '&&') {
    return scalar(type, mayRaise(b.sql) ? caseWhen(a.sql, b.sql, lit('FALSE')) : bin('AND', a.sql, b.sql));
  }
  if (op === '||') {
    return scalar(type, mayRaise(b.sql) ? caseWhen(a.sql, lit('TRUE'), b.sql) : bin('OR', a.sql, b.sql));
  }
  const comparison = COMPARISON[op];
  if (comparison !== undefined) {
    const ordering = a.type.kind === 'str' && op !== '==' && op !== '!=';
    return scalar(type, bin(comparison, a.sql, ordering ? cx.dialect.codePointOrder(b.sql) : b.sql));
  }
  // Arithmetic: when neither operand has the exact SQL type, cast one so the other follows.
  const left = !a.exact && !b.exact ? exact(cx, a) : a.sql;
  const result = (sql: SqlExpr): ScalarVal => scalar(type, sql);
  if (type.kind === 'i64') {
    if (op === '/' || op === '%') {
      const zeroCheck = !isNonZeroLiteral(b);
      if (!(b.sql.k === 'lit' && b.sql.text !== '-1')) cx.usage.i64Overflow = true; // MIN / -1
      const divided = cx.dialect.intDivide(left, b.sql, op, zeroCheck);
      return result(divided.k === 'binary' && zeroCheck ? { ...divided, raises: true } : divided);
    }
    cx.usage.i64Overflow = true;
    return result(bin(op as '+' | '-' | '*', left, b.sql));
  }
  if (op === '/' || op === '%') {
    if (!isNonZeroLiteral(b)) cx.usage.f64Special = true;
    if (op === '%') return result(cx.dialect.floatRemainder(left, b.sql));
    return result({ k: 'binary', op: '/', left, right: b.sql, raises: !isNonZeroLiteral(b) });
  }
  return result(bin(op as '+' | '-' | '*', left, b.sql));
}

const MATH_RAISES_IN: Partial<Record<Builtin, readonly string[]>> = { sqrt: ['postgres', 'duckdb'], ln: ['postgres', 'duckdb'], pow: ['postgres'], exp: ['postgres'] };

function builtin(cx: Cx, fn: Builtin, args: readonly ScalarVal[], type: Type): ScalarVal {
  const d = cx.dialect;
  const [a, b] = args as [ScalarVal, ScalarVal];
  switch (fn) {
    case 'abs':
      if (type.kind === 'i64') cx.usage.i64Overflow = true;
      return scalar(type, call('abs', a.sql), a.exact);
    case 'min':
    case 'max': {
      const left = !a.exact && !b.exact ? exact(cx, a) : a.sql;
      return scalar(type, fn === 'min' ? d.least(left, b.sql) : d.greatest(left, b.sql));
    }
    case 'floor':
    case 'ceil':
      return scalar(type, call(fn, exact(cx, a)));
    case 'round':
      return scalar(type, d.roundHalfAwayFromZero(exact(cx, a)));
    case 'sqrt':
    case 'exp':
    case 'ln':
    case 'pow': {
      const operands = fn === 'pow' ? [exact(cx, a), exact(cx, b)] : [exact(cx, a)];
      if (args.some((x) => x.sql.k !== 'lit')) cx.usage.f64Special = true;
      const raises = (MATH_RAISES_IN[fn] ?? []).includes(d.name);
      return scalar(type, { k: 'call', fn: fn === 'pow' ? d.powFunction : fn, args: operands, ...(raises ? { raises } : {}) });
    }
  }
}

function conversion(cx: Cx, to: 'i64' | 'f64', source: Expr, arg: ScalarVal): ScalarVal {
  const type: Type = { kind: to };
  if (arg.type.kind === to) return arg;
  if (to === 'f64') return scalar(type, cx.dialect.cast(arg.sql, 'f64'));
  cx.usage.i64Conversion = true;
  const integral = source.k === 'call' && (source.fn === 'floor' || source.fn === 'ceil' || source.fn === 'round');
  return scalar(type, cx.dialect.toI64(exact(cx, arg), integral));
}

/** Every scalar leaf of `row` with the exact column type. */
export function exactRow(cx: Cx, row: RowVal): RowVal {
  return mapLeaves(row, (leaf) => scalar(leaf.type, exact(cx, leaf)));
}

