// Program mode reads its input document with the dialect's JSON functions: one table row holds
// the document, each array argument becomes a table of its elements, and the scalar arguments
// and params one row each. Keys in JSON paths are source identifiers ([A-Za-z_][A-Za-z0-9_]*),
// which need no quoting in any of the three path syntaxes.

import type { Scalar } from '../../lang/types.js';
import type { SqlDialect } from '../target.js';
import { DIALECTS } from './dialect.js';

export interface JsonReader {
  /** Column type of the document. */
  readonly documentType: string;
  /** Where the caller binds the document. */
  readonly placeholder: string;
  /** The elements of `args.<arg>` as FROM item `e`, reading the document from `table.doc`. */
  elements(table: string, arg: string): string;
  /** The element's 0-based position. */
  readonly position: string;
  /** A scalar inside element `e` (`path` empty for the element itself). */
  element(path: readonly string[], type: Scalar): string;
  /** A scalar of the document, NULL when absent. */
  value(table: string, path: readonly string[], type: Scalar): string;
}

const sqliteF64 = (text: string): string =>
  // JSON has no numeric infinities: the input spells them as strings.
  `CASE ${text} WHEN 'Infinity' THEN 9e999 WHEN '-Infinity' THEN -9e999 ELSE CAST(${text} AS REAL) END`;

const SQLITE_READER: JsonReader = {
  documentType: 'TEXT',
  placeholder: ':input',
  elements: (table, arg) => `json_each(${table}.doc, '$.args.${arg}') AS e`,
  position: 'e.key',
  element: (path, type) => {
    const text = path.length === 0 ? 'e.value' : `json_extract(e.value, '$.${path.join('.')}')`;
    return type === 'f64' ? sqliteF64(text) : text;
  },
  value: (table, path, type) => {
    const text = `json_extract(${table}.doc, '$.${path.join('.')}')`;
    return type === 'f64' ? sqliteF64(text) : text;
  },
};

const typed = (dialect: SqlDialect, text: string, type: Scalar): string =>
  type === 'str' ? text : `(${text})::${DIALECTS[dialect].columnType[type]}`;

/** `json -> 'a' ->> 'b'`: keys as string literals (a `#>> '{…}'` path would read a key `null` as NULL). */
function postgresPath(json: string, path: readonly string[]): string {
  if (path.length === 0) return `${json} #>> '{}'`;
  return [json, ...path.map((key, i) => `${i === path.length - 1 ? '->>' : '->'} '${key}'`)].join(' ');
}

const POSTGRES_READER: JsonReader = {
  documentType: 'JSONB',
  placeholder: '$1',
  elements: (table, arg) => `jsonb_array_elements(${table}.doc -> 'args' -> '${arg}') WITH ORDINALITY AS e(element, ord)`,
  position: 'e.ord - 1',
  element: (path, type) => typed('postgres', postgresPath('e.element', path), type),
  value: (table, path, type) => typed('postgres', postgresPath(`${table}.doc`, path), type),
};

const DUCKDB_READER: JsonReader = {
  documentType: 'JSON',
  placeholder: '$input',
  elements: (table, arg) => `json_each(${table}.doc, '$.args.${arg}') AS e`,
  position: 'e.key::BIGINT',
  element: (path, type) => typed('duckdb', `e.value ->> '$${path.map((p) => `.${p}`).join('')}'`, type),
  value: (table, path, type) => typed('duckdb', `${table}.doc ->> '$.${path.join('.')}'`, type),
};

export const JSON_READERS: Readonly<Record<SqlDialect, JsonReader>> = {
  sqlite: SQLITE_READER,
  postgres: POSTGRES_READER,
  duckdb: DUCKDB_READER,
};
