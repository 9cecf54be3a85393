// For tests that need a compiler: skip with the reason on a developer machine that lacks it,
// fail in CI (CI=true), where .ci/run installs every toolchain and a skip would hide a gap.

import assert from 'node:assert/strict';
import type { TestContext } from 'node:test';
import { detectToolchains } from './detect.js';
import type { ToolName } from './errors.js';

/** True when `tool` is available; otherwise skips `t` (or fails it in CI) and returns false. */
export async function requireToolchain(t: TestContext, tool: ToolName): Promise<boolean> {
  const reason = (await detectToolchains()).reasonsMissing[tool];
  if (reason === undefined) return true;
  const message = `${tool} not found: ${reason}; see docs/toolchains.md`;
  if (process.env.CI === 'true') assert.fail(`${message} (CI must have every toolchain)`);
  t.diagnostic(message);
  t.skip(message);
  return false;
}
