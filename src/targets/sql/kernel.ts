// One kernel as one query: its array arguments are tables (`idx` plus a `value` column or one
// column per record field), its scalar arguments and params are read through `scalarInput`
// (placeholders in function mode, the input row in program mode), its body the query's WITH and
// final SELECT.

import type { Kernel } from '../../ir/ir.js';
import type { Type } from '../../lang/types.js';
import { Namer } from '../names.js';
import { forEachExpr, lit, type Query, type SqlExpr } from './ast.js';
import { compileExpr, exactRow } from './compile.js';
import { mayLeaveErrorsUnraised, raisesInArrayBranch, raisesInLambda } from './demand.js';
import { mergeCtes, noUsage, type Cx, type Usage } from './context.js';
import type { Dialect } from './dialect.js';
import { liftAggregate } from './lift.js';
import { namingRules, sqlCase } from './names.js';
import { exact, relSelect, rowColumns, sourceRel, type RowColumn } from './relation.js';
import { leaves, rowOfType, scalar, type Val } from './values.js';

export interface InputTable {
  /** The source argument. */
  readonly arg: string;
  readonly table: string;
  readonly elem: Type;
  readonly columns: readonly RowColumn[];
}

export interface ScalarInput {
  readonly source: string;
  readonly scope: 'arg' | 'param';
  /** Path inside a record-typed argument; empty for a scalar. */
  readonly path: readonly string[];
  readonly type: Type;
  /** The name in SQL: the placeholder's, or the column of the input row. */
  readonly name: string;
}

export interface CompiledKernel {
  readonly kernel: Kernel;
  readonly query: Query;
  readonly usage: Usage;
  readonly tables: readonly InputTable[];
  readonly scalars: readonly ScalarInput[];
}

export interface KernelOptions {
  readonly dialect: Dialect;
  /** Names already in use in the script (program mode's `input`, `args`, `params` tables). */
  readonly reserve?: readonly string[];
  /** How a scalar input is read, given its SQL name and 1-based position. */
  readonly scalarInput: (input: ScalarInput, position: number) => SqlExpr;
  /** Scalar inputs are columns (program mode), so keywords are escaped; placeholders need not be. */
  readonly scalarsAreColumns: boolean;
}

export function compileKernel(kernel: Kernel, options: KernelOptions): CompiledKernel {
  const first = compileWith(kernel, options, null);
  // Bind only the inputs the query reads: PostgreSQL and DuckDB refuse a value for a
  // placeholder the statement does not have.
  const read = new Set<SqlExpr>();
  forEachExpr(first.query, (e) => {
    if (e.k === 'param') read.add(e);
  });
  const unread = first.placeholders.filter((p) => !read.has(p.expr));
  if (unread.length === 0) return first;
  return compileWith(kernel, options, new Set(first.placeholders.filter((p) => read.has(p.expr)).map((p) => inputKey(p.input))));
}

const inputKey = (s: Pick<ScalarInput, 'scope' | 'source' | 'path'>): string => [s.scope, s.source, ...s.path].join('.');

function compileWith(
  kernel: Kernel,
  options: KernelOptions,
  readOnly: ReadonlySet<string> | null,
): CompiledKernel & { readonly placeholders: readonly { input: ScalarInput; expr: SqlExpr }[] } {
  const dialect = options.dialect;
  const names = new Namer(namingRules(dialect.name));
  const tables: InputTable[] = [];
  const scalars: ScalarInput[] = [];
  const placeholders: { input: ScalarInput; expr: SqlExpr }[] = [];
  const scalarNames = new Namer(options.scalarsAreColumns ? namingRules(dialect.name) : { reserved: new Set(), escape: (n) => n });
  const env = new Map<string, Val>();

  // Source names first, so they keep their spelling; generated names go around them.
  for (const a of kernel.args) {
    if (a.type.kind === 'array') {
      const table = names.name(a.name, sqlCase);
      tables.push({ arg: a.name, table, elem: a.type.elem, columns: rowColumns(dialect.name, a.type.elem) });
    }
  }
  for (const r of options.reserve ?? []) names.claim(r);

  const cx: Cx = {
    dialect,
    names,
    env,
    groups: [],
    top: true,
    topCtes: [],
    cteOrder: new Map(),
    usage: noUsage(),
  };
  const bindScalar = (source: string, scope: 'arg' | 'param', type: Type): Val =>
    rowOfType(type, (path, t) => {
      if (readOnly !== null && !readOnly.has(inputKey({ scope, source, path }))) return scalar(t, lit('NULL'));
      const input: ScalarInput = { source, scope, path, type: t, name: scalarNames.claim(sqlCase([source, ...path].join('_'))) };
      scalars.push(input);
      const expr = options.scalarInput(input, scalars.length);
      placeholders.push({ input, expr: paramNode(expr) });
      return scalar(t, expr);
    });
  for (const a of kernel.args) {
    const table = tables.find((t) => t.arg === a.name);
    env.set(a.name, table ? { kind: 'array', type: a.type, rel: sourceRel(cx, table.table, table.elem, []) } : bindScalar(a.name, 'arg', a.type));
  }
  for (const p of kernel.params) env.set(p.name, bindScalar(p.name, 'param', p.type));

  cx.usage.unusedValues = mayLeaveErrorsUnraised(kernel);
  cx.usage.raisingLambda = raisesInLambda(kernel);
  cx.usage.raisingArrayBranch = raisesInArrayBranch(kernel);
  const result = compileExpr(cx, kernel.body);
  const body =
    result.kind === 'array'
      ? relSelect(
          cx,
          result.rel,
          rowColumns(dialect.name, result.rel.row.type).map((c, i) => ({ expr: exact(cx, leaves(result.rel.row)[i]!.value), as: c.column })),
          true,
        )
      : resultRow(cx, kernel, result);
  const ctes = mergeCtes(cx, cx.topCtes, result.kind === 'array' ? result.rel.ctes : []);
  return { kernel, query: { ctes, body }, usage: cx.usage, tables, scalars, placeholders };
}

/** The placeholder node inside a scalar input's expression (PostgreSQL and DuckDB cast it). */
function paramNode(e: SqlExpr): SqlExpr {
  return e.k === 'cast' ? paramNode(e.arg) : e;
}

/** A scalar or record result: one row. A scalar computed by one aggregate is that aggregate's query. */
function resultRow(cx: Cx, kernel: Kernel, result: Val): Query['body'] {
  if (result.kind === 'array') throw new Error('array result');
  const row = exactRow(cx, result);
  const columns = rowColumns(cx.dialect.name, row.type);
  if (row.kind === 'scalar') return liftAggregate(row.sql, resultColumn(cx, kernel));
  return { k: 'select', columns: leaves(row).map((l, i) => ({ expr: l.value.sql, as: columns[i]!.column })), from: null, where: null, groupBy: [], orderBy: [], limit: null, offset: null };
}

/** A scalar result's column is named after the kernel. */
function resultColumn(cx: Cx, kernel: Kernel): string {
  const name = sqlCase(kernel.name);
  return namingRules(cx.dialect.name).reserved.has(name) ? `${name}_` : name;
}
