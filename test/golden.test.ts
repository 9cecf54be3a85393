// Golden snapshots: each test/golden/FEATURE.live rendered to every target, sequential and
// parallel, pinned in test/golden/snapshots/FEATURE.snap (sections `----- SOURCE`,
// `----- RUST`, `----- RUST PARALLEL`, ...). A change to emitted code shows up as a diff here.
// Set CODELIVE_UPDATE_GOLDEN=1 to rewrite the snapshots after reviewing the change.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { compile } from '../src/compile.js';
import { formatDiagnostic } from '../src/diagnostics.js';
import { TARGET_NAMES } from '../src/targets/registry.js';

const DIR = fileURLToPath(new URL('./golden/', import.meta.url));
const SNAPSHOTS = join(DIR, 'snapshots');
const UPDATE = process.env.CODELIVE_UPDATE_GOLDEN === '1';

function renderAll(source: string): string {
  const sections = [`----- SOURCE\n${source.trimEnd()}\n`];
  for (const target of TARGET_NAMES) {
    for (const parallel of [false, true]) {
      const result = compile(source, { target, parallel });
      assert.deepEqual(result.diagnostics.map((d) => formatDiagnostic(d)), []);
      const render = result.renders[0]!;
      const reasons = render.reasons.map((r) => `# degraded: ${r.code}${r.kernel ? ` (${r.kernel})` : ''}\n`).join('');
      const body = render.diagnostics.length > 0 ? render.diagnostics.map((d) => formatDiagnostic(d)).join('\n') : render.code.trimEnd();
      sections.push(`----- ${target.toUpperCase()}${parallel ? ' PARALLEL' : ''}\n${reasons}${body}\n`);
    }
  }
  return sections.join('\n');
}

for (const file of readdirSync(DIR).filter((f) => f.endsWith('.live')).sort()) {
  const name = file.slice(0, -'.live'.length);
  test(`golden: ${name}`, () => {
    const actual = renderAll(readFileSync(join(DIR, file), 'utf8'));
    const snapshot = join(SNAPSHOTS, `${name}.snap`);
    if (UPDATE || (!existsSync(snapshot) && process.env.CI !== 'true')) {
      mkdirSync(SNAPSHOTS, { recursive: true });
      writeFileSync(snapshot, actual);
      return;
    }
    assert.ok(existsSync(snapshot), `missing snapshot ${snapshot}: run with CODELIVE_UPDATE_GOLDEN=1`);
    assert.equal(actual, readFileSync(snapshot, 'utf8'), `${name}: emitted code changed; review and rerun with CODELIVE_UPDATE_GOLDEN=1`);
  });
}
