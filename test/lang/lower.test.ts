import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Expr, Kernel, Lambda } from '../../src/ir/ir.js';
import { analyze } from '../../src/lang/frontend.js';
import { showType } from '../../src/lang/types.js';
import { analyzeOk, bodyOf, kernel, show } from './helpers.js';

/** Every name a kernel binds (lets, lambda and slot parameters), in tree order. */
function boundNames(k: Kernel): string[] {
  const names: string[] = [];
  const lambda = (f: Lambda): void => {
    names.push(...f.params.map((p) => p.name));
    walk(f.body);
  };
  const walk = (e: Expr): void => {
    switch (e.k) {
      case 'let':
        names.push(e.name);
        walk(e.value);
        walk(e.body);
        return;
      case 'group':
        walk(e.source);
        lambda(e.key);
        for (const s of e.slots) if (s.fn) lambda(s.fn);
        walk(e.result);
        return;
      default:
        for (const v of Object.values(e)) {
          if (v && typeof v === 'object' && 'k' in v) walk(v as Expr);
          else if (v && typeof v === 'object' && 'params' in v && 'body' in v) lambda(v as Lambda);
          else if (Array.isArray(v)) for (const x of v) if (x && typeof x === 'object' && 'k' in x) walk(x as Expr);
        }
    }
  };
  walk(k.body);
  return names;
}

describe('lowering: names', () => {
  test('locals get kernel-unique names distinct from args and params', () => {
    const p = analyzeOk(
      'param x: f64 = 1.0\n' +
        kernel(
          'xs: [f64]',
          'f64',
          '{ let xs = xs.map(x => x * x); let x_2 = 1.0; let y = xs.map(x => { let x = x + x_2; x }).sum(); let y = y + x; y }',
        ),
    );
    const k = p.kernels[0] as Kernel;
    const names = boundNames(k);
    assert.deepEqual(names, ['xs_2', 'x_2', 'x_2_2', 'y', 'x_3', 'x_4', 'y_2']);
    assert.equal(new Set(names).size, names.length);
    assert.equal(
      show(k.body),
      'let xs_2: [f64] = xs.map((x_2: f64) => (x_2 * x_2)); let x_2_2: f64 = 1.0; ' +
        'let y: f64 = xs_2.map((x_3: f64) => let x_4: f64 = (x_3 + x_2_2); x_4).sum(); let y_2: f64 = (y + x); y_2',
    );
  });

  test('variables carry their scope', () => {
    const p = analyzeOk('param g: f64 = 1.0\n' + kernel('a: f64', 'f64', '{ let b = a; b * g }'));
    const scopes: string[] = [];
    const walk = (e: Expr): void => {
      if (e.k === 'var') scopes.push(`${e.name}:${e.scope}`);
      if (e.k === 'let') [e.value, e.body].forEach(walk);
      if (e.k === 'binary') [e.left, e.right].forEach(walk);
    };
    walk(bodyOf(p));
    assert.deepEqual(scopes, ['a:arg', 'b:local', 'g:param']);
  });

  test('kernels list the params they read, in declaration order', () => {
    const p = analyzeOk(
      'param a: i64 = 1\nparam b: f64 = 2.0\nparam c: bool = true\n' +
        'kernel one(x: i64) -> i64 { if c { x + a } else { a } }\n' +
        'kernel two(x: i64) -> i64 { { let a = 5; x + a } }',
    );
    assert.deepEqual(p.kernels.map((k) => k.params.map((q) => q.name)), [['a', 'c'], []]);
    assert.deepEqual(p.params.map((q) => [q.name, typeof q.default]), [['a', 'bigint'], ['b', 'number'], ['c', 'boolean']]);
  });
});

