// SQL identifiers: every emitted name is an unquoted lower-case snake_case identifier, so it reads
// the same in every dialect (PostgreSQL and DuckDB fold unquoted names to lower case; SQLite
// compares them case-insensitively). A name that is a keyword of the dialect gets a trailing `_`
// (`select` → `select_`, `key` → `key_` in SQLite), and the Namer suffixes a number on a clash.
//
// Each list holds the words that cannot serve as a column, table or alias name in that dialect.
// Words that are merely "unreserved" keywords (`value`, `type`, `key` outside SQLite) stay usable.

import { Namer, snakeCase, suffixUnderscore, type NamingRules } from '../names.js';
import type { SqlDialect } from '../target.js';

/** https://sqlite.org/lang_keywords.html: SQLite accepts some as names by fallback, but not all and not everywhere, so all are avoided. */
const SQLITE_KEYWORDS = `
  abort action add after all alter always analyze and as asc attach autoincrement before begin
  between by cascade case cast check collate column commit conflict constraint create cross current
  current_date current_time current_timestamp database default deferrable deferred delete desc
  detach distinct do drop each else end escape except exclude exclusive exists explain fail filter
  first following for foreign from full generated glob group groups having if ignore immediate in
  index indexed initially inner insert instead intersect into is isnull join key last left like
  limit match materialized natural no not nothing notnull null nulls of offset on or order others
  outer over partition plan pragma preceding primary query raise range recursive references regexp
  reindex release rename replace restrict returning right rollback row rows savepoint select set
  table temp temporary then ties to transaction trigger unbounded union unique update using vacuum
  values view virtual when where window with without`;

/**
 * PostgreSQL 17's reserved, type/function-name and column-name keywords (`pg_get_keywords()`
 * categories R, T and C): each is refused somewhere a column or table name may appear.
 */
const POSTGRES_KEYWORDS = `
  all analyse analyze and any array as asc asymmetric authorization between bigint binary bit
  boolean both case cast char character check coalesce collate collation column concurrently
  constraint create cross current_catalog current_date current_role current_schema current_time
  current_timestamp current_user dec decimal default deferrable desc distinct do else end except
  exists extract false fetch float for foreign freeze from full grant greatest group grouping having
  ilike in initially inner inout int integer intersect interval into is isnull join json json_array
  json_arrayagg json_exists json_object json_objectagg json_query json_scalar json_serialize
  json_table json_value lateral leading least left like limit localtime localtimestamp merge_action
  national natural nchar none normalize not notnull null nullif numeric offset on only or order out
  outer overlaps overlay placing position precision primary real references returning right row
  select session_user setof similar smallint some substring symmetric system_user table tablesample
  then time timestamp to trailing treat trim true union unique user using values varchar variadic
  verbose when where window with xmlattributes xmlconcat xmlelement xmlexists xmlforest
  xmlnamespaces xmlparse xmlpi xmlroot xmlserialize xmltable`;

/** DuckDB 1.5's reserved, column-name and type/function-name keywords (`duckdb_keywords()`). */
const DUCKDB_KEYWORDS = `
  all analyse analyze and anti any array as asc asof asymmetric at authorization between bigint
  binary bit boolean both by case cast char character check coalesce collate collation column
  columns concurrently constraint create cross dec decimal default deferrable desc describe distinct
  do else end except exists extract false fetch float for foreign freeze from full generated glob
  group grouping grouping_id having ilike in initially inner inout int integer intersect interval
  into is isnull join lambda lateral leading left like limit map national natural nchar none not
  notnull null nullif numeric offset on only or order out outer overlaps overlay pivot pivot_longer
  pivot_wider placing position positional precision primary qualify real references returning
  right row select semi setof show similar smallint some struct substring summarize symmetric
  table tablesample then time timestamp to trailing treat trim true try_cast union unique unpack
  unpivot using values varchar variadic verbose when where window with xmlattributes xmlconcat
  xmlelement xmlexists xmlforest xmlnamespaces xmlparse xmlpi xmlroot xmlserialize xmltable`;

const words = (list: string): string[] => list.trim().split(/\s+/);

export const RESERVED: Readonly<Record<SqlDialect, ReadonlySet<string>>> = {
  sqlite: new Set(words(SQLITE_KEYWORDS)),
  postgres: new Set(words(POSTGRES_KEYWORDS)),
  duckdb: new Set(words(DUCKDB_KEYWORDS)),
};

export function namingRules(dialect: SqlDialect): NamingRules {
  return { reserved: RESERVED[dialect], escape: suffixUnderscore };
}

/** A fresh top-level scope for one render. */
export function rootNamer(dialect: SqlDialect): Namer {
  return new Namer(namingRules(dialect));
}

/** Source identifiers become snake_case SQL names. */
export const sqlCase = snakeCase;
