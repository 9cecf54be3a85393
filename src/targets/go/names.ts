// Go identifiers: reserved words, the escape rule and Go's casing conventions.
//
// Kernels and records are package-level API, so they are exported (PascalCase); record fields
// are exported too (encoding/json and reflection only see exported fields) and carry a
// `json:"source_name"` tag; locals, args and params are camelCase. Common initialisms are
// upper-cased as Go style asks (`user_id` → `userID`, `UserID`).

import { Namer, suffixUnderscore, words, type NamingRules } from '../names.js';

const KEYWORDS = [
  'break', 'case', 'chan', 'const', 'continue', 'default', 'defer', 'else', 'fallthrough', 'for',
  'func', 'go', 'goto', 'if', 'import', 'interface', 'map', 'package', 'range', 'return', 'select',
  'struct', 'switch', 'type', 'var',
];

/**
 * Predeclared identifiers. Shadowing them is legal Go, but a local `len` or `int64` would break
 * the code we generate around it (and confuse every reader).
 */
const PREDECLARED = [
  'any', 'append', 'bool', 'byte', 'cap', 'clear', 'close', 'comparable', 'complex', 'complex64',
  'complex128', 'copy', 'delete', 'error', 'false', 'float32', 'float64', 'imag', 'int', 'int8',
  'int16', 'int32', 'int64', 'iota', 'len', 'make', 'max', 'min', 'new', 'nil', 'panic', 'print',
  'println', 'real', 'recover', 'rune', 'string', 'true', 'uint', 'uint8', 'uint16', 'uint32',
  'uint64', 'uintptr',
];

/** Package names our files import: a local of the same name would hide the package. */
const PACKAGES = [
  'bufio', 'bytes', 'cmp', 'fmt', 'io', 'json', 'maps', 'math', 'os', 'reflect', 'runtime', 'slices', 'sort',
  'strconv', 'strings', 'sync',
];

/**
 * Names of the generated helpers (src/targets/go/runtime.ts) and of the program harness: fixed
 * package-level names, so no source name may take them.
 */
export const HELPER_NAMES = [
  'absInt64', 'assignValue', 'chunkCount', 'clampCount', 'compareBool', 'compareFloat64', 'decodeValue',
  'exitOnPanic', 'extremum', 'formatFloat', 'input', 'main', 'maxFloat64', 'minChunk', 'minFloat64',
  'parallelChunks', 'printJSON', 'quoteJSON', 'readInput', 'toInt64', 'writeJSON',
];

export const RESERVED: ReadonlySet<string> = new Set([...KEYWORDS, ...PREDECLARED, ...PACKAGES, ...HELPER_NAMES]);

export const GO_NAMING: NamingRules = { reserved: RESERVED, escape: suffixUnderscore };

/** Words golint wants in one case throughout (`ID`, not `Id`). */
const INITIALISMS: ReadonlySet<string> = new Set([
  'acl', 'api', 'ascii', 'cpu', 'css', 'dns', 'eof', 'guid', 'html', 'http', 'https', 'id', 'ip',
  'json', 'qps', 'ram', 'rpc', 'sla', 'smtp', 'sql', 'ssh', 'tcp', 'tls', 'ttl', 'udp', 'ui', 'uid',
  'uuid', 'uri', 'url', 'utf8', 'vm', 'xml',
]);

function goWord(w: string, first: boolean, exported: boolean): string {
  const lower = w.toLowerCase();
  if (first && !exported) return lower;
  if (INITIALISMS.has(lower)) return lower.toUpperCase();
  return lower.charAt(0).toUpperCase() + lower.slice(1);
}

/** `volume_by_symbol` → `VolumeBySymbol`, `user_id` → `UserID`. */
export function exportedName(source: string): string {
  const ws = words(source);
  let out = '';
  for (const w of ws) out += goWord(w, false, true);
  return ws.length === 0 ? 'X' : out;
}

/** `page_no` → `pageNo`, `user_id` → `userID`; a leading underscore is dropped (`_x` → `x`). */
export function localName(source: string): string {
  const ws = words(source);
  let out = '';
  for (let i = 0; i < ws.length; i++) out += goWord(ws[i]!, i === 0, false);
  return ws.length === 0 ? 'v' : out;
}

export function packageNamer(): Namer {
  return new Namer(GO_NAMING);
}
