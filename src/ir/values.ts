// Runtime values of the kernel language, their ordering, and their canonical JSON form
// (docs/language.md, "Program mode").
//
// Representation: i64 → bigint (always within [-2^63, 2^63)), f64 → number, bool → boolean,
// str → string, [T] → a JS array, records → a null-prototype object keyed by source field name
// (so no field name can collide with an Object.prototype member).
//
// Canonical output: one line, no spaces; i64 as exact integers; f64 as JavaScript's shortest
// round-trip spelling (`Number.prototype.toString`: `2`, `0.1`, `1e+21`, `1.5e-7`), except that
// negative zero prints as `-0` so the text round-trips exactly; NaN and ±Infinity as the strings
// "NaN", "Infinity", "-Infinity"; strings as `JSON.stringify` spells them; record fields in
// declaration order.

// lossless-json's parse gives every number as an exact `LosslessNumber` (its digits as text).
import { isLosslessNumber, parse as parseLossless } from 'lossless-json';
import type { Program, ScalarValue } from './ir.js';
import type { Field, Type } from '../lang/types.js';
import { showType } from '../lang/types.js';

export type RecordValue = { readonly [field: string]: Value };
export type Value = ScalarValue | readonly Value[] | RecordValue;

export const I64_MIN = -(2n ** 63n);
export const I64_MAX = 2n ** 63n - 1n;

/** A value that does not fit the declared type of an input; `path` locates it (`args.xs[3]`). */
export class InputError extends Error {
  constructor(
    readonly path: string,
    readonly detail: string,
  ) {
    super(`${path}: ${detail}`);
    this.name = 'InputError';
  }
}

export function makeRecord(entries: Iterable<readonly [string, Value]>): RecordValue {
  const record = Object.create(null) as Record<string, Value>;
  for (const [name, value] of entries) record[name] = value;
  return record;
}

// ---------------------------------------------------------------------------------------------
// Ordering

/**
 * Ordinal comparison by Unicode code point. JS `<` compares UTF-16 code units, which puts
 * astral characters (surrogate pairs, 0xD800–0xDFFF) before U+E000–U+FFFF: wrong here.
 */
export function compareCodePoints(a: string, b: string): -1 | 0 | 1 {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    if (a.charCodeAt(i) === b.charCodeAt(i)) continue;
    // Differing low surrogates after a shared high surrogate: compare the whole code points.
    const at = i > 0 && isHighSurrogate(a.charCodeAt(i - 1)) ? i - 1 : i;
    return a.codePointAt(at)! < b.codePointAt(at)! ? -1 : 1;
  }
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
}

function isHighSurrogate(unit: number): boolean {
  return unit >= 0xd800 && unit <= 0xdbff;
}

/**
 * The total order of sort and group keys: numbers numerically with `-0 == 0` and every NaN
 * after every number (all NaNs tie); strings by code point; `false < true`.
 */
export function compareKeys(a: ScalarValue, b: ScalarValue): -1 | 0 | 1 {
  if (typeof a === 'number') {
    const y = b as number;
    if (Number.isNaN(a)) return Number.isNaN(y) ? 0 : 1;
    if (Number.isNaN(y)) return -1;
    return a < y ? -1 : a > y ? 1 : 0;
  }
  if (typeof a === 'string') return compareCodePoints(a, b as string);
  return a < b ? -1 : a > b ? 1 : 0;
}

// ---------------------------------------------------------------------------------------------
// Output

/** Shortest round-trip spelling of an f64, `-0` for negative zero, `NaN`/`Infinity`/`-Infinity` bare. */
export function formatF64(x: number): string {
  return Object.is(x, -0) ? '-0' : String(x);
}

