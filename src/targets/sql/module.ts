// The whole render. Function mode: one commented query per kernel, reading its arguments from
// tables named after them and its scalars from bound parameters. Program mode: a script that
// loads the input document into temporary tables and runs the entry kernel's query on them.

import { diag, type Diagnostic } from '../../diagnostics.js';
import type { Kernel, Program, ScalarValue } from '../../ir/ir.js';
import type { Scalar, Type } from '../../lang/types.js';
import { group, hardline, indent, join, line, printDoc, type Doc } from '../doc.js';
import { Namer } from '../names.js';
import type { EmitResult, Flags, Reason, SqlDialect } from '../target.js';
import { Unsupported, type Usage } from './context.js';
import { DEFAULT_DIALECT, DIALECTS, POSTGRES_RAISE_HELPER, type Dialect } from './dialect.js';
import { floatLiteral } from './compile.js';
import { parametersLine, placeholderText, RESULT_PREFIX, signature, structuralType, tablesLine } from './header.js';
import { JSON_READERS } from './input.js';
import { compileKernel, type CompiledKernel, type ScalarInput } from './kernel.js';
import { namingRules, sqlCase } from './names.js';
import { printQuery } from './print.js';
import { deviationReasons } from './reasons.js';

export const PRINT_OPTIONS = { width: 100, indent: '  ' } as const;

export const NOT_EXPRESSIBLE = 'CL6101';

export function emitSql(program: Program, flags: Flags): EmitResult {
  const dialect = DIALECTS[flags.dialect ?? DEFAULT_DIALECT];
  try {
    if (flags.mode === 'program') {
      const entry = flags.entry === undefined ? program.kernels[0] : program.kernels.find((k) => k.name === flags.entry);
      if (entry === undefined) return failed(noEntry(flags.entry));
      return programScript(program, entry, dialect);
    }
    return functionModule(program, dialect);
  } catch (error) {
    if (!(error instanceof Unsupported)) throw error;
    return failed(
      diag(
        NOT_EXPRESSIBLE,
        'Not expressible in SQL',
        `SQL cannot express ${error.construct} in ${dialect.displayName}: ${error.detail}.`,
        error.span,
      ),
    );
  }
}

function failed(d: Diagnostic): EmitResult {
  return { code: '', degraded: false, reasons: [], diagnostics: [d] };
}

function noEntry(entry: string | undefined): Diagnostic {
  const message =
    entry === undefined ? 'Program mode runs a kernel, and this program has none.' : `There is no kernel \`${entry}\` to run in program mode.`;
  return diag('CL6001', 'No entry kernel', message, null);
}

const comment = (text: string): Doc => `-- ${text}`;

function result(parts: readonly Doc[], compiled: readonly CompiledKernel[], dialect: SqlDialect): EmitResult {
  const reasons: Reason[] = compiled.flatMap((c) => deviationReasons(c.usage, dialect, c.kernel.name));
  const code = `${printDoc(join([hardline, hardline], parts), PRINT_OPTIONS)}\n`;
  return { code, degraded: reasons.length > 0, reasons, diagnostics: [] };
}

function helpers(dialect: Dialect, usages: readonly Usage[]): Doc[] {
  return dialect.name === 'postgres' && usages.some((u) => u.raiseHelper) ? [join(hardline, POSTGRES_RAISE_HELPER)] : [];
}

// ---------------------------------------------------------------- function mode

function compileForFunctions(program: Program, dialect: Dialect): CompiledKernel[] {
  return program.kernels.map((k) =>
    compileKernel(k, {
      dialect,
      scalarInput: (s, position) => dialect.placeholder(s.name, position, scalarKind(s.type)),
      scalarsAreColumns: false,
    }),
  );
}

function functionModule(program: Program, dialect: Dialect): EmitResult {
  const compiled = compileForFunctions(program, dialect);
  const queries = compiled.map((c) => {
    const placeholders = c.scalars.map((s, i) => placeholderText(dialect.name, s, i + 1));
    const notes = [signature(c.kernel, program), tablesLine(c.tables), parametersLine(c.scalars, placeholders)];
    return [join(hardline, notes.filter((n): n is string => n !== null).map(comment)), hardline, printQuery(c.query, true), ';'];
  });
  const intro = comment(`Code Live, SQL for ${dialect.displayName}: one query per kernel.`);
  return result([intro, ...helpers(dialect, compiled.map((c) => c.usage)), ...queries], compiled, dialect.name);
}

/** One kernel's function-mode query, for callers that bind and run it (the tests). */
export interface FunctionQuery {
  readonly kernel: string;
  /** Statements to run first (the PostgreSQL raise helper), possibly none. */
  readonly setup: readonly string[];
  readonly sql: string;
  /** Its bound inputs in placeholder order ($1, $2, … in PostgreSQL). */
  readonly inputs: readonly ScalarInput[];
}

