// Cache keys: xxHash128 (hash-wasm) of length-prefixed fields, so no two field lists collide by
// concatenation. Three keys, see docs/api.md "Caching":
// - source key: (source text, params mode, param values) — what the front end and passes see;
// - IR key: the canonical IR text (printProgram) — computed in the worker after analysis;
// - render key: (IR key, target, flags) — what one emitter call depends on.

import { createXXHash128, type IHasher } from 'hash-wasm';
import type { Flags, TargetName } from '../targets/target.js';
import type { RawParamValues } from './pool/protocol.js';

const VERSION = 'codelive-cache-v1';

export class KeyHasher {
  private constructor(private readonly hasher: IHasher) {}

  static async create(): Promise<KeyHasher> {
    return new KeyHasher(await createXXHash128());
  }

  hash(fields: readonly string[]): string {
    const h = this.hasher.init();
    h.update(VERSION);
    for (const field of fields) h.update(`\0${field.length}:`).update(field);
    return h.digest('hex');
  }

  sourceKey(code: string, params: Flags['params'], paramValues: RawParamValues): string {
    return this.hash(['source', code, params, canonicalParamValues(paramValues)]);
  }

  renderKey(irKey: string, target: TargetName, flags: Flags): string {
    return this.hash(['render', irKey, target, ...flagFields(flags)]);
  }

  /** In-flight key of one target render of one source (before its IR key is known). */
  jobKey(sourceKey: string, target: TargetName, flags: Flags): string {
    return this.hash(['job', sourceKey, target, ...flagFields(flags)]);
  }

  irKey(canonicalIr: string): string {
    return this.hash(['ir', canonicalIr]);
  }
}

function flagFields(flags: Flags): string[] {
  return [String(flags.parallel), flags.params, flags.mode, flags.entry ?? '', flags.dialect ?? ''];
}

function canonicalParamValues(values: RawParamValues): string {
  const names = Object.keys(values).sort();
  return JSON.stringify(names.map((n) => [n, values[n]]));
}
