// C# identifiers: the words an emitted name must avoid, the escape rules, the casing (types,
// kernels and record properties PascalCase; parameters and locals camelCase) and the scope rules
// for locals.
//
// Escaping: a C# keyword or contextual keyword becomes a verbatim identifier (`@string`,
// `@var`), which is how C# itself spells such names. A name that would shadow a type or helper
// the emitted code refers to (`Math`, `Kernels`) cannot be fixed with `@` (it is the same
// identifier), so it gets a trailing underscore (`Math_`).

import { camelCase, Namer, pascalCase, suffixUnderscore, type NamingRules } from '../names.js';

/** The reserved keywords of C# (ECMA-334 §6.4.4 and the newer ones). */
const KEYWORDS = [
  'abstract', 'as', 'base', 'bool', 'break', 'byte', 'case', 'catch', 'char', 'checked', 'class',
  'const', 'continue', 'decimal', 'default', 'delegate', 'do', 'double', 'else', 'enum', 'event',
  'explicit', 'extern', 'false', 'finally', 'fixed', 'float', 'for', 'foreach', 'goto', 'if',
  'implicit', 'in', 'int', 'interface', 'internal', 'is', 'lock', 'long', 'namespace', 'new', 'null',
  'object', 'operator', 'out', 'override', 'params', 'private', 'protected', 'public', 'readonly',
  'ref', 'return', 'sbyte', 'sealed', 'short', 'sizeof', 'stackalloc', 'static', 'string', 'struct',
  'switch', 'this', 'throw', 'true', 'try', 'typeof', 'uint', 'ulong', 'unchecked', 'unsafe',
  'ushort', 'using', 'virtual', 'void', 'volatile', 'while',
];

/**
 * Contextual keywords. Most are legal identifiers, but each means something somewhere: `var`
 * and `dynamic` as types, `value`/`field` inside accessors, `_` as a discard, the query words
 * (`from`, `select`, `group`, ...) in query expressions, `record`/`with`/`init`/`required` in
 * newer C#. A verbatim `@` spelling is legal everywhere and never changes meaning.
 */
const CONTEXTUAL_KEYWORDS = [
  'add', 'alias', 'allows', 'and', 'args', 'ascending', 'async', 'await', 'by', 'descending',
  'dynamic', 'equals', 'extension', 'field', 'file', 'from', 'get', 'global', 'group', 'init', 'into',
  'join', 'let', 'managed', 'nameof', 'nint', 'not', 'notnull', 'nuint', 'on', 'or', 'orderby',
  'partial', 'record', 'remove', 'required', 'scoped', 'select', 'set', 'unmanaged', 'value', 'var',
  'when', 'where', 'with', 'yield',
];

/**
 * Types and namespaces the emitted code names. A record class or kernel called `Math` would hide
 * `System.Math` for every call in the file; `System` would hide the namespace.
 */
const REFERENCED_TYPES = [
  'AggregateException', 'Array', 'Char', 'Comparer', 'Console', 'CultureInfo', 'Dictionary',
  'Double', 'Enumerable', 'Exception', 'Func', 'IComparer', 'IEnumerable', 'Int64', 'List', 'Math',
  'NumberStyles', 'ParallelEnumerable', 'ParallelQuery', 'String', 'StringBuilder', 'System',
  'UTF8Encoding', 'Stream', 'StreamReader', 'FormatException', 'Linq', 'Collections', 'Generic',
  'Globalization', 'Text', 'IO',
];

/**
 * Helpers and classes the emitter may add (src/targets/csharp/helpers.ts and program.ts). They
 * are reserved whether or not a file uses them, so one source name maps to the same C# name in
 * every render. Per-record harness methods (`Read<Record>`) are claimed per program instead.
 */
const HELPER_NAMES = [
  'Kernels', 'Program', 'JsonParser', 'JsonNumber', 'Main',
  'Abs', 'AsCount', 'CodePointOrder', 'CodePointRank', 'CompareCodePoints', 'LongRange', 'Max', 'Min',
  'NaNLastOrder', 'Quotient', 'Remainder', 'RoundHalfAwayFromZero', 'Scan', 'ToInt64Saturating',
  'Member', 'ReadArray', 'ReadBool', 'ReadDouble', 'ReadInt64', 'ReadString', 'ToJson', 'ToJsonArray',
  'FormatDouble', 'QuoteJson',
];

