// Finds the compilers this machine has, with paths and versions, and says why one is missing.

import { access, constants, readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { cacheDir, REPO_ROOT } from './config.js';
import { ToolchainMissing, type ToolName } from './errors.js';
import { runProcess } from './process.js';
import { probeCSharp } from './csharp.js';

export interface RustToolchain {
  readonly rustc: string;
  /** `rustc --version`, e.g. 'rustc 1.95.0 (59807616e 2026-04-14)'. */
  readonly version: string;
  readonly rustfmt: string | null;
  readonly clippyDriver: string | null;
}

/** rayon prebuilt by scripts/setup-toolchains.sh for exactly this rustc. */
export interface RayonLibrary {
  readonly rlib: string;
  /** Directory of rayon's own dependencies, passed as `-L dependency=`. */
  readonly deps: string;
}

export interface GoToolchain {
  readonly go: string;
  readonly gofmt: string;
  /** e.g. 'go1.23.5'. */
  readonly version: string;
  /** Offline, cached, reproducible: no module downloads, no toolchain switching, no cgo. */
  readonly env: Readonly<Record<string, string>>;
}

export interface TypeScriptToolchain {
  readonly node: string;
  /** The JavaScript entry of `tsc`, run with `node`. */
  readonly tsc: string;
  readonly tscVersion: string;
  readonly esbuildVersion: string;
  /** Where `@types/node` is found for checking emitted programs outside the repo. */
  readonly typeRoots: string;
}

export interface Toolchains {
  readonly rust: RustToolchain | null;
  readonly rayon: RayonLibrary | null;
  readonly go: GoToolchain | null;
  readonly typescript: TypeScriptToolchain | null;
  /** One entry per missing tool (rustfmt and clippy count as tools of their own). */
  readonly reasonsMissing: Readonly<Partial<Record<ToolName, string>>>;
}

const PROBE_TIMEOUT_MS = 20_000;
const MIN_GO_MINOR = 23;
const GO_CANDIDATES = ['/usr/lib/go-1.23/bin/go', '/usr/lib/go-1.24/bin/go', '/usr/lib/go-1.25/bin/go'];

let cached: Promise<Toolchains> | undefined;

/** Probes once per process; `refresh` probes again (after an install, say). */
export function detectToolchains(options: { refresh?: boolean } = {}): Promise<Toolchains> {
  if (cached === undefined || options.refresh === true) cached = probeAll();
  return cached;
}

type Part = 'rust' | 'rayon' | 'go' | 'typescript';

/** The named toolchain, or a `ToolchainMissing` saying why it is absent. */
export async function needToolchain<K extends Part>(part: K): Promise<NonNullable<Toolchains[K]>> {
  const found = await detectToolchains();
  const value = found[part];
  if (value === null) throw new ToolchainMissing(part, found.reasonsMissing[part] ?? 'not found');
  return value as NonNullable<Toolchains[K]>;
}

/** The path of rustfmt or clippy-driver, or a `ToolchainMissing` saying why it is absent. */
export async function needRustTool(tool: 'rustfmt' | 'clippy'): Promise<{ rust: RustToolchain; path: string }> {
  const rust = await needToolchain('rust');
  const path = tool === 'rustfmt' ? rust.rustfmt : rust.clippyDriver;
  if (path === null) throw new ToolchainMissing(tool, (await detectToolchains()).reasonsMissing[tool] ?? 'not found');
  return { rust, path };
}

async function probeAll(): Promise<Toolchains> {
  const reasons: Partial<Record<ToolName, string>> = {};
  const [rust, go, typescript, csharp] = await Promise.all([probeRust(reasons), probeGo(reasons), probeTypeScript(reasons), probeCSharp()]);
  const rayon = rust === null ? null : await probeRayon(rust, reasons);
  if (rust === null) reasons.rayon = 'needs rust';
  if ('reason' in csharp) reasons.csharp = csharp.reason;
  return { rust, rayon, go, typescript, reasonsMissing: reasons };
}

async function probeRust(reasons: Partial<Record<ToolName, string>>): Promise<RustToolchain | null> {
  const cargoBin = join(process.env.CARGO_HOME ?? join(homedir(), '.cargo'), 'bin');
  const rustc = await findExecutable('rustc', [cargoBin]);
  const version = rustc === null ? null : await versionOf(rustc, ['--version']);
  if (rustc === null || version === null) {
    reasons.rust = rustc === null ? `rustc is neither on PATH nor in ${cargoBin}` : `${rustc} --version failed`;
    reasons.rustfmt = reasons.clippy = 'needs rust';
    return null;
  }
  // Prefer tools next to rustc: clippy-driver must be the same compiler build to read rlibs.
  const nearRustc = [dirname(rustc), cargoBin];
  const rustfmt = await findWorkingTool('rustfmt', nearRustc, ['--version']);
  if (rustfmt === null) reasons.rustfmt = 'rustfmt not found next to rustc or on PATH (rustup component add rustfmt)';
  const clippyDriver = await findWorkingTool('clippy-driver', nearRustc, ['--version']);
  if (clippyDriver === null) reasons.clippy = 'clippy-driver not found next to rustc or on PATH (rustup component add clippy)';
  return { rustc, version, rustfmt, clippyDriver };
}

async function probeRayon(rust: RustToolchain, reasons: Partial<Record<ToolName, string>>): Promise<RayonLibrary | null> {
  const manifestPath = join(cacheDir(), 'rayon', 'manifest.json');
  let manifest: { rustc?: unknown; rlib?: unknown; deps?: unknown };
  try {
    manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as typeof manifest;
  } catch {
    reasons.rayon = `rayon is not prebuilt (no ${manifestPath})`;
    return null;
  }
  const { rlib, deps } = manifest;
  if (manifest.rustc !== rust.version || typeof rlib !== 'string' || typeof deps !== 'string') {
    reasons.rayon = `rayon in ${manifestPath} was built by ${String(manifest.rustc)}, not ${rust.version}`;
    return null;
  }
  if (!(await isReadable(rlib))) {
    reasons.rayon = `${rlib} named by ${manifestPath} does not exist`;
    return null;
  }
  return { rlib, deps };
}

async function probeGo(reasons: Partial<Record<ToolName, string>>): Promise<GoToolchain | null> {
  const explicit = process.env.CODELIVE_GO;
  const candidates = explicit !== undefined && explicit !== '' ? [explicit] : [...GO_CANDIDATES, ...(await onPath('go'))];
  const rejected: string[] = [];
  for (const go of candidates) {
    if (!(await isExecutable(go))) continue;
    const version = await versionOf(go, ['env', 'GOVERSION']);
    const minor = /^go1\.(\d+)/.exec(version ?? '')?.[1];
    if (version === null || minor === undefined || Number(minor) < MIN_GO_MINOR) {
      rejected.push(`${go} is ${version ?? 'unusable'}`);
      continue;
    }
    return { go, gofmt: join(dirname(go), 'gofmt'), version, env: goEnvironment() };
  }
  const tried = explicit !== undefined && explicit !== '' ? `CODELIVE_GO=${explicit}` : [...GO_CANDIDATES, 'go on PATH'].join(', ');
  reasons.go = `no Go 1.${MIN_GO_MINOR}+ found (tried ${tried}${rejected.length > 0 ? `; ${rejected.join('; ')}` : ''})`;
  return null;
}

function goEnvironment(): Record<string, string> {
  const root = join(cacheDir(), 'go');
  return {
    GOCACHE: join(root, 'build-cache'),
    GOPATH: join(root, 'path'),
    GOFLAGS: '-mod=mod',
    GOPROXY: 'off',
    GOTOOLCHAIN: 'local',
    GOTELEMETRY: 'off',
    CGO_ENABLED: '0',
  };
}

async function probeTypeScript(reasons: Partial<Record<ToolName, string>>): Promise<TypeScriptToolchain | null> {
  const modules = join(REPO_ROOT, 'node_modules');
  const tsc = join(modules, 'typescript', 'bin', 'tsc');
  const typeRoots = join(modules, '@types');
  if (!(await isReadable(tsc))) {
    reasons.typescript = `${tsc} not found (run npm ci)`;
    return null;
  }
  if (!(await isReadable(join(typeRoots, 'node', 'package.json')))) {
    reasons.typescript = `@types/node not found in ${typeRoots} (run npm ci)`;
    return null;
  }
  const tscVersion = await versionOf(process.execPath, [tsc, '--version']);
  if (tscVersion === null) {
    reasons.typescript = `${tsc} --version failed`;
    return null;
  }
  let esbuildVersion: string;
  try {
    esbuildVersion = (await import('esbuild')).version;
  } catch (error) {
    reasons.typescript = `esbuild cannot be loaded (run npm ci): ${(error as Error).message}`;
    return null;
  }
  return { node: process.execPath, tsc, tscVersion, esbuildVersion, typeRoots };
}

async function versionOf(file: string, args: readonly string[]): Promise<string | null> {
  try {
    const result = await runProcess(file, args, { timeoutMs: PROBE_TIMEOUT_MS });
    return result.exitCode === 0 ? result.stdout.trim() : null;
  } catch {
    return null;
  }
}

/** The first of `name` on PATH or in `extraDirs` whose version query succeeds. */
async function findWorkingTool(name: string, preferredDirs: readonly string[], versionArgs: readonly string[]): Promise<string | null> {
  for (const candidate of [...preferredDirs.map((dir) => join(dir, name)), ...(await onPath(name))]) {
    if ((await isExecutable(candidate)) && (await versionOf(candidate, versionArgs)) !== null) return candidate;
  }
  return null;
}

async function findExecutable(name: string, extraDirs: readonly string[]): Promise<string | null> {
  const onPathHits = await onPath(name);
  if (onPathHits.length > 0) return onPathHits[0] ?? null;
  for (const dir of extraDirs) {
    if (await isExecutable(join(dir, name))) return join(dir, name);
  }
  return null;
}

async function onPath(name: string): Promise<string[]> {
  const hits: string[] = [];
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir !== '' && (await isExecutable(join(dir, name)))) hits.push(join(dir, name));
  }
  return hits;
}

function isExecutable(path: string): Promise<boolean> {
  return accessible(path, constants.X_OK);
}

function isReadable(path: string): Promise<boolean> {
  return accessible(path, constants.R_OK);
}

async function accessible(path: string, mode: number): Promise<boolean> {
  try {
    await access(path, mode);
    return true;
  } catch {
    return false;
  }
}
