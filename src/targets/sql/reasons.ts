// Where a render cannot honour docs/language.md in a dialect, it says so: one reason per
// deviation the kernel can actually run into (docs/sql.md explains each).

import type { Reason, SqlDialect } from '../target.js';
import type { Usage } from './context.js';

const I64_OVERFLOW: Readonly<Record<SqlDialect, string>> = {
  sqlite:
    'i64 overflow does not wrap: SQLite computes an overflowing +, - or * as a REAL (an i64 result that is not an integer is reported as an error) and raises "integer overflow" in sum() and abs().',
  postgres: 'i64 overflow does not wrap: PostgreSQL raises "bigint out of range".',
  duckdb: 'i64 overflow does not wrap: DuckDB raises an "Out of Range" error.',
};

const I64_CONVERSION: Readonly<Record<SqlDialect, string | null>> = {
  // CAST(REAL AS INTEGER) truncates and saturates, exactly as i64(x).
  sqlite: null,
  postgres: 'i64(x) of an f64 outside the i64 range (or NaN) raises "bigint out of range" instead of saturating.',
  duckdb: 'i64(x) of an f64 outside the i64 range (or NaN) raises a conversion error instead of saturating.',
};

const F64_SPECIAL: Readonly<Record<SqlDialect, string>> = {
  sqlite:
    'SQLite has no NaN and returns NULL for an f64 division by zero and outside the domain of sqrt, ln and pow; a NULL result is reported as an error.',
  postgres:
    'PostgreSQL raises an error where IEEE 754 gives Infinity or NaN (division by zero, sqrt and ln outside their domain, overflow in exp and pow), and compares NaN as equal to itself and greater than every number.',
  duckdb:
    'DuckDB raises an error for sqrt and ln outside their domain, and compares NaN as equal to itself and greater than every number.',
};

const F64_AGGREGATE: Readonly<Record<SqlDialect, string>> = {
  sqlite: 'f64 sums and means use SQLite\'s compensated summation, which may differ from the left-to-right sum in the last digits.',
  postgres: 'f64 sums and means add in the order PostgreSQL reads the rows (parallel plans combine partial sums), within the documented tolerance.',
  duckdb: 'f64 sums and means add in an order DuckDB chooses (it aggregates in parallel), within the documented tolerance.',
};

const UNUSED_VALUES =
  'SQL computes a value only where and when the result reads it: a runtime error (division by zero, index out of bounds, min, max or mean of an empty array) in a value the language computes but the result does not need (an unused let, a let read only in a branch not taken or for no element, elements that are only counted or that a filter drops) is not raised.';

const EAGER =
  'DuckDB may compute a value that does not depend on the current element once, before it knows whether any element needs it: a runtime error in it (division by zero, index out of bounds, min, max or mean of an empty array) can be raised for an empty array, where the language evaluates nothing.';

const ARRAY_BRANCHES =
  'An `if` that chooses between two arrays may build both: a runtime error (division by zero, index out of bounds, min, max or mean of an empty array) in the branch not taken can be raised.';

export function deviationReasons(usage: Usage, dialect: SqlDialect, kernel: string): Reason[] {
  const out: Reason[] = [];
  if (usage.i64Overflow) out.push({ code: 'i64-overflow-not-wrapped', message: I64_OVERFLOW[dialect], kernel });
  const conversion = I64_CONVERSION[dialect];
  if (usage.i64Conversion && conversion !== null) out.push({ code: 'i64-conversion-not-saturated', message: conversion, kernel });
  if (usage.f64Special) out.push({ code: 'f64-special-values', message: F64_SPECIAL[dialect], kernel });
  if (usage.f64Aggregate) out.push({ code: 'f64-aggregate-order', message: F64_AGGREGATE[dialect], kernel });
  if (usage.unusedValues) out.push({ code: 'unused-values-not-evaluated', message: UNUSED_VALUES, kernel });
  if (usage.raisingLambda && dialect === 'duckdb') out.push({ code: 'eager-evaluation', message: EAGER, kernel });
  if (usage.raisingArrayBranch) out.push({ code: 'array-branches-evaluated', message: ARRAY_BRANCHES, kernel });
  return out;
}
