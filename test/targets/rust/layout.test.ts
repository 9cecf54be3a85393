// The rustfmt port on hand-built syntax: each expected text is what `rustfmt --edition 2021`
// prints for that code (checked against rustfmt when the expectations were written; the
// toolchain test holds every emitted file to rustfmt itself).

import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  binary,
  block,
  call,
  cast,
  closure,
  field,
  ifElse,
  letStmt,
  lit,
  method,
  path,
  structLit,
  type RExpr,
  type RItem,
  type RStmt,
} from '../../../src/targets/rust/ast.js';
import { layoutFile } from '../../../src/targets/rust/layout/items.js';

const p = path;
const XS = [
  { pat: 'xs', ty: '&[f64]' },
  { pat: 'threshold', ty: 'f64' },
  { pat: 'gain', ty: 'f64' },
];

function fn(params: { pat: string; ty: string }[], ret: string, stmts: RStmt[], tail: RExpr): string {
  const item: RItem = { k: 'fn', doc: [], attrs: [], pub: true, name: 'f', params, ret, body: block(stmts, tail) };
  return layoutFile([item]);
}

/** `x * gain + threshold * gain * gain + threshold * threshold`: 60 columns. */
const LONG = binary(
  '+',
  binary('+', binary('*', p('x'), p('gain')), binary('*', binary('*', p('threshold'), p('gain')), p('gain'))),
  binary('*', p('threshold'), p('threshold')),
);

test('a chain within chain_width stays on one line; a short root keeps its first call', () => {
  const chain = method(method(method(p('xs'), 'iter'), 'map', [closure(['&x'], binary('+', binary('*', p('x'), p('gain')), p('threshold')))]), 'sum');
  assert.equal(fn(XS, 'f64', [], chain), 'pub fn f(xs: &[f64], threshold: f64, gain: f64) -> f64 {\n    xs.iter().map(|&x| x * gain + threshold).sum()\n}\n');
});

test('a chain wider than chain_width puts each call on its own line', () => {
  const chain = method(method(method(p('xs'), 'iter'), 'map', [closure(['&x'], LONG)]), 'collect');
  assert.equal(
    fn(XS, 'Vec<f64>', [], chain),
    [
      'pub fn f(xs: &[f64], threshold: f64, gain: f64) -> Vec<f64> {',
      '    xs.iter()',
      '        .map(|&x| x * gain + threshold * gain * gain + threshold * threshold)',
      '        .collect()',
      '}',
      '',
    ].join('\n'),
  );
});

test('a last call whose closure needs a block overflows onto the chain line', () => {
  const body = block([letStmt('y', binary('*', p('x'), p('gain')))], binary('+', p('acc'), binary('*', p('y'), p('threshold'))));
  const chain = method(method(p('xs'), 'iter'), 'fold', [lit('0.0'), closure(['acc', '&x'], body)]);
  assert.equal(
    fn(XS, 'f64', [], chain),
    [
      'pub fn f(xs: &[f64], threshold: f64, gain: f64) -> f64 {',
      '    xs.iter().fold(0.0, |acc, &x| {',
      '        let y = x * gain;',
      '        acc + y * threshold',
      '    })',
      '}',
      '',
    ].join('\n'),
  );
});

test('a let whose chain breaks keeps the root on the let line', () => {
  const chain = method(method(method(p('xs'), 'iter'), 'map', [closure(['&x'], LONG)]), 'sum::<f64>');
  assert.equal(
    fn(XS, 'f64', [letStmt('total_of_everything', chain)], p('total_of_everything')),
    [
      'pub fn f(xs: &[f64], threshold: f64, gain: f64) -> f64 {',
      '    let total_of_everything = xs',
      '        .iter()',
      '        .map(|&x| x * gain + threshold * gain * gain + threshold * threshold)',
      '        .sum::<f64>();',
      '    total_of_everything',
      '}',
      '',
    ].join('\n'),
  );
});

