// Scalar expressions: literals, operators, built-in functions and conversions, with the
// language's semantics where JavaScript differs (wrapping i64, code-point string order, C pow,
// rounding half away from zero, saturating i64(x)).
//
// i64 is `bigint`. `+ - *` and unary `-` must wrap to 64 bits; since wrapping commutes with
// them (arithmetic modulo 2^64), a chain such as `a * b + c` is computed exactly and wrapped
// once, `BigInt.asIntN(64, a * b + c)`, where the value is observed (compared, divided, stored).

import type { Expr, ExprOf, ScalarValue } from '../../ir/ir.js';
import { takesTarget } from './analysis.js';
import type { Block, Emitter } from './context.js';
import { camelCase } from '../names.js';
import { bigintLit, binary, boolLit, call, member, numberLit, objectLit, Prec, referenceText, stringLit, unary, widen, type Js } from './syntax.js';

export function wrapI64(js: Js): Js {
  if (!js.unwrapped) return js;
  return call('BigInt.asIntN', [numberLit(64), { ...js, unwrapped: false }]);
}

export function literal(value: ScalarValue, kind: string): Js {
  if (kind === 'i64') return bigintLit(value as bigint);
  if (kind === 'f64') return numberLit(value as number);
  if (kind === 'bool') return boolLit(value as boolean);
  return stringLit(value as string);
}

const JS_COMPARISON: Readonly<Record<string, string>> = { '==': '===', '!=': '!==', '<': '<', '<=': '<=', '>': '>', '>=': '>=' };

/** Every binary operator except the short-circuiting `&&`/`||` with statements on the right. */
export function binaryExpr(em: Emitter, e: ExprOf<'binary'>, block: Block): Js {
  const { op, left, right } = e;
  const comparison = JS_COMPARISON[op];
  if (comparison !== undefined) {
    const l = em.value(left, block);
    const r = em.value(right, block);
    if (op === '==' || op === '!=') return equality(em, op, left.type.kind, l, r);
    if (left.type.kind === 'str') return binary(comparison, call(em.use('compareCodePoints'), [l, r]), numberLit(0));
    return binary(comparison, l, r);
  }
  if (op === '&&' || op === '||') {
    const l = em.marked(em.value(left, block));
    const holds = op === '&&' ? l.facts?.whenTrue : l.facts?.whenFalse;
    return binary(op, l, em.withFacts(holds, () => em.marked(em.value(right, block))));
  }
  if (left.type.kind !== 'i64') return binary(op, em.value(left, block), em.value(right, block));
  if (op === '+' || op === '-' || op === '*') {
    return { ...binary(op, em.raw(left, block), em.raw(right, block)), unwrapped: true };
  }
  const quotient = binary(op, em.value(left, block), em.value(right, block));
  // Division by zero throws a RangeError by itself; MIN / -1 is the one quotient that overflows.
  const overflows = op === '/' && !(right.k === 'lit' && right.value !== -1n);
  return overflows ? { ...quotient, unwrapped: true } : quotient;
}

/**
 * `===` / `!==`. A bool compared with a literal is the bool itself or its negation. TypeScript
 * rejects comparing two literal types that cannot be equal (`x === 6` where an enclosing
 * `x === 5` narrowed `x` to `5`; `b === c` where conditions narrowed `b` to `true` and `c` to
 * `false`), so one side is widened with `as` when both may have a literal type.
 */
