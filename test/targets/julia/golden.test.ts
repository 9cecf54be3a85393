// Golden renders of Julia features: test/targets/julia/golden/FEATURE.live rendered sequential
// and parallel (and, for program.live, as a program), pinned in FEATURE.snap beside it. A change
// to the emitted code shows up as a diff; review it, then rewrite the snapshots with
// CODELIVE_UPDATE_GOLDEN=1. Every render must also parse.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { JSON_READER } from '../../../src/targets/julia/program.js';
import type { EmitResult, Flags } from '../../../src/targets/target.js';
import { assertParses, renderJulia } from './support.js';

const DIR = fileURLToPath(new URL('./golden/', import.meta.url));
const UPDATE = process.env.CODELIVE_UPDATE_GOLDEN === '1';

/** Features whose snapshot also pins the program-mode harness. */
const PROGRAM_FEATURES = new Set(['program']);

/** The fixed JSON reader of program mode is the runtime prelude: left out, as a marker. */
const READER_MARKER = '# ... JSON_READER (src/targets/julia/program.ts) ...';

function section(title: string, render: EmitResult): string {
  const reasons = render.reasons.map((r) => `# degraded: ${r.code}${r.kernel ? ` (${r.kernel})` : ''}\n`).join('');
  return `----- ${title}\n${reasons}${render.code.replace(JSON_READER, READER_MARKER).trimEnd()}\n`;
}

function renderFeature(name: string, source: string): string {
  const forms: [string, Partial<Flags>][] = [
    ['JULIA', {}],
    ['JULIA PARALLEL', { parallel: true }],
  ];
  if (PROGRAM_FEATURES.has(name)) forms.push(['JULIA PROGRAM', { mode: 'program' }], ['JULIA PROGRAM PARALLEL', { mode: 'program', parallel: true }]);
  const sections = [`----- SOURCE\n${source.trimEnd()}\n`];
  for (const [title, flags] of forms) {
    const render = renderJulia(source, flags);
    assert.deepEqual(render.diagnostics, []);
    assertParses(render.code, `${name} ${title}`);
    sections.push(section(title, render));
  }
  return sections.join('\n');
}

const features = readdirSync(DIR).filter((f) => f.endsWith('.live')).sort();

test('there are golden features', () => {
  assert.ok(features.length >= 8);
});

for (const file of features) {
  const name = file.slice(0, -'.live'.length);
  test(`julia golden: ${name}`, () => {
    const actual = renderFeature(name, readFileSync(join(DIR, file), 'utf8'));
    const snapshot = join(DIR, `${name}.snap`);
    if (UPDATE || (!existsSync(snapshot) && process.env.CI !== 'true')) {
      writeFileSync(snapshot, actual);
      return;
    }
    assert.ok(existsSync(snapshot), `missing snapshot ${snapshot}: run with CODELIVE_UPDATE_GOLDEN=1`);
    assert.equal(actual, readFileSync(snapshot, 'utf8'), `${name}: emitted Julia changed; review and rerun with CODELIVE_UPDATE_GOLDEN=1`);
  });
}
