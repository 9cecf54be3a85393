// Literals spelled as Rust source.

import type { ScalarValue } from '../../../ir/ir.js';
import { I64_MIN } from '../../../ir/values.js';
import { lit, path, type RExpr } from '../ast.js';

/** `suffixed`: the literal is a method receiver, where Rust needs its type (`2.0_f64.sqrt()`). */
export function literal(value: ScalarValue, suffixed = false): RExpr {
  switch (typeof value) {
    case 'bigint':
      // -2^63 has no literal: its magnitude overflows before the minus applies.
      if (value === I64_MIN) return path('i64::MIN');
      return lit(`${value}${suffixed ? '_i64' : ''}`);
    case 'number':
      return lit(`${f64Text(value)}${suffixed ? '_f64' : ''}`);
    case 'boolean':
      return lit(String(value));
    case 'string':
      return lit(rustString(value));
  }
}

/** Shortest round-trip spelling, always recognisably a float (`2.0`, `1e21`, `-0.0`). */
export function f64Text(x: number): string {
  if (Object.is(x, -0)) return '-0.0';
  const s = String(x).replace('e+', 'e');
  return /[.e]/.test(s) ? s : `${s}.0`;
}

export function rustString(s: string): string {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (cp < 0x20 || cp === 0x7f || (cp >= 0x80 && cp < 0xa0) || cp === 0x2028 || cp === 0x2029) {
      out += `\\u{${cp.toString(16)}}`;
    } else out += ch;
  }
  return `${out}"`;
}

/**
 * Clippy's `approx_constant` (deny by default) rejects float literals that look like a truncated
 * std constant (`3.14`). The source may mean exactly that value, so the function allows the lint.
 */
const KNOWN_CONSTANTS: readonly { readonly value: number; readonly text: string; readonly minDigits: number }[] = (
  [
    [Math.E, 4],
    [1 / Math.PI, 4],
    [Math.SQRT1_2, 5],
    [2 / Math.PI, 5],
    [2 / Math.sqrt(Math.PI), 5],
    [Math.PI / 2, 5],
    [Math.PI / 3, 5],
    [Math.PI / 4, 5],
    [Math.PI / 6, 5],
    [Math.PI / 8, 5],
    [Math.LN2, 5],
    [Math.LN10, 5],
    [Math.LOG2E, 5],
    [Math.log2(10), 5],
    [Math.LOG10E, 5],
    [Math.log10(2), 5],
    [Math.PI, 3],
    [Math.SQRT2, 5],
    [2 * Math.PI, 3],
  ] as const
).map(([value, minDigits]) => ({ value, text: String(value), minDigits }));

export function looksLikeStdConstant(x: number): boolean {
  const text = f64Text(Math.abs(x));
  return KNOWN_CONSTANTS.some(({ value, text: full, minDigits }) => {
    if (text.length <= minDigits) return false;
    if (full.startsWith(text)) return true;
    return text.length >= 2 && value.toFixed(text.length - 2) === text;
  });
}