function equality(em: Emitter, op: '==' | '!=', kind: string, l: Js, r: Js): Js {
  if (kind === 'bool' && (l.literal || r.literal)) {
    const [lit, other] = l.literal ? [l, r] : [r, l];
    return (lit.doc === 'true') === (op === '==') ? other : unary('!', other);
  }
  const risky = (x: Js): boolean =>
    kind === 'bool' ? x.simple === true || x.op === '!' || x.op === '&&' || x.op === '||' || x.prec === Prec.conditional : em.mayBeLiteralType(x);
  const [rl, rr] = [risky(l), risky(r)];
  const type = kind === 'i64' ? 'bigint' : kind === 'f64' ? 'number' : kind === 'bool' ? 'boolean' : 'string';
  const [a, b] = rl && rr ? (l.literal ? [l, widen(r, type)] : [widen(l, type), r]) : [l, r];
  // `x === 5` narrows `x` where it holds, `x !== 5` where it fails.
  const refs = [...(rr ? referenceOf(l) : []), ...(rl ? referenceOf(r) : [])];
  const js = binary(op === '==' ? '===' : '!==', a, b);
  if (refs.length === 0) return js;
  return { ...js, facts: op === '==' ? { whenTrue: refs, whenFalse: [] } : { whenTrue: [], whenFalse: refs } };
}

function referenceOf(x: Js): string[] {
  const ref = referenceText(x);
  return ref === null ? [] : [ref];
}

export function unaryExpr(em: Emitter, e: ExprOf<'unary'>, block: Block): Js {
  if (e.op === '!') return unary('!', em.marked(em.value(e.arg, block)));
  if (e.type.kind === 'i64') return { ...unary('-', em.raw(e.arg, block)), unwrapped: true };
  return unary('-', em.value(e.arg, block));
}

const MATH: Readonly<Record<string, string>> = { sqrt: 'Math.sqrt', exp: 'Math.exp', ln: 'Math.log', floor: 'Math.floor', ceil: 'Math.ceil' };

export function callExpr(em: Emitter, e: ExprOf<'call'>, block: Block): Js {
  const args = e.args.map((a) => em.value(a, block));
  const [x, y] = args as [Js, Js];
  switch (e.fn) {
    case 'abs':
      return e.type.kind === 'i64' ? call(em.use('absI64'), [x]) : call('Math.abs', [x]);
    case 'pow':
      return powExpr(em, e.args[0]!, e.args[1]!, x, y);
    case 'round':
      return call(em.use('roundHalfAwayFromZero'), [x]);
    case 'min':
      return call(em.use('minOf'), [x, y]);
    case 'max':
      return call(em.use('maxOf'), [x, y]);
    default:
      return call(MATH[e.fn]!, [x]);
  }
}

/**
 * `x ** y` agrees with C's pow except for pow(1, NaN) and pow(±1, ±Infinity); a literal operand
 * rules those out (literals are finite, and a literal base other than ±1 is safe).
 */
function powExpr(em: Emitter, base: Expr, exponent: Expr, x: Js, y: Js): Js {
  const safe = exponent.k === 'lit' || (base.k === 'lit' && base.value !== 1 && base.value !== -1);
  return safe ? binary('**', x, y) : call(em.use('pow'), [x, y]);
}

export function castExpr(em: Emitter, e: ExprOf<'cast'>, block: Block): Js {
  const x = em.value(e.arg, block);
  if (e.arg.type.kind === e.to) return x;
  // Number(bigint) rounds to the nearest double, ties to even, as `f64(i)` requires.
  if (e.to === 'f64') return x.asNumber ?? call('Number', [x]);
  return call(em.use('toI64'), [x]);
}

export function recordExpr(em: Emitter, e: ExprOf<'record'>, block: Block): Js {
  if (e.type.kind !== 'record') throw new Error('record node without a record type');
  // Evaluated in written order; the object lists fields in declaration order (program mode
  // prints them in that order).
  // A field computed by a loop gets the field's name: `let best ...; return { best }`.
  const written = new Map(
    e.fields.map((f) => {
      const target = takesTarget(f.value) ? em.claim(camelCase(f.name)) : undefined;
      return [f.name, wrapI64(em.raw(f.value, block, target))] as const;
    }),
  );
  return objectLit(e.type.fields.map((f) => ({ key: f.name, value: written.get(f.name)! })));
}

export function fieldExpr(em: Emitter, e: ExprOf<'field'>, block: Block): Js {
  return member(em.value(e.target, block), e.name);
}

/** `BigInt(n)` for a count or length `n` (a non-negative safe integer). */
export function bigintOfCount(n: Js): Js {
  return { ...call('BigInt', [n]), asNumber: n };
}
