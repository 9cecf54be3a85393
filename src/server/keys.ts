// Cache keys, see docs/api.md "Caching":
// - source key: SHA-256 of params mode + param values + the exact source text. A digest rather
//   than the text itself: the key lives as long as its entry, and a copy of every source went
//   to the main thread's old generation with every uncached render (hashing 1 KB natively
//   costs about what a Map spends hashing the text as a key);
// - IR key: xxHash128 (hash-wasm) of the canonical IR text (printProgram), computed in the worker;
// - render key: IR key + target + flags, what one emitter call depends on; short and
//   shareable, so it is also the key of a second cache level;
// - response key: targets + flags + param values + the exact source (one flat string), for the
//   memo of whole serialized answers that makes an exact repeat cost one lookup. Not a digest:
//   this lookup is on every request's path, where hashing measurably cost cached throughput,
//   and the memo only keeps answers that were asked for twice.
// Fields are joined with NUL; the source text comes last, `entry` is length-prefixed and param
// values are JSON (which escapes NUL), so no two field lists collide.

import { hash } from 'node:crypto';
import { createXXHash128, type IHasher } from 'hash-wasm';
import type { Flags, TargetName } from '../targets/target.js';
import type { RawParamValues } from './pool/protocol.js';

const SEP = '\u0000';

export function sourceKey(code: string, params: Flags['params'], paramValues: RawParamValues): string {
  return digest(`${params}${SEP}${canonicalParamValues(paramValues)}${SEP}${code}`);
}

export function renderKey(irKey: string, target: TargetName, flags: Flags): string {
  // join() makes one flat string; a template literal makes a tree of cons strings, and a cached
  // key lives as long as its entry: six heap objects per key instead of one for the GC to trace.
  return [irKey, target, flagsKey(flags)].join(SEP);
}

/** Key of a whole serialized answer: the targets, flags, param values and the exact source. */
export function responseKey(code: string, targets: readonly TargetName[], flags: Flags, paramValues: RawParamValues): string {
  return [targets.join(','), flagsKey(flags), canonicalParamValues(paramValues), code].join(SEP);
}

/** In-flight key of one target render of one source (before its IR key is known). */
export function jobKey(source: string, target: TargetName, flags: Flags): string {
  return `${target}${SEP}${flagsKey(flags)}${SEP}${source}`;
}

function digest(fields: string): string {
  return hash('sha256', fields, 'base64');
}

/** The free-form `entry` is last but one field lists can follow it: its length goes first. */
function flagsKey(flags: Flags): string {
  const entry = flags.entry ?? '';
  return `${flags.parallel ? 'P' : 's'}${flags.params}${SEP}${flags.mode}${SEP}${flags.dialect ?? ''}${SEP}${entry.length}:${entry}`;
}

function canonicalParamValues(values: RawParamValues): string {
  const names = Object.keys(values);
  if (names.length === 0) return '';
  return JSON.stringify(names.sort().map((n) => [n, values[n]]));
}

/** xxHash128 of the canonical IR: equal IR text, equal key. */
export class IrHasher {
  private constructor(private readonly hasher: IHasher) {}

  static async create(): Promise<IrHasher> {
    return new IrHasher(await createXXHash128());
  }

  irKey(canonicalIr: string): string {
    return this.hasher.init().update(canonicalIr).digest('hex');
  }
}