const VERBATIM: ReadonlySet<string> = new Set([...KEYWORDS, ...CONTEXTUAL_KEYWORDS]);

export const RESERVED: ReadonlySet<string> = new Set([...KEYWORDS, ...CONTEXTUAL_KEYWORDS, ...REFERENCED_TYPES, ...HELPER_NAMES]);

const CSHARP_NAMING: NamingRules = {
  reserved: RESERVED,
  escape: (name) => (VERBATIM.has(name) ? `@${name}` : `${name}_`),
};

/** Names of types and members at file level: record classes, kernel methods, harness methods. */
export function fileNamer(): Namer {
  return new Namer(CSHARP_NAMING);
}

/**
 * Names of a record's properties. PascalCase names are never keywords, and a property cannot
 * hide a type the file uses, so only uniqueness (and the class's own name) matters.
 */
export function memberNamer(className: string): Namer {
  return new Namer({ reserved: new Set([className]), escape: suffixUnderscore });
}

/**
 * `volume_by_symbol` → `VolumeBySymbol`; a name already in PascalCase stays as written (`FRow`,
 * `XmlDoc`, `HTTPServer`); an all-underscore name becomes `Value`.
 */
export function typeName(source: string): string {
  if (/^[A-Z][A-Za-z0-9]*$/.test(source)) return source;
  const name = pascalCase(source);
  return name === '' ? 'Value' : name;
}

/**
 * `avg_stars` → `avgStars`. Lowering makes locals unique per kernel by appending `_2`, `_3`;
 * the suffix goes and the scope rules below add a number back only where names really meet.
 */
export function localName(irName: string): string {
  const name = camelCase(irName.replace(/(.)_\d+$/, '$1'));
  return name === '' || name === '_' ? 'x' : name;
}

/**
 * Local names of one kernel. C# forbids a lambda parameter that has the name of a local or
 * parameter of any enclosing scope, wherever in the block that local is declared (CS0136), but
 * lets sibling lambdas share parameter names. So block-level names (method parameters, `let`s,
 * temporaries) are unique in the whole kernel and distinct from every lambda parameter, while a
 * lambda parameter only avoids the block-level names and the parameters of enclosing lambdas.
 */
export class LocalScope {
  private readonly blockNames = new Set<string>();
  private readonly lambdaNames = new Set<string>();
  private readonly open: Set<string>[] = [];
  private readonly bySource = new Map<string, string>();

  /** Claims a block-level name for IR local (or argument) `source`. */
  declare(source: string): string {
    const name = this.claimBlock(localName(source));
    this.bySource.set(source, name);
    return name;
  }

  /** A fresh block-level name (a temporary) based on `preferred`, already in camelCase. */
  fresh(preferred: string): string {
    return this.claimBlock(preferred);
  }

  /** The C# name of IR local `source`, declared earlier. */
  lookup(source: string): string {
    const name = this.bySource.get(source);
    if (name === undefined) throw new Error(`undeclared local ${source}`);
    return name;
  }

  /**
   * Opens a lambda whose parameters are IR locals (`{ source }`) or parameters the emitter
   * invents (`{ preferred }`, in camelCase); returns their C# names. Close it after its body.
   */
  openLambda(params: readonly ({ source: string } | { preferred: string })[]): string[] {
    const scope = new Set<string>();
    this.open.push(scope);
    return params.map((p) => {
      const preferred = 'source' in p ? localName(p.source) : p.preferred;
      const name = this.claim(preferred, (n) => this.blockNames.has(n) || this.open.some((s) => s.has(n)));
      scope.add(name);
      this.lambdaNames.add(name);
      if ('source' in p) this.bySource.set(p.source, name);
      return name;
    });
  }

  closeLambda(): void {
    this.open.pop();
  }

  private claimBlock(preferred: string): string {
    const name = this.claim(preferred, (n) => this.blockNames.has(n) || this.lambdaNames.has(n));
    this.blockNames.add(name);
    return name;
  }

  private claim(preferred: string, taken: (name: string) => boolean): string {
    const base = RESERVED.has(preferred) ? CSHARP_NAMING.escape(preferred) : preferred;
    let candidate = base;
    for (let n = 2; taken(candidate) || RESERVED.has(candidate); n++) candidate = `${base}${n}`;
    return candidate;
  }
}
