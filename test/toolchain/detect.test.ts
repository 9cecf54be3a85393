import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';
import { buildBatch, buildAndRun, detectToolchains, ToolchainMissing } from '../../src/toolchain/index.js';
import { requireToolchain } from '../../src/toolchain/require-toolchain.js';

test('every toolchain found comes with paths and a version', async (t) => {
  for (const tool of ['rust', 'rayon', 'go', 'typescript'] as const) {
    if (!(await requireToolchain(t, tool))) return;
  }
  const found = await detectToolchains();
  assert.match(found.rust?.version ?? '', /^rustc \d+\.\d+/);
  assert.match(found.rayon?.rlib ?? '', /librayon-\w+\.rlib$/);
  assert.match(found.go?.version ?? '', /^go1\.(2[3-9]|[3-9]\d)/);
  assert.equal(found.go?.env.GOPROXY, 'off');
  assert.match(found.typescript?.tscVersion ?? '', /\d+\.\d+/);
  assert.deepEqual(found.reasonsMissing, {});
});

/** Runs `body` with environment variables replaced and detection redone, then restores both. */
async function withEnvironment(changes: Record<string, string | undefined>, body: () => Promise<void>): Promise<void> {
  const saved = Object.fromEntries(Object.keys(changes).map((name) => [name, process.env[name]]));
  const assign = (values: Record<string, string | undefined>): void => {
    for (const [name, value] of Object.entries(values)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  };
  assign(changes);
  try {
    await detectToolchains({ refresh: true });
    await body();
  } finally {
    assign(saved);
    await detectToolchains({ refresh: true });
  }
}

test('missing toolchains are reported with the reason, and builds say where to look', async () => {
  const emptyHome = await mkdtemp(join(tmpdir(), 'codelive-home-'));
  try {
    await withEnvironment(
      { PATH: '/nonexistent', HOME: emptyHome, CARGO_HOME: undefined, CODELIVE_GO: '/nonexistent/go', CODELIVE_CACHE: emptyHome },
      async () => {
        const found = await detectToolchains();
        assert.equal(found.rust, null);
        assert.equal(found.rayon, null);
        assert.equal(found.go, null);
        assert.match(found.reasonsMissing.rust ?? '', /rustc is neither on PATH nor in .*\.cargo\/bin/);
        assert.match(found.reasonsMissing.go ?? '', /CODELIVE_GO=\/nonexistent\/go/);
        await assert.rejects(buildBatch('go', [{ id: 'a', code: 'package main\n', parallel: false }]), (error: unknown) => {
          assert.ok(error instanceof ToolchainMissing);
          assert.equal(error.tool, 'go');
          assert.match(error.message, /docs\/toolchains\.md/);
          return true;
        });
        await assert.rejects(buildAndRun('rust', 'fn main() {}\n', '', { parallel: false }), ToolchainMissing);
      },
    );
  } finally {
    await rm(emptyHome, { recursive: true, force: true });
  }
});

test('rayon that is not prebuilt, or prebuilt by another rustc, is reported as missing', async (t) => {
  if (!(await requireToolchain(t, 'rust'))) return;
  const cache = await mkdtemp(join(tmpdir(), 'codelive-cache-'));
  try {
    await withEnvironment({ CODELIVE_CACHE: cache }, async () => {
      assert.match((await detectToolchains()).reasonsMissing.rayon ?? '', /rayon is not prebuilt/);
      await assert.rejects(buildAndRun('rust', 'fn main() {}\n', '', { parallel: true }), /rayon is not available/);
    });
    await mkdir(join(cache, 'rayon'));
    const manifest = { rustc: 'rustc 1.0.0 (a8b8c8d8e 2015-05-15)', rlib: join(cache, 'librayon-x.rlib'), deps: cache };
    await writeFile(join(cache, 'rayon', 'manifest.json'), JSON.stringify(manifest));
    await withEnvironment({ CODELIVE_CACHE: cache }, async () => {
      assert.match((await detectToolchains()).reasonsMissing.rayon ?? '', /built by rustc 1\.0\.0 .*, not rustc/);
    });
  } finally {
    await rm(cache, { recursive: true, force: true });
  }
});

test('requireToolchain skips outside CI and fails in CI when a toolchain is missing', async (t) => {
  await withEnvironment({ CODELIVE_GO: '/nonexistent/go', CI: undefined }, async () => {
    let available: boolean | undefined;
    await t.test('skipped: go is missing on purpose', async (inner) => {
      available = await requireToolchain(inner, 'go');
    });
    assert.equal(available, false);

    // A real subtest that fails would fail this file, so CI's case gets a context that only
    // records whether it was asked to skip.
    process.env.CI = 'true';
    let skipped = false;
    const recorder = { skip: () => (skipped = true), diagnostic: () => undefined } as unknown as TestContext;
    await assert.rejects(requireToolchain(recorder, 'go'), /go not found: .*CODELIVE_GO.*docs\/toolchains\.md/);
    assert.equal(skipped, false);
  });
});
