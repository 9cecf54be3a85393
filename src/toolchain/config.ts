// Where the toolchain layer keeps its caches and how long it lets processes run. Every tunable
// comes from the environment with a documented default (docs/toolchains.md).

import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Prebuilt rayon, Go's build cache and GOPATH live here; `.cache/` is gitignored. */
export function cacheDir(): string {
  return process.env.CODELIVE_CACHE ?? join(REPO_ROOT, '.cache', 'toolchains');
}

export interface TimeLimits {
  /** One compiler invocation: a batch of hundreds of programs must fit. */
  readonly buildMs: number;
  /** One run of one compiled program. */
  readonly runMs: number;
}

export function timeLimits(): TimeLimits {
  return {
    buildMs: positiveIntegerFromEnv('CODELIVE_BUILD_TIMEOUT_MS', 300_000),
    runMs: positiveIntegerFromEnv('CODELIVE_RUN_TIMEOUT_MS', 10_000),
  };
}

function positiveIntegerFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) {
    throw new Error(`${name} must be a positive integer number of milliseconds, got '${raw}'`);
  }
  return value;
}