export function functionQueries(program: Program, dialectName: SqlDialect): FunctionQuery[] {
  const dialect = DIALECTS[dialectName];
  return compileForFunctions(program, dialect).map((c) => ({
    kernel: c.kernel.name,
    setup: helpers(dialect, [c.usage]).map((d) => printDoc(d, PRINT_OPTIONS)),
    sql: printDoc(printQuery(c.query, true), PRINT_OPTIONS),
    inputs: c.scalars,
  }));
}

// ---------------------------------------------------------------- program mode

function programScript(program: Program, kernel: Kernel, dialect: Dialect): EmitResult {
  const reader = JSON_READERS[dialect.name];
  // The same names compileKernel will give the argument tables, then the script's own tables.
  const names = new Namer(namingRules(dialect.name));
  for (const a of kernel.args) if (a.type.kind === 'array') names.name(a.name, sqlCase);
  const input = names.claim('input');
  const argsTable = names.claim('args');
  const paramsTable = names.claim('params');

  const c = compileKernel(kernel, {
    dialect,
    reserve: [input, argsTable, paramsTable],
    scalarInput: (s) => ({ k: 'param', text: `(SELECT ${s.name} FROM ${s.scope === 'arg' ? argsTable : paramsTable})` }),
    scalarsAreColumns: true,
  });

  const statements: Doc[] = [
    join(hardline, [
      comment(`Code Live program for ${dialect.displayName}: runs kernel \`${kernel.name}\`.`),
      comment(`Bind the input document {"args": {...}, "params": {...}} to ${reader.placeholder} and run the statements in order;`),
      comment('the last one returns the result: one row (a scalar or a record), or one row per element in order.'),
      `${RESULT_PREFIX}${structuralType(kernel.ret)}`,
    ]),
    ...helpers(dialect, [c.usage]),
    statement([`CREATE TEMP TABLE ${input} (doc ${reader.documentType} NOT NULL)`]),
    statement([`INSERT INTO ${input} (doc) VALUES (${reader.placeholder})`]),
  ];
  for (const t of c.tables) {
    const columns = t.columns.map((col) => `${col.column} ${dialect.columnType[scalarKind(col.type)]} NOT NULL`);
    statements.push(statement([`CREATE TEMP TABLE ${t.table} (`, indent([hardline, join([',', hardline], [`idx ${dialect.columnType.i64} PRIMARY KEY`, ...columns])]), hardline, ')']));
    const values = [reader.position, ...t.columns.map((col) => reader.element(col.path, scalarKind(col.type)))];
    statements.push(
      statement([
        `INSERT INTO ${t.table} (idx, ${t.columns.map((col) => col.column).join(', ')})`,
        hardline,
        group(['SELECT', indent([line, join([',', line], values)])]),
        hardline,
        `FROM ${input}, ${reader.elements(input, t.arg)}`,
      ]),
    );
  }
  const scalarTable = (table: string, inputs: readonly ScalarInput[], section: 'args' | 'params'): void => {
    if (inputs.length === 0) return;
    const columns = inputs.map((s) => {
      const value = reader.value(input, [section, s.source, ...s.path], scalarKind(s.type));
      const given = section === 'params' ? `coalesce(${value}, ${defaultLiteral(program, s.source)})` : value;
      return `${given} AS ${s.name}`;
    });
    statements.push(statement([`CREATE TEMP TABLE ${table} AS`, hardline, group(['SELECT', indent([line, join([',', line], columns)])]), hardline, `FROM ${input}`]));
  };
  scalarTable(argsTable, c.scalars.filter((s) => s.scope === 'arg'), 'args');
  scalarTable(paramsTable, c.scalars.filter((s) => s.scope === 'param'), 'params');
  statements.push([printQuery(c.query, true), ';']);
  return result(statements, [c], dialect.name);
}

function statement(parts: readonly Doc[]): Doc {
  return [...parts, ';'];
}

/** A param's declared default, as a literal every dialect reads with the param's type. */
function defaultLiteral(program: Program, param: string): string {
  const decl = program.params.find((p) => p.name === param);
  if (decl === undefined) throw new Error(`unknown param ${param}`);
  const value: ScalarValue = decl.default;
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (typeof value === 'bigint') return value === -(2n ** 63n) ? '(-9223372036854775807 - 1)' : value.toString();
  return floatLiteral(value as number);
}

function scalarKind(t: Type): Scalar {
  if (t.kind === 'array' || t.kind === 'record') throw new Error(`not a scalar type: ${t.kind}`);
  return t.kind;
}
