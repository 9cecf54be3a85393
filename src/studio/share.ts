// Share links: the state, lz-compressed into the URL hash (`#s=…`), so a link reopens the same
// source, param values, flags, macros and preview kernel. Decoding never trusts the link: any
// field that is missing or malformed falls back to the default.

// lz-string is CommonJS: a default import works in Vite and in Node (the share tests).
import lzString from 'lz-string';
import { DEFAULT_STUDIO_FLAGS, type ParamValue, type StudioFlags } from './protocol.js';
import { defaultState, type Macro, type StudioState } from './state.js';

const PREFIX = '#s=';

export function encodeState(state: StudioState): string {
  const payload = { v: 1, source: state.source, params: state.params, flags: state.flags, macros: state.macros, kernel: state.kernel };
  return PREFIX + lzString.compressToEncodedURIComponent(JSON.stringify(payload));
}

/** The state a hash describes, or null when the hash is not a share link. */
export function decodeState(hash: string): StudioState | null {
  if (!hash.startsWith(PREFIX)) return null;
  const text = lzString.decompressFromEncodedURIComponent(hash.slice(PREFIX.length));
  if (!text) return null;
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return null;
  }
  if (!isObject(raw) || typeof raw['source'] !== 'string') return null;
  const base = defaultState();
  return {
    source: raw['source'],
    params: readParams(raw['params']),
    flags: readFlags(raw['flags']),
    macros: readMacros(raw['macros']),
    kernel: typeof raw['kernel'] === 'string' ? raw['kernel'] : base.kernel,
  };
}

function readParams(raw: unknown): Record<string, ParamValue> {
  const out: Record<string, ParamValue> = {};
  if (!isObject(raw)) return out;
  for (const [name, value] of Object.entries(raw)) {
    if ((typeof value === 'number' && Number.isFinite(value)) || typeof value === 'boolean') out[name] = value;
  }
  return out;
}

function readFlags(raw: unknown): StudioFlags {
  if (!isObject(raw)) return { ...DEFAULT_STUDIO_FLAGS };
  const pick = <T extends string>(value: unknown, allowed: readonly T[], fallback: T): T =>
    allowed.includes(value as T) ? (value as T) : fallback;
  return {
    parallel: raw['parallel'] === true,
    params: pick(raw['params'], ['runtime', 'baked'], DEFAULT_STUDIO_FLAGS.params),
    mode: pick(raw['mode'], ['function', 'program'], DEFAULT_STUDIO_FLAGS.mode),
    dialect: pick(raw['dialect'], ['sqlite', 'postgres', 'duckdb'], DEFAULT_STUDIO_FLAGS.dialect),
  };
}

function readMacros(raw: unknown): Macro[] {
  if (!Array.isArray(raw)) return [];
  const out: Macro[] = [];
  for (const m of raw) {
    if (!isObject(m) || typeof m['id'] !== 'string' || typeof m['name'] !== 'string' || !Array.isArray(m['bindings'])) continue;
    const bindings = m['bindings'].filter(
      (b): b is { param: string; from: number; to: number } =>
        isObject(b) && typeof b['param'] === 'string' && typeof b['from'] === 'number' && typeof b['to'] === 'number',
    );
    const value = typeof m['value'] === 'number' ? Math.min(1, Math.max(0, m['value'])) : 0;
    out.push({ id: m['id'], name: m['name'], value, bindings: bindings.map((b) => ({ param: b.param, from: b.from, to: b.to })) });
  }
  return out;
}

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}
