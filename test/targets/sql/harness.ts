// The SQL tests' harness: the judge lives in src/verify/sql.ts (shared with `codelive check`);
// function-mode queries are run here.

import { analyze } from '../../../src/lang/frontend.js';
import { foldConstants } from '../../../src/ir/fold.js';
import { parseInput, valueToJson, type RecordValue, type Value } from '../../../src/ir/values.js';
import { sqlTarget } from '../../../src/targets/sql/index.js';
import type { SqlDialect } from '../../../src/targets/target.js';
import { functionQueries } from '../../../src/targets/sql/module.js';
import { programStatements, resultValue, type SqlEngine } from '../../../src/toolchain/sql.js';
import type { SqlCase } from '../../../src/verify/sql.js';

export * from '../../../src/verify/sql.js';
export { SQL_DIALECTS as DIALECTS } from '../../../src/targets/target.js';

/**
 * Runs a kernel's function-mode query: the tables are created and filled by the program-mode
 * script's statements (all but its query), the scalar inputs bound to the query's placeholders.
 * Returns the canonical JSON, or the engine's error; `warnings` lists what the engine reported.
 */
export async function runFunctionMode(
  engine: SqlEngine,
  c: SqlCase,
): Promise<{ readonly json: string; readonly warnings: readonly string[] } | { readonly error: string }> {
  const front = analyze(c.source);
  if (!front.program) throw new Error('front-end errors');
  const program = foldConstants(front.program);
  const input = parseInput(c.input, c.kernel, program);
  const script = sqlTarget.emit(program, { parallel: false, params: 'runtime', mode: 'program', entry: c.kernel, dialect: engine.dialect });
  const setup = programStatements(engine.dialect, script.code, c.input).slice(0, -1);
  const query = functionQueries(program, engine.dialect).find((q) => q.kernel === c.kernel)!;
  const values = query.inputs.map((s) => bindable(engine.dialect, pick(s.scope === 'arg' ? input.args : input.params, [s.source, ...s.path])));
  const params = engine.dialect === 'postgres' ? values : Object.fromEntries(query.inputs.map((s, i) => [s.name, values[i]]));
  const kernel = program.kernels.find((k) => k.name === c.kernel)!;
  try {
    const { rows, warnings } = await engine.execute([...setup, ...query.setup.map((sql) => ({ sql })), { sql: query.sql, params }]);
    return { json: valueToJson(resultValue(rows, kernel.ret), kernel.ret), warnings };
  } catch (error) {
    return { error: (error as Error).message };
  }
}

function pick(values: Readonly<Record<string, Value>>, path: readonly string[]): Value {
  let v: Value = values[path[0]!]!;
  for (const field of path.slice(1)) v = (v as RecordValue)[field]!;
  return v;
}

/** better-sqlite3 binds no booleans: SQLite's are 0 and 1. */
function bindable(dialect: SqlDialect, v: Value): unknown {
  return typeof v === 'boolean' && dialect === 'sqlite' ? (v ? 1n : 0n) : v;
}
