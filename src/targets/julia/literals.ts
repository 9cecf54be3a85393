// Literal spelling: i64, f64, bool and str values as Julia source.

import type { ScalarValue } from '../../ir/ir.js';
import { I64_MIN } from '../../ir/values.js';
import { call, lit, typeExpr, type JExpr } from './syntax.js';

export function literal(value: ScalarValue): JExpr {
  switch (typeof value) {
    case 'bigint':
      return intLiteral(value);
    case 'number':
      return lit(floatText(value));
    case 'boolean':
      return lit(String(value));
    case 'string':
      return lit(stringText(value));
  }
}

/**
 * An Int64 literal. `9223372036854775808` is an Int128 literal in Julia, so `-2^63` cannot be
 * written as a negated literal: it is `typemin(Int64)`. (Integer literals are Int64 on the
 * 64-bit platforms Julia ships for.)
 */
export function intLiteral(value: bigint): JExpr {
  return value === I64_MIN ? call('typemin', [typeExpr('Int64')]) : lit(value.toString());
}

/**
 * Julia's own shortest round-trip spelling: always a `.` in the significand, exponent without a
 * `+` (`1.0`, `0.1`, `1.0e21`, `5.0e-324`, `-0.0`). The IR only holds finite floats.
 */
export function floatText(x: number): string {
  if (!Number.isFinite(x)) throw new Error(`non-finite f64 literal ${x}`);
  if (Object.is(x, -0)) return '-0.0';
  const js = String(x); // shortest round-trip digits, as `1e+21`, `1.5e-7` or `0.25`
  const [mantissa, exponent] = js.split('e') as [string, string | undefined];
  const significand = mantissa.includes('.') ? mantissa : `${mantissa}.0`;
  return exponent === undefined ? significand : `${significand}e${exponent.replace('+', '')}`;
}

/**
 * A double-quoted Julia string. Besides `"` and `\`, `$` must be escaped (it starts an
 * interpolation). Control characters use `\u` with exactly four digits: Julia's `\u` reads up
 * to four hex digits, so a shorter escape would swallow a following digit or letter.
 */
export function stringText(s: string): string {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (ch === '"' || ch === '\\' || ch === '$') out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\r') out += '\\r';
    else if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) || cp === 0x2028 || cp === 0x2029 || cp === 0xfeff) {
      out += `\\u${cp.toString(16).padStart(4, '0')}`;
    } else out += ch;
  }
  return `${out}"`;
}
