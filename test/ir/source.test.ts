// The interpreter and passes driven by source text through the real front end: the examples of
// the product brief and the rules of docs/language.md as a user writes them, in program mode
// (JSON in, canonical JSON out). Every case also runs folded and baked, which must agree.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { bakeParams } from '../../src/ir/bake.js';
import { foldConstants } from '../../src/ir/fold.js';
import { interpret, RuntimeError } from '../../src/ir/interp.js';
import type { Program } from '../../src/ir/ir.js';
import { printProgram } from '../../src/ir/print.js';
import { parseInput, valueToJson } from '../../src/ir/values.js';
import { formatDiagnostic } from '../../src/diagnostics.js';
import { analyze } from '../../src/lang/frontend.js';
import { BRIEF_EXAMPLE } from '../support/brief.js';

function compile(source: string): Program {
  const r = analyze(source);
  assert.deepEqual(r.diagnostics.map((d) => formatDiagnostic(d)), []);
  assert.ok(r.program);
  return r.program;
}

/** Program mode: the canonical output line, or `error CLRxxx`. */
function runProgram(program: Program, kernel: string, input: string): string {
  const { args, params } = parseInput(input, kernel, program);
  try {
    return valueToJson(interpret(program, kernel, args, params), program.kernels.find((k) => k.name === kernel)!.ret);
  } catch (err) {
    if (err instanceof RuntimeError) return `error ${err.code}`;
    throw err;
  }
}

/**
 * Runs `kernel` plain, folded and baked with the input's params, and checks all three agree (a
 * baked kernel reads no params, so the input's `params` no longer matter to it).
 */
function run(program: Program, kernel: string, input: string): string {
  const plain = runProgram(program, kernel, input);
  assert.equal(runProgram(foldConstants(program), kernel, input), plain, 'folded');
  const baked = bakeParams(program, parseInput(input, kernel, program).params);
  assert.equal(runProgram(baked, kernel, input), plain, 'baked');
  return plain;
}


