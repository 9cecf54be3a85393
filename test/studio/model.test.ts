// The studio's pure logic, in Node: param scanning and snapping, share links, macro mapping.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import lzString from 'lz-string';
import { macroValues } from '../../src/studio/macro-values.js';
import { effectiveValues, scanKernelNames, scanParams, snap } from '../../src/studio/params.js';
import { decodeState, encodeState } from '../../src/studio/share.js';
import { defaultState, type StudioState } from '../../src/studio/state.js';

describe('scanParams', () => {
  test('reads type, default, range and step of every param line', () => {
    const specs = scanParams(
      [
        '# a comment mentioning param nope: f64 = 1.0',
        'param threshold: f64 = 0.5 in 0.0..1.0          # slider',
        'param gain: f64 = 2.0 in 0.0..10.0 step 0.1',
        '  param years: i64 = 10 in 1..40',
        'param fast: bool = true',
        'param free: f64 = -3.0',
        'kernel k(xs: [f64]) -> f64 { xs.sum() }',
      ].join('\n'),
    );
    assert.deepEqual(specs, [
      { name: 'threshold', type: 'f64', default: 0.5, min: 0, max: 1, step: 0.01 },
      { name: 'gain', type: 'f64', default: 2, min: 0, max: 10, step: 0.1 },
      { name: 'years', type: 'i64', default: 10, min: 1, max: 40, step: 1 },
      { name: 'fast', type: 'bool', default: true, min: 0, max: 1, step: 1 },
      { name: 'free', type: 'f64', default: -3, min: -9, max: 0, step: 0.01 }, // no range: around the default
    ]);
  });

  test('keeps the first of duplicate declarations and survives broken lines', () => {
    const specs = scanParams('param a: f64 = 1.0\nparam a: i64 = 2\nparam b: f64 = \nparam c: i64 = 4 in 0..9 step 3');
    assert.deepEqual(
      specs.map((s) => [s.name, s.type, s.default]),
      [
        ['a', 'f64', 1],
        ['c', 'i64', 4],
      ],
    );
  });
});

test('scanKernelNames lists the declared kernels in order', () => {
  assert.deepEqual(scanKernelNames('# kernel not_me\nkernel a(xs: [f64]) -> f64 { 0.0 }\n  kernel b_2() -> i64 { 1 }\nrecord kernelish { x: i64 }'), ['a', 'b_2']);
});

describe('snap and effectiveValues', () => {
  const [gain, years] = scanParams('param gain: f64 = 2.0 in 0.0..10.0 step 0.1\nparam years: i64 = 10 in 1..40 step 5');

  test('snaps onto the step grid without binary fractions leaking out', () => {
    assert.equal(snap(gain!, 0.1 + 0.2), 0.3);
    assert.equal(snap(gain!, 3.449), 3.4);
    assert.equal(snap(gain!, 99), 10);
    assert.equal(snap(gain!, -1), 0);
    assert.equal(snap(years!, 13), 11); // 1 + 2 × 5
    assert.equal(snap(years!, 40), 40); // the end of the range even off the grid
  });

  test('gives one value per declared param: the studio value when valid, else the default', () => {
    const specs = scanParams('param gain: f64 = 2.0 in 0.0..10.0 step 0.1\nparam on: bool = false');
    assert.deepEqual(effectiveValues(specs, { gain: 3.33, on: true, gone: 5 }), { gain: 3.3, on: true });
    assert.deepEqual(effectiveValues(specs, { gain: true, on: 1 }), { gain: 2, on: false });
  });
});

describe('share links', () => {
  test('round-trip the whole state', () => {
    const state: StudioState = {
      source: 'param gain: f64 = 2.0 in 0.0..10.0\nkernel k(xs: [f64]) -> f64 { xs.sum() * gain } # ünïcode ✓',
      params: { gain: 7.5, on: true },
      flags: { parallel: true, params: 'baked', mode: 'program', dialect: 'duckdb' },
      macros: [{ id: 'm1', name: 'sweep', value: 0.25, bindings: [{ param: 'gain', from: 10, to: 0 }] }],
      kernel: 'k',
    };
    const hash = encodeState(state);
    assert.match(hash, /^#s=[A-Za-z0-9+\-$]+$/);
    assert.deepEqual(decodeState(hash), state);
  });

  test('ignore hashes that are not share links, and repair malformed fields with defaults', () => {
    assert.equal(decodeState(''), null);
    assert.equal(decodeState('#section-2'), null);
    assert.equal(decodeState('#s=garbage!!'), null);
    const hostile = '#s=' + lzString.compressToEncodedURIComponent(JSON.stringify({ source: 'x', params: { a: 'NaN', b: 2 }, flags: { params: 'weird', parallel: 'yes' }, macros: [{ id: 1 }] }));
    assert.deepEqual(decodeState(hostile), { ...defaultState(), source: 'x', params: { b: 2 } });
  });
});

describe('macroValues', () => {
  test('maps the knob onto each bound param over its own range, snapped', () => {
    const specs = scanParams('param threshold: f64 = 0.5 in 0.0..1.0 step 0.05\nparam gain: f64 = 2.0 in 0.0..10.0 step 0.5\nparam on: bool = false');
    const macro = {
      id: 'm',
      name: 'm',
      value: 0.3,
      bindings: [
        { param: 'threshold', from: 0.2, to: 0.8 },
        { param: 'gain', from: 10, to: 0 },
        { param: 'on', from: 0, to: 1 },
        { param: 'removed', from: 0, to: 1 },
      ],
    };
    assert.deepEqual(macroValues(macro, specs), { threshold: 0.4, gain: 7, on: false });
    assert.deepEqual(macroValues({ ...macro, value: 1 }, specs), { threshold: 0.8, gain: 0, on: true });
  });
});
