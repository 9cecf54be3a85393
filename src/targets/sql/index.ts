// The SQL target: one query per kernel, built from CTEs, in the dialect `flags.dialect`
// (SQLite, PostgreSQL or DuckDB; PostgreSQL by default). `parallel` changes nothing: running a
// query in parallel is the engine's business, so the render is the same and not degraded.

import { SQL_DIALECTS, type Target } from '../target.js';
import { emitSql } from './module.js';

export const sqlTarget: Target = {
  name: 'sql',
  displayName: 'SQL',
  extension: 'sql',
  parallel: 'none',
  dialects: SQL_DIALECTS,
  emit: emitSql,
};
