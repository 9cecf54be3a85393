// The example corpus: every `examples/NAME.live` with its `examples/NAME.input.json`, which holds
// one input per kernel. The differential tests run each kernel on every target and compare.

import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { basename, dirname, join } from 'node:path';

/** Where the examples live, relative to this file so tests work from any working directory. */
export const EXAMPLES_DIR = fileURLToPath(new URL('../../examples/', import.meta.url));

/**
 * One kernel's input, in the program-mode JSON shape (docs/language.md): `i64` values are plain
 * JSON integers within ±2^53, records are objects keyed by field name.
 */
export interface KernelInput {
  readonly args: Readonly<Record<string, unknown>>;
  readonly params: Readonly<Record<string, unknown>>;
  /** Set only where the input deliberately fails: the `CLR` code every target must raise. */
  readonly expectError?: string;
}

export interface Example {
  /** File name without `.live`. */
  readonly name: string;
  readonly path: string;
  readonly source: string;
  /** Keyed by kernel name. */
  readonly inputs: Readonly<Record<string, KernelInput>>;
}

/** One kernel of one example with its input: the unit the differential tests iterate over. */
export interface CorpusCase {
  readonly example: string;
  readonly kernel: string;
  readonly source: string;
  readonly input: KernelInput;
}

/** All examples, sorted by name so test order is stable. */
export function loadExamples(dir: string = EXAMPLES_DIR): Example[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.live'))
    .sort()
    .map((file) => loadExample(join(dir, file)));
}

/** One `.live` file and the `.input.json` beside it. */
export function loadExample(path: string): Example {
  const name = basename(path, '.live');
  const inputPath = join(dirname(path), `${name}.input.json`);
  return { name, path, source: readFileSync(path, 'utf8'), inputs: parseInputs(readFileSync(inputPath, 'utf8'), inputPath) };
}

export function corpusCases(dir: string = EXAMPLES_DIR): CorpusCase[] {
  return loadExamples(dir).flatMap((ex) =>
    Object.entries(ex.inputs).map(([kernel, input]) => ({ example: ex.name, kernel, source: ex.source, input })),
  );
}

function parseInputs(text: string, path: string): Record<string, KernelInput> {
  const json: unknown = JSON.parse(text);
  if (!isObject(json)) throw new Error(`${path}: expected an object keyed by kernel name`);
  const out: Record<string, KernelInput> = {};
  for (const [kernel, entry] of Object.entries(json)) {
    if (!isObject(entry) || !isObject(entry.args) || !isObject(entry.params)) {
      throw new Error(`${path}: \`${kernel}\` needs { "args": {...}, "params": {...} }`);
    }
    const unsafe = findUnsafeInteger(entry);
    if (unsafe !== null) throw new Error(`${path}: \`${kernel}\` has ${unsafe}, which JSON.parse cannot hold exactly`);
    const { args, params, expectError } = entry;
    if (expectError !== undefined && typeof expectError !== 'string') throw new Error(`${path}: \`${kernel}\`.expectError must be a string`);
    out[kernel] = expectError === undefined ? { args, params } : { args, params, expectError };
  }
  return out;
}

/** Integers beyond ±2^53 would silently change when parsed; the corpus must not contain any. */
function findUnsafeInteger(value: unknown): number | null {
  if (typeof value === 'number') return Number.isInteger(value) && !Number.isSafeInteger(value) ? value : null;
  const children = Array.isArray(value) ? value : isObject(value) ? Object.values(value) : [];
  for (const child of children) {
    const found = findUnsafeInteger(child);
    if (found !== null) return found;
  }
  return null;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