/** The canonical one-line JSON of `value`, which must have type `type`. */
export function valueToJson(value: Value, type: Type): string {
  switch (type.kind) {
    case 'i64':
      return (value as bigint).toString();
    case 'f64': {
      const x = value as number;
      return Number.isFinite(x) ? formatF64(x) : `"${formatF64(x)}"`;
    }
    case 'bool':
      return value ? 'true' : 'false';
    case 'str':
      return JSON.stringify(value);
    case 'array':
      return `[${(value as readonly Value[]).map((v) => valueToJson(v, type.elem)).join(',')}]`;
    case 'record': {
      const record = value as RecordValue;
      return `{${type.fields.map((f) => `${JSON.stringify(f.name)}:${valueToJson(record[f.name]!, f.type)}`).join(',')}}`;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Input

/**
 * Converts parsed JSON (from `JSON.parse` or, for exact i64, lossless-json's `parse`) to a value
 * of `type`. i64 accepts integers (exact `LosslessNumber`s, safe JS integers, bigints, or strings
 * of digits) within range; f64 accepts numbers and the strings "NaN", "Infinity", "-Infinity".
 */
export function valueFromJson(json: unknown, type: Type, program: Program, path = '$'): Value {
  switch (type.kind) {
    case 'i64':
      return i64FromJson(json, path);
    case 'f64':
      return f64FromJson(json, path);
    case 'bool':
      if (typeof json !== 'boolean') throw expected(path, 'a bool (true or false)', json);
      return json;
    case 'str':
      if (typeof json !== 'string') throw expected(path, 'a string', json);
      return json;
    case 'array':
      if (!Array.isArray(json)) throw expected(path, `an array ${showType(type)}`, json);
      return json.map((item, i) => valueFromJson(item, type.elem, program, `${path}[${i}]`));
    case 'record':
      return recordFromJson(json, recordFields(type, program), type.name, program, path);
  }
}

/** A record's fields in declaration order: the program's RecordDecl is the authority. */
function recordFields(type: Extract<Type, { kind: 'record' }>, program: Program): readonly Field[] {
  return program.records.find((r) => r.name === type.name)?.fields ?? type.fields;
}

function recordFromJson(json: unknown, fields: readonly Field[], name: string, program: Program, path: string): RecordValue {
  if (!isPlainObject(json)) throw expected(path, `an object (record ${name})`, json);
  const known = new Set(fields.map((f) => f.name));
  for (const key of Object.keys(json)) {
    if (!known.has(key)) throw new InputError(`${path}.${key}`, `unknown field of record ${name}`);
  }
  return makeRecord(
    fields.map((f) => {
      if (!Object.hasOwn(json, f.name)) throw new InputError(`${path}.${f.name}`, `missing field of record ${name}`);
      return [f.name, valueFromJson(json[f.name], f.type, program, `${path}.${f.name}`)] as const;
    }),
  );
}

const INTEGER = /^-?\d+$/;

function i64FromJson(json: unknown, path: string): bigint {
  let n: bigint;
  if (typeof json === 'bigint') n = json;
  else if (isLosslessNumber(json) || typeof json === 'string') {
    const text = json.toString();
    if (!INTEGER.test(text)) throw expected(path, 'an i64 (an integer)', json);
    n = BigInt(text);
  } else if (typeof json === 'number') {
    // Beyond 2^53 the number may already have been rounded by JSON.parse.
    if (!Number.isSafeInteger(json)) throw expected(path, 'an i64 given exactly (a safe integer, or parse with lossless-json)', json);
    n = BigInt(json);
  } else throw expected(path, 'an i64 (an integer)', json);
  if (n < I64_MIN || n > I64_MAX) throw new InputError(path, `${n} is outside the i64 range`);
  return n;
}

const F64_NAMES: Readonly<Record<string, number>> = { NaN: NaN, Infinity: Infinity, '-Infinity': -Infinity };

function f64FromJson(json: unknown, path: string): number {
  if (typeof json === 'number') return json;
  if (typeof json === 'bigint') return Number(json);
  if (isLosslessNumber(json)) return Number(json.toString());
  if (typeof json === 'string' && Object.hasOwn(F64_NAMES, json)) return F64_NAMES[json]!;
  throw expected(path, 'an f64 (a number, or "NaN", "Infinity", "-Infinity")', json);
}

function isPlainObject(json: unknown): json is Record<string, unknown> {
  return typeof json === 'object' && json !== null && !Array.isArray(json) && !isLosslessNumber(json);
}

function expected(path: string, what: string, got: unknown): InputError {
  return new InputError(path, `expected ${what}, got ${describeJson(got)}`);
}

function describeJson(json: unknown): string {
  if (isLosslessNumber(json)) return json.toString();
  if (typeof json === 'bigint') return json.toString();
  if (json === undefined) return 'nothing';
  const text = JSON.stringify(json);
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

export interface KernelInput {
  readonly args: Record<string, Value>;
  /** Every param of the program: the given value or its default. */
  readonly params: Record<string, ScalarValue>;
}

/**
 * Reads a program-mode input document `{"args": {...}, "params": {...}}` for `kernel`: every
 * argument must be present; `params` (optional) may name any param of the program, the rest take
 * their defaults. Throws `InputError` (or `SyntaxError` for text that is not JSON).
 */
export function parseInput(text: string, kernel: string, program: Program): KernelInput {
  const decl = program.kernels.find((k) => k.name === kernel);
  if (!decl) throw new Error(`unknown kernel \`${kernel}\``);
  const doc = parseLossless(text);
  if (!isPlainObject(doc)) throw expected('$', 'an object {"args": ..., "params": ...}', doc);
  for (const key of Object.keys(doc)) {
    if (key !== 'args' && key !== 'params') throw new InputError(`$.${key}`, 'unknown key (expected "args" and "params")');
  }
  const argsJson = doc['args'] ?? {};
  if (!isPlainObject(argsJson)) throw expected('$.args', 'an object', argsJson);
  const argTypes = new Map(decl.args.map((a) => [a.name, a.type]));
  for (const name of Object.keys(argsJson)) {
    if (!argTypes.has(name)) throw new InputError(`$.args.${name}`, `\`${kernel}\` has no argument \`${name}\``);
  }
  const args = Object.create(null) as Record<string, Value>;
  for (const [name, type] of argTypes) {
    if (!Object.hasOwn(argsJson, name)) throw new InputError(`$.args.${name}`, 'missing argument');
    args[name] = valueFromJson(argsJson[name], type, program, `$.args.${name}`);
  }

  const paramsJson = doc['params'] ?? {};
  if (!isPlainObject(paramsJson)) throw expected('$.params', 'an object', paramsJson);
  const paramDecls = new Map(program.params.map((p) => [p.name, p]));
  for (const name of Object.keys(paramsJson)) {
    if (!paramDecls.has(name)) throw new InputError(`$.params.${name}`, `the program has no param \`${name}\``);
  }
  const params = Object.create(null) as Record<string, ScalarValue>;
  for (const [name, p] of paramDecls) {
    params[name] = Object.hasOwn(paramsJson, name)
      ? (valueFromJson(paramsJson[name], p.type, program, `$.params.${name}`) as ScalarValue)
      : p.default;
  }
  return { args, params };
}

// ---------------------------------------------------------------------------------------------
// Comparison of outputs (differential tests)

export interface Tolerance {
  /** Allowed |expected − actual| relative to max(1, |expected|, |actual|) for f64; 0 = exact. */
  readonly relative: number;
}

/**
 * Compares two canonical JSON outputs of type `type`: i64, str and bool exactly, f64 within
 * `tolerance` (NaN equals NaN, infinities must match). Returns null when equal, else a message
 * naming the first difference by path (`$[2].volume: expected 3.5, got 3.25`).
 */
export function compareValues(expected: string, actual: string, type: Type, tolerance: Tolerance): string | null {
  let e: unknown;
  let a: unknown;
  try {
    e = parseLossless(expected);
  } catch (err) {
    return `expected output is not JSON: ${(err as Error).message}`;
  }
  try {
    a = parseLossless(actual);
  } catch (err) {
    return `actual output is not JSON: ${(err as Error).message} (${describeJson(actual)})`;
  }
  return compareJson(e, a, type, tolerance.relative, '$');
}

function compareJson(e: unknown, a: unknown, type: Type, rel: number, path: string): string | null {
  const differ = (): string => `${path}: expected ${describeJson(e)}, got ${describeJson(a)}`;
  switch (type.kind) {
    case 'i64': {
      const x = exactInteger(e);
      const y = exactInteger(a);
      return x === null || y === null || x !== y ? differ() : null;
    }
    case 'f64': {
      const x = jsonF64(e);
      const y = jsonF64(a);
      return x === null || y === null || !closeEnough(x, y, rel) ? differ() : null;
    }
    case 'bool':
    case 'str':
      return e === a && typeof e === (type.kind === 'bool' ? 'boolean' : 'string') ? null : differ();
    case 'array': {
      if (!Array.isArray(e) || !Array.isArray(a)) return differ();
      if (e.length !== a.length) return `${path}: expected ${e.length} elements, got ${a.length}`;
      for (let i = 0; i < e.length; i++) {
        const d = compareJson(e[i], a[i], type.elem, rel, `${path}[${i}]`);
        if (d !== null) return d;
      }
      return null;
    }
    case 'record': {
      if (!isPlainObject(e) || !isPlainObject(a)) return differ();
      for (const f of type.fields) {
        const d = compareJson(e[f.name], a[f.name], f.type, rel, `${path}.${f.name}`);
        if (d !== null) return d;
      }
      const extra = Object.keys(a).find((key) => !type.fields.some((f) => f.name === key));
      return extra === undefined ? null : `${path}.${extra}: unexpected field`;
    }
  }
}

function exactInteger(json: unknown): bigint | null {
  return isLosslessNumber(json) && INTEGER.test(json.toString()) ? BigInt(json.toString()) : null;
}

function jsonF64(json: unknown): number | null {
  if (isLosslessNumber(json)) return Number(json.toString());
  if (typeof json === 'string' && Object.hasOwn(F64_NAMES, json)) return F64_NAMES[json]!;
  return null;
}

function closeEnough(x: number, y: number, rel: number): boolean {
  if (Number.isNaN(x) || Number.isNaN(y)) return Number.isNaN(x) && Number.isNaN(y);
  if (!Number.isFinite(x) || !Number.isFinite(y)) return x === y;
  return Math.abs(x - y) <= rel * Math.max(1, Math.abs(x), Math.abs(y));
}