describe('the product brief example', () => {
  const program = compile(BRIEF_EXAMPLE);

  test('score', () => {
    assert.equal(run(program, 'score', '{"args": {"xs": [0.25, 0.75, 1.5]}}'), '4.5');
    assert.equal(run(program, 'score', '{"args": {"xs": [0.25, 0.75, 1.5]}, "params": {"threshold": 0.1, "gain": 1}}'), '2.5');
    assert.equal(run(program, 'score', '{"args": {"xs": []}}'), '0');
  });

  test('volume_by_symbol', () => {
    const trades = `[
      {"symbol": "b", "price": 2.0, "qty": 3},
      {"symbol": "a", "price": 10.0, "qty": 1},
      {"symbol": "b", "price": 1.0, "qty": 4},
      {"symbol": "c", "price": 5.0, "qty": 0},
      {"symbol": "d", "price": 5.0, "qty": 2}
    ]`;
    assert.equal(
      run(program, 'volume_by_symbol', `{"args": {"trades": ${trades}}}`),
      '[{"symbol":"a","volume":10,"n":1},{"symbol":"b","volume":10,"n":2},{"symbol":"d","volume":10,"n":1}]',
    );
  });

  test('normalize, and CLR002 on an empty input', () => {
    assert.equal(run(program, 'normalize', '{"args": {"xs": [1, 2, 4]}}'), '[0.25,0.5,1]');
    assert.equal(run(program, 'normalize', '{"args": {"xs": []}}'), 'error CLR002');
  });

  test('the canonical IR ignores whitespace and comments', () => {
    const reformatted = BRIEF_EXAMPLE.replace(/#[^\n]*/g, '').replace(/\n\s*/g, '\n  ').replace(/ => /g, '=>');
    assert.equal(printProgram(compile(reformatted)), printProgram(program));
    assert.notEqual(printProgram(compile(BRIEF_EXAMPLE.replace('x * gain', 'x * gain * 1.5'))), printProgram(program));
  });
});

interface Case {
  readonly name: string;
  readonly source: string;
  readonly input?: string;
  readonly out: string;
}

/** `kernel k(<args>) -> <ret> { <body> }` cases. */
const k = (args: string, ret: string, body: string): string => `kernel k(${args}) -> ${ret} {\n  ${body}\n}\n`;

/**
 * Several results of one element type at once (the language has no array literals): the kernel
 * returns `{v0: T, v1: T, ...}` and `out` lists the expected JSON of each field.
 */
function tuple(name: string, args: string, elem: string, exprs: readonly string[], out: readonly string[], input?: string): Case {
  const fields = exprs.map((_, n) => `v${n}`);
  const ret = `{${fields.map((f) => `${f}: ${elem}`).join(', ')}}`;
  const body = `{ ${exprs.map((e, n) => `${fields[n]}: ${e}`).join(', ')} }`;
  const json = `{${out.map((o, n) => `"${fields[n]}":${o}`).join(',')}}`;
  return input === undefined ? { name, source: k(args, ret, body), out: json } : { name, source: k(args, ret, body), input, out: json };
}

const CASES: readonly Case[] = [
  { name: 'i64 + wraps', source: k('a: i64', 'i64', 'a + 1'), input: '{"args":{"a":9223372036854775807}}', out: '-9223372036854775808' },
  { name: 'i64 * wraps', source: k('a: i64', 'i64', 'a * 2'), input: '{"args":{"a":9223372036854775807}}', out: '-2' },
  { name: 'unary - of MIN', source: k('a: i64', 'i64', '-a'), input: '{"args":{"a":-9223372036854775808}}', out: '-9223372036854775808' },
  { name: 'abs of MIN', source: k('a: i64', 'i64', 'abs(a)'), input: '{"args":{"a":-9223372036854775808}}', out: '-9223372036854775808' },
  tuple('/ truncates, % takes the sign of the dividend', 'a: i64', 'i64', ['a / 2', 'a % 2', '7 % -2', '7 / -2'], ['-3', '-1', '1', '-3'], '{"args":{"a":-7}}'),
  tuple('MIN / -1 and MIN % -1', 'a: i64', 'i64', ['a / -1', 'a % -1'], ['-9223372036854775808', '0'], '{"args":{"a":-9223372036854775808}}'),
  { name: '/ by zero', source: k('a: i64', 'i64', '10 / a'), input: '{"args":{"a":0}}', out: 'error CLR001' },
  { name: '% by zero', source: k('a: i64', 'i64', '10 % a'), input: '{"args":{"a":0}}', out: 'error CLR001' },
  { name: 'literal / 0 fails at run time', source: k('', 'i64', '1 / 0'), out: 'error CLR001' },
  tuple('f64 / 0', 'a: f64', 'f64', ['1.0 / a', '-1.0 / a', 'a / a'], ['"Infinity"', '"-Infinity"', '"NaN"'], '{"args":{"a":0}}'),
  tuple('f64 % is fmod', '', 'f64', ['-7.5 % 2.0', '7.5 % -2.0'], ['-1.5', '1.5']),
  tuple('round half away from zero', '', 'f64', ['round(2.5)', 'round(-2.5)', 'round(0.5)', 'round(-0.4)'], ['3', '-3', '1', '-0']),
  tuple('libm functions', '', 'f64', ['floor(-1.5)', 'ceil(-1.5)', 'sqrt(16.0)', 'exp(0.0)', 'ln(1.0)', 'pow(2.0, 10.0)'], ['-2', '-1', '4', '1', '0', '1024']),
  tuple('min/max definition with NaN', 'a: f64', 'f64', ['min(a, 1.0)', 'min(1.0, a)', 'max(a, 1.0)', 'max(1.0, a)'], ['"NaN"', '1', '"NaN"', '1'], '{"args":{"a":"NaN"}}'),
  tuple('NaN comparisons', 'a: f64', 'bool', ['a == a', 'a != a', 'a < 1.0', 'a >= 1.0'], ['false', 'true', 'false', 'false'], '{"args":{"a":"NaN"}}'),
  { name: 'f64(i) ties to even', source: k('a: i64', 'f64', 'f64(a)'), input: '{"args":{"a":9007199254740993}}', out: '9007199254740992' },
  tuple('i64(x) saturates', 'a: f64', 'i64', ['i64(a)', 'i64(-a)', 'i64(a - a)', 'i64(2.9)', 'i64(-2.9)'], ['9223372036854775807', '-9223372036854775808', '0', '2', '-2'], '{"args":{"a":1e300}}'),
  { name: 'i64(NaN)', source: k('a: f64', 'i64', 'i64(a / a)'), input: '{"args":{"a":0}}', out: '0' },
  { name: '&& short-circuits', source: k('a: i64', 'bool', 'a != 0 && 10 / a > 1'), input: '{"args":{"a":0}}', out: 'false' },
  { name: '|| short-circuits', source: k('a: i64', 'bool', 'a == 0 || 10 / a > 1'), input: '{"args":{"a":0}}', out: 'true' },
  { name: 'if evaluates the taken branch', source: k('a: i64', 'i64', 'if a == 0 { 0 } else { 10 / a }'), input: '{"args":{"a":0}}', out: '0' },
  tuple('strings by code point', 'a: str, b: str', 'bool', ['a < b', 'a > b', 'a == b'], ['true', 'false', 'false'], '{"args":{"a":"\\uffff","b":"\\ud800\\udc00"}}'),
  tuple('bool order', '', 'bool', ['false < true', 'true < false'], ['true', 'false']),
  { name: 'index', source: k('xs: [i64], i: i64', 'i64', 'xs[i]'), input: '{"args":{"xs":[4,5],"i":1}}', out: '5' },
  { name: 'index out of bounds', source: k('xs: [i64], i: i64', 'i64', 'xs[i]'), input: '{"args":{"xs":[4,5],"i":2}}', out: 'error CLR003' },
  { name: 'negative index', source: k('xs: [i64], i: i64', 'i64', 'xs[i]'), input: '{"args":{"xs":[4,5],"i":-1}}', out: 'error CLR003' },
  { name: 'range half-open', source: k('', '[i64]', 'range(-1, 3)'), out: '[-1,0,1,2]' },
  { name: 'empty range', source: k('', '[i64]', 'range(3, -1)'), out: '[]' },
  tuple('take/skip clamp', 'xs: [i64]', '[i64]', ['xs.take(9)', 'xs.take(-1)', 'xs.skip(2)', 'xs.skip(-3)', 'xs.skip(9)'], ['[1,2,3]', '[]', '[3]', '[1,2,3]', '[]'], '{"args":{"xs":[1,2,3]}}'),
  { name: 'map_indexed', source: k('xs: [str]', '[i64]', 'xs.map_indexed((i, x) => i)'), input: '{"args":{"xs":["a","b"]}}', out: '[0,1]' },
  { name: 'zip shorter', source: k('xs: [i64], ys: [i64]', '[i64]', 'xs.zip(ys, (x, y) => x * y)'), input: '{"args":{"xs":[1,2,3],"ys":[4,5]}}', out: '[4,10]' },
  { name: 'scan', source: k('xs: [i64]', '[i64]', 'xs.scan(0, (acc, x) => acc + x)'), input: '{"args":{"xs":[1,2,3]}}', out: '[1,3,6]' },
  { name: 'reduce left fold', source: k('xs: [i64]', 'i64', 'xs.reduce(0, (acc, x) => acc * 10 + x)'), input: '{"args":{"xs":[1,2,3]}}', out: '123' },
  tuple('empty reductions', 'xs: [f64]', 'f64', ['xs.sum()', 'xs.prod()', 'f64(xs.count())'], ['0', '1', '0'], '{"args":{"xs":[]}}'),
  tuple('empty any/all', 'xs: [f64]', 'bool', ['xs.any(x => x > 0.0)', 'xs.all(x => x > 0.0)'], ['false', 'true'], '{"args":{"xs":[]}}'),
  tuple('count(p) and len', 'xs: [i64]', 'i64', ['xs.count()', 'xs.count(x => x > 1)', 'xs.len()'], ['3', '2', '3'], '{"args":{"xs":[1,2,3]}}'),
  { name: 'min of empty', source: k('xs: [i64]', 'i64', 'xs.min()'), input: '{"args":{"xs":[]}}', out: 'error CLR002' },
  { name: 'max of empty', source: k('xs: [i64]', 'i64', 'xs.max()'), input: '{"args":{"xs":[]}}', out: 'error CLR002' },
  { name: 'mean of empty', source: k('xs: [f64]', 'f64', 'xs.mean()'), input: '{"args":{"xs":[]}}', out: 'error CLR002' },
  { name: 'mean of [i64] in f64', source: k('xs: [i64]', 'f64', 'xs.mean()'), input: '{"args":{"xs":[9223372036854775807,9223372036854775807]}}', out: '9223372036854776000' },
  { name: 'sum(f)', source: k('xs: [i64]', 'f64', 'xs.sum(x => f64(x) / 2.0)'), input: '{"args":{"xs":[1,2]}}', out: '1.5' },
  { name: 'f64 sum in order', source: k('xs: [f64]', 'f64', 'xs.sum()'), input: '{"args":{"xs":[1e16,1,-1e16]}}', out: '0' },
  { name: 'sort f64 keys', source: k('xs: [f64]', '[f64]', 'xs.sort()'), input: '{"args":{"xs":["NaN",1,-0,0,"-Infinity"]}}', out: '["-Infinity",-0,0,1,"NaN"]' },
  { name: 'sort_by stable desc', source: k('xs: [i64]', '[i64]', 'xs.sort_by(x => x / 10, desc)'), input: '{"args":{"xs":[11,25,12,21,3]}}', out: '[25,21,11,12,3]' },
  { name: 'sort strings by code point', source: k('xs: [str]', '[str]', 'xs.sort()'), input: '{"args":{"xs":["\\ud800\\udc00","\\uffff","a"]}}', out: '["a","\uffff","\u{10000}"]' },
  { name: 'group sorted by key', source: k('xs: [i64]', '[{k: i64, n: i64, s: i64}]', 'xs.group_by(x => x % 3).agg(g => { k: g.key, n: g.count(), s: g.sum(x => x) })'), input: '{"args":{"xs":[5,-4,3,-1,7]}}', out: '[{"k":-1,"n":2,"s":-5},{"k":0,"n":1,"s":3},{"k":1,"n":1,"s":7},{"k":2,"n":1,"s":5}]' },
  { name: 'step budget', source: k('', 'i64', 'range(0, 1000000000).sum()'), out: 'error CLR004' },
];

describe('docs/language.md rules through the front end', () => {
  for (const c of CASES) {
    test(c.name, () => {
      const program = compile(c.source);
      assert.equal(run(program, 'k', c.input ?? '{"args":{}}'), c.out);
    });
  }
});
