// Name mangling: Julia keywords and the Base names the emitted code calls never reach the
// output as identifiers; every other source name survives (in Julia's casing); record fields
// keep their source names as JSON keys in program mode.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { RESERVED, ScopeNames, valueName, typeName } from '../../../src/targets/julia/names.js';
import { JSON_READER } from '../../../src/targets/julia/program.js';
import { assertParses, renderJulia } from './support.js';

const NAMES_LIVE = readFileSync(fileURLToPath(new URL('../../golden/names.live', import.meta.url)), 'utf8');

test('test/golden/names.live: reserved words are escaped, other names kept', () => {
  for (const parallel of [false, true]) {
    for (const mode of ['function', 'program'] as const) {
      const { code } = renderJulia(NAMES_LIVE, { parallel, mode });
      assertParses(code, `names.live ${mode}${parallel ? ' parallel' : ''}`);
      assert.match(code, /^struct Type_$/m, 'record `type` collides with Base.Type');
      assert.match(code, /^function function_\(var_::Vector\{Type_\}, range::Int64\)::Vector\{Int64\}$/m);
      assert.match(code, /^    string_ = len \+ 1$/m, 'a local `string` would hide Base.string');
      assert.match(code, /^ {4}fn::Int64$/m, 'fields that are not Julia keywords keep their names');
    }
  }
  const program = renderJulia(NAMES_LIVE, { mode: 'program' }).code;
  assert.match(program, /from_json\(Int64, v\["fn"\]\)/);
});

/** Source identifiers the kernel language accepts (its own keywords and type names excluded). */
const LANGUAGE_WORDS = new Set(['param', 'record', 'kernel', 'let', 'if', 'else', 'true', 'false', 'i64', 'f64', 'bool', 'str', 'desc', 'asc']);
const STRESS = [...RESERVED].filter((w) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(w) && !LANGUAGE_WORDS.has(w)).sort();

test('every Julia-reserved word can be a record, field, kernel, argument, local and lambda name', () => {
  assert.ok(STRESS.length > 100);
  for (const w of STRESS) {
    const source = `record ${w} { ${w}: i64, other: str }
kernel ${w}(${w}_xs: [${w}], ${w}_n: i64) -> [{ ${w}: i64, other: str }] {
  let ${w}_total = ${w}_xs.sum(${w}_r => ${w}_r.${w});
  ${w}_xs.filter(${w}_p => ${w}_p.${w} > ${w}_n).map(${w}_q => { ${w}: ${w}_q.${w} + ${w}_total, other: ${w}_q.other })
}`;
    for (const parallel of [false, true]) {
      const { code } = renderJulia(source, { parallel, mode: 'program' });
      // The fixed JSON reader is checked once elsewhere (generated.test.ts).
      assertParses(code.replace(JSON_READER, ''), `word ${w}${parallel ? ' parallel' : ''}`);
      // The JSON keys are the source's field names whatever the Julia field is called.
      assert.ok(code.includes(`v[${JSON.stringify(w)}]`), `${w}: input key`);
      assert.ok(code.includes(`print(io, "{\\"${w}\\":")`), `${w}: output key`);
      for (const decl of code.matchAll(/^(?:function|struct|const) ([A-Za-z_][A-Za-z0-9_]*)/gm)) {
        const name = decl[1]!;
        if (name === 'main') continue;
        assert.ok(!RESERVED.has(name) || isHarnessName(name), `${w}: declares reserved ${name}`);
      }
    }
  }
});

/** The harness defines the reserved helper names itself. */
function isHarnessName(name: string): boolean {
  return ['JSONNumber', 'JSONReader', 'parse_json', 'skip_whitespace', 'expect_byte', 'read_value', 'read_literal', 'read_number', 'read_hex4', 'read_string', 'read_array', 'read_object', 'from_json', 'write_json', 'chunk_ranges', 'root_cause', 'param_value'].includes(name);
}

test('casing: values snake_case, types PascalCase, all-underscore names made readable', () => {
  assert.equal(valueName('pageNo'), 'page_no');
  assert.equal(valueName('volume_by_symbol'), 'volume_by_symbol');
  assert.equal(valueName('_'), '_x');
  assert.equal(typeName('volume_by_symbol_row'), 'VolumeBySymbolRow');
  assert.equal(typeName('FRow'), 'FRow', 'already PascalCase');
  assert.equal(typeName('type'), 'Type');
});

test('scopes: an assigned name is never reused in an enclosing or nested scope; siblings may reuse', () => {
  const names = new ScopeNames(new Set(['score']));
  const root = names.root;
  assert.equal(root.claim('score'), 'score2', 'a kernel name is not a local');
  assert.equal(root.claim('end'), 'end_');
  const loop = root.child();
  assert.equal(loop.claim('total'), 'total');
  assert.equal(root.claim('total'), 'total2', 'the function scope would capture the loop body`s total');
  const sibling = root.child();
  assert.equal(sibling.claim('total'), 'total', 'sibling scopes share nothing');
  assert.equal(sibling.claim('total2'), 'total22', 'but the function scope`s names are visible');
  const mark = names.mark();
  assert.equal(root.claim('tmp'), 'tmp');
  names.rollback(mark);
  assert.equal(root.claim('tmp'), 'tmp', 'a rolled-back claim frees the name');
});
