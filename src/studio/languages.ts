// Highlighting for each target's pane. Unknown targets (a server newer than this page) still get
// a pane, just without colours.

import { go } from '@codemirror/lang-go';
import { javascript } from '@codemirror/lang-javascript';
import { rust } from '@codemirror/lang-rust';
import { PostgreSQL, SQLite, sql, StandardSQL } from '@codemirror/lang-sql';
import { StreamLanguage } from '@codemirror/language';
import { csharp } from '@codemirror/legacy-modes/mode/clike';
import { julia } from '@codemirror/legacy-modes/mode/julia';
import type { Extension } from '@codemirror/state';
import type { SqlDialect } from './protocol.js';

const csharpLanguage = StreamLanguage.define(csharp);
const juliaLanguage = StreamLanguage.define(julia);

export function targetLanguage(target: string, dialect: SqlDialect): Extension {
  switch (target) {
    case 'rust':
      return rust();
    case 'typescript':
      return javascript({ typescript: true });
    case 'go':
      return go();
    case 'csharp':
      return csharpLanguage;
    case 'julia':
      return juliaLanguage;
    case 'sql':
      // DuckDB's SQL is closest to PostgreSQL's.
      return sql({ dialect: dialect === 'sqlite' ? SQLite : dialect === 'postgres' || dialect === 'duckdb' ? PostgreSQL : StandardSQL });
    default:
      return [];
  }
}
