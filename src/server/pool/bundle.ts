// The render workers run one esbuild bundle of worker.ts, built when the first pool of the
// process starts (about 100 ms). Loading the sources through tsx instead would compile every
// module in every new worker and wrap each function to keep its name (tsx's keepNames), which
// makes renders much slower (measured in docs/architecture.md "Render workers").
//
// The file is content-addressed in the system temp directory: servers of any version can share
// the directory, and a bundle is never rewritten while a worker loads it.

import { createHash } from 'node:crypto';
import { access, rename, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

let built: Promise<string> | null = null;

/** The worker bundle's file URL, built once per process. */
export function workerBundle(): Promise<string> {
  built ??= bundle(new URL('./worker.ts', import.meta.url)).catch((error: unknown) => {
    built = null; // let the next server start try again
    throw error;
  });
  return built;
}

/** Bundles the module at `entry` with everything it imports; returns the bundle's file URL. */
export async function bundle(entry: URL): Promise<string> {
  const result = await build({
    entryPoints: [fileURLToPath(entry)],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    write: false,
    sourcemap: 'inline',
    logLevel: 'silent',
    // Some dependencies are CommonJS; an ES module bundle needs a `require` to load their parts.
    banner: { js: "import { createRequire as __codeliveRequire } from 'node:module'; const require = __codeliveRequire(import.meta.url);" },
  });
  const code = result.outputFiles[0]!.contents;
  const file = join(tmpdir(), `codelive-bundle-${createHash('sha256').update(code).digest('hex').slice(0, 16)}.mjs`);
  const exists = await access(file).then(() => true, () => false);
  if (!exists) {
    const partial = `${file}.${process.pid}.tmp`;
    await writeFile(partial, code);
    await rename(partial, file);
  }
  return pathToFileURL(file).href;
}
