// The `codelive` command as a user runs it: a real process, real files, exit statuses.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { requireToolchain } from '../src/toolchain/require-toolchain.js';

const BIN = fileURLToPath(new URL('../bin/codelive.mjs', import.meta.url));
const EXAMPLES = fileURLToPath(new URL('../examples/', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'codelive-cli-'));

function codelive(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 120_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function file(name: string, content: string | Uint8Array): string {
  const path = join(work, name);
  writeFileSync(path, content);
  return path;
}

const input = file('input.json', JSON.stringify({ args: { xs: [0.2, 0.7, 1.5] }, params: { gain: 3.0 } }));

test('render prints code and exits 0', () => {
  const r = codelive('render', join(EXAMPLES, 'score.live'), '--target', 'go');
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^package kernels/);
  assert.match(r.stdout, /func Score\(/);
});

test('render reports diagnostics with file:line:column and exits 1', () => {
  const bad = file('bad.live', 'kernel k(x: i64) -> i64 {\n  x + undefined_name\n}\n');
  const r = codelive('render', bad, '--target', 'rust');
  assert.equal(r.status, 1);
  assert.equal(r.stdout, '');
  assert.match(r.stderr, /bad\.live:2:7: error CL\d{4}: Unknown variable/);
});

test('invalid UTF-8 is a diagnostic, not a crash', () => {
  const r = codelive('render', file('bytes.live', new Uint8Array([0x6b, 0xff, 0x0a])), '--target', 'rust');
  assert.equal(r.status, 1);
  assert.match(r.stderr, /CL1007/);
});

test('usage errors exit 2 and say what is wrong', () => {
  assert.equal(codelive('render', join(EXAMPLES, 'score.live')).status, 2);
  const r = codelive('render', join(EXAMPLES, 'score.live'), '--target', 'cobol');
  assert.equal(r.status, 2);
  assert.match(r.stderr, /unknown target `cobol`/);
  assert.equal(codelive('frobnicate').status, 2);
});

test('run --target interp prints the interpreter result as one JSON line', () => {
  const r = codelive('run', join(EXAMPLES, 'score.live'), '--kernel', 'score', '--target', 'interp', '--input', input);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, '6.6\n');
});

test('run rejects a param value outside its range', () => {
  const out = file('out-of-range.json', JSON.stringify({ args: { xs: [1.0] }, params: { gain: 50.0 } }));
  const r = codelive('run', join(EXAMPLES, 'score.live'), '--kernel', 'score', '--target', 'interp', '--input', out);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /CL5003/);
});

test('run builds and runs a parallel Rust program with the local toolchain', async (t) => {
  if (!(await requireToolchain(t, 'rayon'))) return;
  const r = codelive('run', join(EXAMPLES, 'score.live'), '--kernel', 'score', '--target', 'rust', '--parallel', '--baked', '--input', input);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout.trim(), '6.6');
});

test('run reports a runtime error and exits 1', () => {
  const errors = join(EXAMPLES, 'errors.live');
  const r = codelive('run', errors, '--kernel', 'unit_cost_division_by_zero', '--target', 'interp', '--input', file('e.json', JSON.stringify({ args: { totals: [1], counts: [0] }, params: {} })));
  assert.equal(r.status, 1, r.stdout);
  assert.match(r.stderr, /CLR001/);
});

test('check runs a file on every available target and prints the agreement table', async (t) => {
  for (const tool of ['rust', 'rayon', 'go', 'typescript', 'csharp'] as const) if (!(await requireToolchain(t, tool))) return;
  const r = codelive('check', join(EXAMPLES, 'score.live'));
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /rust\s+parallel\s+2\s+0 reassociated, 0 mismatch/);
  assert.match(r.stdout, /sql\s+duckdb\s+2\s+/);
  assert.match(r.stdout, /julia\s+parse only\s+4\s+0 syntax errors/);
  assert.match(r.stdout, /2 kernels, 0 disagreements/);
});