describe('lowering: records', () => {
  test('anonymous records are named after their kernel, structurally equal ones shared', () => {
    const p = analyzeOk(
      'record ScoreRow { z: i64 }\n' +
        'kernel score(xs: [f64]) -> [{ a: f64 }] { xs.map(x => { a: x }) }\n' +
        'kernel score_two(xs: [f64]) -> [{ b: f64, c: { a: f64 } }] { xs.map(x => { b: x, c: { a: x } }) }\n' +
        'kernel other(xs: [f64]) -> [{ a: f64 }] { xs.map(x => { a: x }) }',
    );
    assert.deepEqual(
      p.records.map((r) => `${r.name}${r.declared ? '*' : ''} {${r.fields.map((f) => `${f.name}: ${showType(f.type)}`).join(', ')}}`),
      ['ScoreRow* {z: i64}', 'ScoreRow2 {a: f64}', 'ScoreTwoRow {b: f64, c: ScoreRow2}'],
    );
    assert.deepEqual(p.kernels.map((k) => showType(k.ret)), ['[ScoreRow2]', '[ScoreTwoRow]', '[ScoreRow2]']);
  });

  test('a second distinct anonymous record in one kernel gets Row2, inner records come first', () => {
    const src = 'kernel volume(xs: [i64]) -> [{ outer: { inner: i64 } }] { xs.map(x => { outer: { inner: x } }) }\n';
    assert.deepEqual(analyzeOk(src).records.map((r) => r.name), ['VolumeRow2', 'VolumeRow']);
    // Declared records are named first: their anonymous field types are named after them.
    const withRecord = analyzeOk(src + 'record Uses { v: { inner: i64 } }');
    assert.deepEqual(withRecord.records.map((r) => r.name), ['UsesRow', 'Uses', 'VolumeRow']);
  });

  test('record literals and field accesses carry the named types', () => {
    const p = analyzeOk(kernel('xs: [f64]', 'f64', 'xs.map(x => { v: x, w: 2.0 }).map(r => r.v + r.w).sum()'));
    assert.equal(show(bodyOf(p)), 'xs.map((x: f64) => KRow { v: x, w: 2.0 }).map((r: KRow) => (r.v + r.w)).sum()');
  });
});

describe('lowering: reductions and groups', () => {
  test('reductions with a function keep it as fn', () => {
    const p = analyzeOk(kernel('xs: [f64]', 'i64', 'xs.count(x => x > 0.0) + i64(xs.sum(x => x * x)) + xs.count()'));
    assert.equal(show(bodyOf(p)), '((xs.count((x: f64) => (x > 0.0)) + i64(xs.sum((x_2: f64) => (x_2 * x_2)))) + xs.count())');
  });

  test('group aggregates become deduplicated slots', () => {
    const p = analyzeOk(
      'record T { s: str, p: f64, q: i64 }\n' +
        kernel(
          'ts: [T]',
          '[{ k: str, a: f64, b: f64, n: i64, m: i64, lo: f64 }]',
          'ts.group_by(t => t.s).agg(g => { k: g.key, a: g.sum(t => t.p), b: g.sum(u => u.p) / f64(g.count()), n: g.count(), m: g.count() + i64(g.sum(t => t.p * 2.0)), lo: g.min(t => t.p) })',
        ),
    );
    assert.equal(
      show(bodyOf(p)),
      'ts.group((t: T) => t.s; [key, sum((t_2: T) => t_2.p), count, sum((t_3: T) => (t_3.p * 2.0)), min((t_4: T) => t_4.p)] => ' +
        'KRow { k: $0, a: $1, b: ($1 / f64($2)), n: $2, m: ($2 + i64($3)), lo: $4 })',
    );
  });

  test('slots that differ in a free variable or a literal sign are kept apart', () => {
    const p = analyzeOk(
      kernel(
        'ts: [f64], a: f64, b: f64',
        '[f64]',
        'ts.group_by(t => i64(t)).agg(g => g.sum(t => t * a) + g.sum(t => t * b) + g.sum(t => t * 0.0) + g.sum(t => t * -0.0))',
      ),
    );
    const group = bodyOf(p);
    assert.equal(group.k === 'group' && group.slots.length, 4);
  });

  test('sort_by direction and plain sort', () => {
    const p = analyzeOk(kernel('xs: [f64]', '[f64]', 'xs.sort_by(x => x, desc).sort()'));
    assert.equal(show(bodyOf(p)), 'xs.sort((x: f64) => x, desc).sort()');
  });
});

describe('lowering: determinism', () => {
  test('the same source gives the same IR', () => {
    const src = 'record T { s: str, q: i64 }\n' + kernel('ts: [T]', '[{ s: str, n: i64 }]', 'ts.group_by(t => t.s).agg(g => { s: g.key, n: g.sum(t => t.q) })');
    const a = analyze(src).program;
    const b = analyze(src).program;
    assert.deepEqual(a, b);
  });
});
