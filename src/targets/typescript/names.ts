// TypeScript identifiers: the words an emitted name must avoid, the escape rule, and how source
// names become TypeScript names (kernels and locals camelCase, records PascalCase; record fields
// keep their source names because they are the JSON keys of program mode).

import { camelCase, Namer, suffixUnderscore, type NamingRules } from '../names.js';

/** Keywords of ECMAScript (including strict mode, which ES modules always are) and TypeScript. */
const KEYWORDS = [
  'break', 'case', 'catch', 'class', 'const', 'continue', 'debugger', 'default', 'delete', 'do',
  'else', 'export', 'extends', 'false', 'finally', 'for', 'function', 'if', 'import', 'in',
  'instanceof', 'new', 'null', 'return', 'super', 'switch', 'this', 'throw', 'true', 'try',
  'typeof', 'var', 'void', 'while', 'with',
  // Reserved only in strict mode code, which every ES module is.
  'implements', 'interface', 'let', 'package', 'private', 'protected', 'public', 'static', 'yield',
  // Reserved in modules (top-level await) and future-reserved.
  'await', 'enum',
  // Not keywords, but strict mode forbids binding them.
  'arguments', 'eval',
  // TypeScript: `declare`, `abstract`, ... are contextual and legal as values, but the type
  // keywords cannot name an interface, and `as`/`is`/`of`/`type` read badly as variables.
  'any', 'as', 'bigint', 'boolean', 'declare', 'is', 'keyof', 'namespace', 'never', 'number', 'object',
  'of', 'readonly', 'string', 'symbol', 'type', 'unique', 'unknown',
];

/**
 * Globals the emitted code calls or that would change meaning if shadowed. A local named `Math`
 * would break `Math.floor`; a record interface named `Map` would shadow the `Map<K, V>` type.
 */
const GLOBALS = [
  'Array', 'BigInt', 'Error', 'Infinity', 'JSON', 'Map', 'Math', 'NaN', 'Number', 'Object',
  'Promise', 'RangeError', 'ReadonlyArray', 'Record', 'String', 'Symbol', 'SyntaxError', 'TypeError',
  'console', 'globalThis', 'process', 'undefined',
];

/**
 * Helpers the emitter may add to a file (runtime semantics and the program-mode harness). They
 * are reserved whether or not a file uses them, so one source name maps to the same TypeScript
 * name in every render; `decode<Record>` names are claimed per program instead.
 */
export const HELPER_NAMES = [
  'absI64', 'compareBigInts', 'compareBooleans', 'compareCodePoints', 'compareNumbers', 'elementAt',
  'maxOf', 'minOf', 'pow', 'roundHalfAwayFromZero', 'toI64',
  // program mode
  'Decoder', 'Json', 'JsonNumber', 'decodeArg', 'decodeArray', 'decodeBool', 'decodeF64', 'decodeI64',
  'decodeParam', 'decodeStr', 'isJsonObject', 'jsonMember', 'parseJson', 'readStdin', 'runProgram', 'toJson',
] as const;

export type HelperName = (typeof HELPER_NAMES)[number];

export const RESERVED: ReadonlySet<string> = new Set([...KEYWORDS, ...GLOBALS, ...HELPER_NAMES]);

const TS_NAMING: NamingRules = { reserved: RESERVED, escape: suffixUnderscore };

export function rootNamer(): Namer {
  return new Namer(TS_NAMING);
}

/**
 * The TypeScript spelling of an IR local. Lowering makes locals unique per kernel by appending
 * `_2`, `_3`, ...; block scoping lets two sibling lambdas both keep `x`, so the suffix goes and
 * the scope-aware Namer adds one back only where names really meet.
 */
export function localName(irName: string): string {
  return camelCase(irName.replace(/_\d+$/, ''));
}

/** `trades` → `trade`, `xs` → `x`, `entries` → `entry`: the element name of an array variable. */
export function singular(name: string): string {
  if (/ies$/.test(name) && name.length > 3) return `${name.slice(0, -3)}y`;
  if (/(ss|us|is)$/.test(name) || !name.endsWith('s') || name.length < 2) return 'item';
  if (/(ches|shes|sses|xes)$/.test(name)) return name.slice(0, -2);
  return name.slice(0, -1);
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

export function isIdentifierName(name: string): boolean {
  return IDENTIFIER.test(name);
}
