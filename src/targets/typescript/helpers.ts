// Runtime helpers: the few places where JavaScript's built-in behaviour differs from the kernel
// language (docs/language.md). A file contains only the helpers it calls, sorted by name.

import type { Doc } from '../doc.js';
import type { HelperName } from './names.js';
import { block, functionDecl, newExpr, Prec, throwStmt, type Js } from './syntax.js';

type RuntimeHelper = Exclude<HelperName, ProgramHelper>;
type ProgramHelper = Extract<
  HelperName,
  | 'Decoder'
  | 'Json'
  | 'JsonNumber'
  | 'decodeArg'
  | 'decodeArray'
  | 'decodeBool'
  | 'decodeF64'
  | 'decodeI64'
  | 'decodeParam'
  | 'decodeStr'
  | 'isJsonObject'
  | 'jsonMember'
  | 'parseJson'
  | 'readStdin'
  | 'runProgram'
  | 'toJson'
>;

const ifThen = (test: string, then: string): Doc => [`if (${test}) `, block([then])];
const template = (text: string): Js => ({ doc: `\`${text}\``, prec: Prec.primary });

const RUNTIME: Readonly<Record<RuntimeHelper, () => Doc>> = {
  absI64: () =>
    functionDecl({
      name: 'absI64',
      params: ['x: bigint'],
      returns: 'bigint',
      doc: '`abs` on i64 wraps like the other operators: `abs(i64::MIN)` is `i64::MIN`.',
      body: ['return BigInt.asIntN(64, x < 0n ? -x : x);'],
    }),
  compareBigInts: () =>
    functionDecl({
      name: 'compareBigInts',
      params: ['a: bigint', 'b: bigint'],
      returns: 'number',
      body: ['return a < b ? -1 : a > b ? 1 : 0;'],
    }),
  compareBooleans: () =>
    functionDecl({
      name: 'compareBooleans',
      params: ['a: boolean', 'b: boolean'],
      returns: 'number',
      body: ['return Number(a) - Number(b);'],
    }),
  compareCodePoints: () =>
    functionDecl({
      name: 'compareCodePoints',
      params: ['a: string', 'b: string'],
      returns: 'number',
      doc: 'Code point order: `<` compares UTF-16 code units, which puts astral characters too low.',
      body: [
        'const n = Math.min(a.length, b.length);',
        [
          'for (let i = 0; i < n; i++) ',
          block(['const x = a.codePointAt(i)!;', 'const y = b.codePointAt(i)!;', ifThen('x !== y', 'return x - y;')]),
        ],
        'return a.length - b.length;',
      ],
    }),
  compareNumbers: () =>
    functionDecl({
      name: 'compareNumbers',
      params: ['a: number', 'b: number'],
      returns: 'number',
      doc: 'Sort order of f64 keys: numeric, -0 equal to 0, NaN after every number.',
      body: [
        ifThen('Number.isNaN(a)', 'return Number.isNaN(b) ? 0 : 1;'),
        ifThen('Number.isNaN(b)', 'return -1;'),
        'return a < b ? -1 : a > b ? 1 : 0;',
      ],
    }),
  elementAt: () =>
    functionDecl({
      name: 'elementAt',
      typeParams: '<T>',
      params: ['xs: readonly T[]', 'i: bigint'],
      returns: 'T',
      doc: '`xs[i]` with a bounds check (JavaScript would give `undefined`).',
      body: [
        [
          'if (i < 0n || i >= BigInt(xs.length)) ',
          block([throwStmt(newExpr('RangeError', [template('index out of bounds: the index is ${i} but the length is ${xs.length}')]))]),
        ],
        'return xs[Number(i)];',
      ],
    }),
  maxOf: () =>
    functionDecl({
      name: 'maxOf',
      typeParams: '<T extends number | bigint>',
      params: ['a: T', 'b: T'],
      returns: 'T',
      doc: '`max(a, b)`: `b` only if it is greater, unlike `Math.max` for NaN and -0.',
      body: ['return b > a ? b : a;'],
    }),
  minOf: () =>
    functionDecl({
      name: 'minOf',
      typeParams: '<T extends number | bigint>',
      params: ['a: T', 'b: T'],
      returns: 'T',
      doc: '`min(a, b)`: `b` only if it is less, unlike `Math.min` for NaN and -0.',
      body: ['return b < a ? b : a;'],
    }),
  pow: () =>
    functionDecl({
      name: 'pow',
      params: ['x: number', 'y: number'],
      returns: 'number',
      doc: "C's `pow`: 1 for `pow(1, y)` and `pow(-1, ±Infinity)`, where `**` gives NaN.",
      body: [ifThen('x === 1 || (x === -1 && Math.abs(y) === Infinity)', 'return 1;'), 'return x ** y;'],
    }),
  roundHalfAwayFromZero: () =>
    functionDecl({
      name: 'roundHalfAwayFromZero',
      params: ['x: number'],
      returns: 'number',
      doc: '`round`: halves go away from zero (`Math.round(-2.5)` is -2); the sign of zero is kept.',
      body: ['return Math.sign(x) * Math.round(Math.abs(x));'],
    }),
  toI64: () =>
    functionDecl({
      name: 'toI64',
      params: ['x: number'],
      returns: 'bigint',
      doc: '`i64(x)`: truncates toward zero and saturates at the i64 range; NaN becomes 0.',
      body: [
        ifThen('Number.isNaN(x)', 'return 0n;'),
        ifThen('x >= 2 ** 63', 'return 9223372036854775807n;'),
        ifThen('x < -(2 ** 63)', 'return -9223372036854775808n;'),
        'return BigInt(Math.trunc(x));',
      ],
    }),
};

export function runtimeHelper(name: RuntimeHelper): Doc {
  return RUNTIME[name]();
}

export function isRuntimeHelper(name: HelperName): name is RuntimeHelper {
  return Object.hasOwn(RUNTIME, name);
}

export type { ProgramHelper, RuntimeHelper };
