// Scalar C#: literals, operators, built-in calls and conversions, on operands already lowered.
// Where C# differs from docs/language.md the emitted code calls a helper (helpers.ts).

import type { BinaryOp, Builtin, ScalarValue } from '../../ir/ir.js';
import { I64_MAX, I64_MIN } from '../../ir/values.js';
import type { Type } from '../../lang/types.js';
import type { FileContext } from './context.js';
import { binary, call, cast, name, number, type CsBinaryOp, type CsExpr } from './syntax.js';

/**
 * A literal. An i64 literal is an `int` in C# unless suffixed, which would make `var n = 5;` an
 * int and `Aggregate(0, ..)` an int fold, so it carries `L` unless `bare` (it is an operand of
 * an operator whose other operand is a long expression, where it converts implicitly).
 */
export function literal(value: ScalarValue, bare = false): CsExpr {
  switch (typeof value) {
    case 'bigint':
      if (value === I64_MIN) return name('long.MinValue');
      if (value === I64_MAX) return name('long.MaxValue');
      return number(`${value}${bare ? '' : 'L'}`);
    case 'number':
      return number(doubleLiteral(value));
    case 'boolean':
      return name(value ? 'true' : 'false');
    case 'string':
      return name(stringLiteral(value));
  }
}

/** The shortest round-trip spelling, always recognisably a double (`2.0`, `1e+21`, `-0.0`). */
export function doubleLiteral(x: number): string {
  if (Object.is(x, -0)) return '-0.0';
  const text = String(x);
  return /[.e]/.test(text) ? text : `${text}.0`;
}

/**
 * A regular C# string literal. Characters a regular literal may not hold (line terminators,
 * including U+0085, U+2028 and U+2029) and invisible controls are `\u` escapes; everything else,
 * astral characters included, is written as itself (C# source is UTF-8).
 */
export function stringLiteral(s: string): string {
  let out = '"';
  for (const ch of s) {
    const code = ch.codePointAt(0)!;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (code < 0x20 || (code >= 0x7f && code <= 0x9f) || code === 0x2028 || code === 0x2029 || code === 0xfeff) {
      out += `\\u${code.toString(16).toUpperCase().padStart(4, '0')}`;
    } else out += ch;
  }
  return `${out}"`;
}

/** `left op right` for operands of type `operand` (both sides have the same type). */
export function binaryOp(file: FileContext, op: Exclude<BinaryOp, '&&' | '||'>, operand: Type, left: CsExpr, right: CsExpr, rightLiteral: ScalarValue | null): CsExpr {
  switch (op) {
    case '/':
    case '%':
      // A literal divisor other than 0 and -1 can neither fail nor overflow.
      if (operand.kind === 'i64' && !(typeof rightLiteral === 'bigint' && rightLiteral !== 0n && rightLiteral !== -1n)) {
        return call(null, file.use(op === '/' ? 'Quotient' : 'Remainder'), left, right);
      }
      return binary(op, left, right);
    case '<':
    case '<=':
    case '>':
    case '>=':
      if (operand.kind === 'str') return binary(op, call(null, file.use('CompareCodePoints'), left, right), number('0'));
      // C# has no `<` on bool; CompareTo orders false before true.
      if (operand.kind === 'bool') return binary(op, call(left, 'CompareTo', right), number('0'));
      return binary(op, left, right);
    default:
      // `==` on strings is ordinal, as are the arithmetic operators on long (unchecked) and double.
      return binary(op as CsBinaryOp, left, right);
  }
}

export function builtinCall(file: FileContext, fn: Builtin, type: Type, args: readonly CsExpr[]): CsExpr {
  const math = (method: string): CsExpr => {
    file.using('System');
    return call(name('Math'), method, ...args);
  };
  switch (fn) {
    case 'abs':
      return type.kind === 'i64' ? call(null, file.use('Abs'), ...args) : math('Abs');
    case 'sqrt':
      return math('Sqrt');
    case 'exp':
      return math('Exp');
    case 'ln':
      return math('Log');
    case 'pow':
      return math('Pow');
    case 'floor':
      return math('Floor');
    case 'ceil':
      return math('Ceiling');
    case 'round':
      return call(null, file.use('RoundHalfAwayFromZero'), ...args);
    case 'min':
    case 'max':
      // Math.Min/Max agree with the language on longs (a total order), not on NaN.
      if (type.kind === 'i64') return math(fn === 'min' ? 'Min' : 'Max');
      return call(null, file.use(fn === 'min' ? 'Min' : 'Max'), ...args);
  }
}

export function conversion(file: FileContext, to: 'i64' | 'f64', from: Type, arg: CsExpr): CsExpr {
  if (from.kind === to) return arg;
  // long → double rounds to nearest, ties to even, as the language asks.
  return to === 'f64' ? cast('double', arg) : call(null, file.use('ToInt64Saturating'), arg);
}