test('struct literals wider than struct_lit_width go vertical, also as a closure body', () => {
  const row = structLit('Row', [
    { name: 'symbol', value: method(field(p('t'), 'symbol'), 'clone') },
    { name: 'volume', value: binary('*', field(p('t'), 'price'), cast(field(p('t'), 'qty'), 'f64')) },
    { name: 'n', value: p('n') },
  ]);
  const chain = method(method(method(p('trades'), 'iter'), 'map', [closure(['t'], row)]), 'collect');
  assert.equal(
    fn([{ pat: 'trades', ty: '&[Trade]' }, { pat: 'n', ty: 'i64' }], 'Vec<Row>', [], chain),
    [
      'pub fn f(trades: &[Trade], n: i64) -> Vec<Row> {',
      '    trades',
      '        .iter()',
      '        .map(|t| Row {',
      '            symbol: t.symbol.clone(),',
      '            volume: t.price * t.qty as f64,',
      '            n,',
      '        })',
      '        .collect()',
      '}',
      '',
    ].join('\n'),
  );
});

test('an if-else is one line as a short let value, never as a tail statement', () => {
  const choose = (then: RExpr): RExpr => ifElse(binary('>', p('x'), p('t')), block([], then), block([], p('x')));
  assert.equal(
    fn([{ pat: 'x', ty: 'f64' }, { pat: 't', ty: 'f64' }], 'f64', [letStmt('y', choose(binary('*', p('x'), lit('2.0'))))], choose(p('y'))),
    ['pub fn f(x: f64, t: f64) -> f64 {', '    let y = if x > t { x * 2.0 } else { x };', '    if x > t {', '        y', '    } else {', '        x', '    }', '}', ''].join('\n'),
  );
});

test('long operator chains break before the operator, one operand per line', () => {
  const [a, b, c] = [p('aaaaaaaaaaaaaaaaaa'), p('bbbbbbbbbbbbbbbbbbbbbbb'), p('ccccccccccccccccccccccccc')];
  const sum = binary('+', binary('+', binary('+', binary('*', a, b), binary('*', c, a)), b), c);
  const params = [a, b, c].map((x) => ({ pat: (x as { text: string }).text, ty: 'f64' }));
  assert.equal(
    fn(params, 'f64', [letStmt('v', sum)], p('v')),
    [
      'pub fn f(',
      '    aaaaaaaaaaaaaaaaaa: f64,',
      '    bbbbbbbbbbbbbbbbbbbbbbb: f64,',
      '    ccccccccccccccccccccccccc: f64,',
      ') -> f64 {',
      '    let v = aaaaaaaaaaaaaaaaaa * bbbbbbbbbbbbbbbbbbbbbbb',
      '        + ccccccccccccccccccccccccc * aaaaaaaaaaaaaaaaaa',
      '        + bbbbbbbbbbbbbbbbbbbbbbb',
      '        + ccccccccccccccccccccccccc;',
      '    v',
      '}',
      '',
    ].join('\n'),
  );
});

test('a chain argument that would need two lines breaks the call instead', () => {
  const inner = ifElse(binary('>', p('x'), lit('0.0')), block([], p('x')), block([], binary('-', lit('0.0'), p('x'))));
  const arg = method(method(p('select'), 'par_iter'), 'map', [closure(['&x'], inner)]);
  assert.equal(
    fn([{ pat: 'select', ty: '&[f64]' }], 'f64', [], call('par_max_f64', [arg])),
    [
      'pub fn f(select: &[f64]) -> f64 {',
      '    par_max_f64(',
      '        select',
      '            .par_iter()',
      '            .map(|&x| if x > 0.0 { x } else { 0.0 - x }),',
      '    )',
      '}',
      '',
    ].join('\n'),
  );
});

test('uses stay together and items are separated by one blank line', () => {
  const items: RItem[] = [
    { k: 'use', path: 'std::cmp::Ordering' },
    { k: 'use', path: 'std::collections::BTreeMap' },
    { k: 'struct', attrs: ['#[derive(Debug)]'], name: 'A', fields: [{ name: 'x', ty: 'i64' }] },
  ];
  assert.equal(layoutFile(items), 'use std::cmp::Ordering;\nuse std::collections::BTreeMap;\n\n#[derive(Debug)]\npub struct A {\n    pub x: i64,\n}\n');
});
