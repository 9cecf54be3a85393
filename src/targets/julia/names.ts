// Julia identifiers: the words an emitted name must avoid, the escape rule, Julia's casing
// (functions, variables and fields lowercase with underscores; types PascalCase) and the
// scope-aware name allocation Julia's scoping rules call for.

import { Namer, pascalCase, snakeCase, suffixUnderscore, type NamingRules } from '../names.js';

/** Branded so Julia names never mix with source names or other targets' names. */
export type JuliaIdent = string & { readonly __brand: 'JuliaIdent' };

/** Reserved words of the Julia parser (they can never be identifiers). */
const KEYWORDS = [
  'baremodule', 'begin', 'break', 'catch', 'const', 'continue', 'do', 'else', 'elseif', 'end',
  'export', 'false', 'finally', 'for', 'function', 'global', 'if', 'import', 'let', 'local',
  'macro', 'module', 'quote', 'return', 'struct', 'true', 'try', 'using', 'while',
  // Infix operators spelled as words: `in = 1` does not parse as an assignment.
  'in', 'isa',
  // `where` (type parameters) and `outer` (`for outer i in ...`) are contextual keywords.
  'where', 'outer',
  // Contextual before `type`/`struct` (`abstract type`, `mutable struct`, `primitive type`) and
  // in `public` declarations (1.11): legal names elsewhere, but they read as syntax.
  'abstract', 'mutable', 'primitive', 'public',
  // `var"..."` is the raw-identifier syntax; a bare `var` is legal but invites confusion with it.
  'var',
];

/** Values and modules every Julia file sees; shadowing them would change what names mean. */
const PREDEFINED = [
  'Base', 'Core', 'Main', 'Inf', 'NaN', 'nothing', 'missing', 'pi', 'im', 'ccall',
];

/**
 * Base names the emitted code refers to. Assigning one anywhere in a function makes it a local
 * in the whole function (a local `length` breaks every `length(xs)` in it), and a top-level
 * function or type of that name would replace Base's in the file.
 */
const BASE_NAMES = [
  // types and modules
  'Any', 'ArgumentError', 'Bool', 'BoundsError', 'Char', 'CompositeException', 'Dict', 'DivideError',
  'DomainError', 'Float64', 'IO', 'IOBuffer', 'Int', 'Int64', 'Iterators', 'NamedTuple', 'Nothing',
  'String', 'Symbol', 'Task', 'TaskFailedException', 'Threads', 'Tuple', 'Type', 'UInt32', 'UInt8',
  'Vector', 'MergeSort', 'RoundNearestTiesAway', 'stdin', 'stdout', 'stderr',
  // functions
  'abs', 'accumulate', 'all', 'any', 'ceil', 'cld', 'clamp', 'codeunits', 'collect', 'count', 'div',
  'eachindex', 'enumerate', 'error', 'exit', 'exp', 'fetch', 'filter', 'first', 'floor', 'foldl',
  'get', 'haskey', 'isempty', 'isfinite', 'isinf', 'isinteger', 'isnan', 'keys', 'last', 'length',
  'log', 'lpad', 'map', 'max', 'maximum', 'min', 'minimum', 'ncodeunits', 'parse', 'print',
  'println', 'prod', 'read', 'reduce', 'rem', 'repr', 'round', 'showerror', 'sort',
  'sortperm', 'sprint', 'sqrt', 'string', 'sum', 'throw', 'trunc', 'typemax', 'typemin',
  'vcat', 'view', 'write', 'zip',
];

/**
 * Helpers the emitter may add to a file (src/targets/julia/runtime.ts and the program harness).
 * Reserved whether or not a file uses them, so one source name has the same Julia spelling in
 * every render.
 */
export const HELPER_NAMES = [
  'chunk_ranges', 'extend_share', 'float_key_less', 'greater', 'lesser', 'log_or_nan', 'merge_shares',
  'pow', 'saturating_int64', 'sqrt_or_nan', 'wrapping_div',
  // program mode
  'JSONNumber', 'JSONReader', 'expect_byte', 'from_json', 'main', 'param_value', 'parse_json',
  'peek_byte', 'read_array', 'read_hex4', 'read_literal', 'read_number', 'read_object', 'read_string',
  'read_value', 'root_cause', 'skip_whitespace', 'write_json',
] as const;

export type HelperName = (typeof HELPER_NAMES)[number];

export const RESERVED: ReadonlySet<string> = new Set([...KEYWORDS, ...PREDEFINED, ...BASE_NAMES, ...HELPER_NAMES]);

/** `end` → `end_`, Julia's usual way to reuse a keyword as a name. */
export const JULIA_NAMING: NamingRules = { reserved: RESERVED, escape: suffixUnderscore };

/** Field names only meet keywords: `r.length` is fine, `r.end` is not. */
const FIELD_NAMING: NamingRules = { reserved: new Set(KEYWORDS), escape: suffixUnderscore };

/**
 * `volume_by_symbol` stays, `pageNo` → `page_no`. An all-underscore name can only be assigned in
 * Julia, never read, so it gets a letter.
 */
export function valueName(source: string): string {
  const snake = snakeCase(source);
  return /^_*$/.test(snake) ? `${snake}x` : snake;
}

/** Records and type aliases: `volume_by_symbol_row` → `VolumeBySymbolRow`; `FRow` stays. */
export function typeName(source: string): string {
  if (/^[A-Z][A-Za-z0-9]*$/.test(source)) return source;
  const pascal = pascalCase(source);
  return pascal.length === 0 ? 'Record' : pascal;
}

/** The Julia spelling of an IR local: lowering's uniqueness suffix (`x_2`) goes, scopes decide. */
export function localName(irName: string): string {
  return valueName(irName.replace(/_\d+$/, ''));
}

/** Kernels, records and helpers: one file-wide namespace. */
export function globalNamer(): Namer {
  return new Namer(JULIA_NAMING);
}

/** One record's fields, in declaration order: source name → Julia name. */
export function fieldNames(fields: readonly { readonly name: string }[]): Map<string, string> {
  const namer = new Namer(FIELD_NAMING);
  return new Map(fields.map((f) => [f.name, namer.name(f.name, valueName)]));
}

/**
 * Local names of one function, allocated per Julia scope.
 *
 * Julia decides scoping lexically over a whole scope: a name assigned anywhere in a function
 * body is that function's local inside every nested loop and closure too, even where the nested
 * use comes first; and a loop variable or lambda parameter hides an outer variable of the same
 * name inside its scope. The emitter claims names in an order that is not the text's order (a
 * loop's accumulator after its loop variable), so a name is never shared between a scope and
 * any scope nested in it or enclosing it. This also keeps every variable a `Threads.@spawn`
 * block assigns local to its task. Sibling scopes (two loops, two comprehensions) may reuse one.
 *
 * Claims can be rolled back (`mark`/`rollback`), for emitters that try a compact form first.
 */
export class ScopeNames {
  private readonly log: { scope: Scope; name: string }[] = [];
  readonly root: Scope;

  constructor(globals: ReadonlySet<string>) {
    this.root = new Scope(this, null, globals);
  }

  mark(): number {
    return this.log.length;
  }

  rollback(mark: number): void {
    while (this.log.length > mark) {
      const { scope, name } = this.log.pop()!;
      scope.release(name);
    }
  }

  /** @internal */
  record(scope: Scope, name: string): void {
    this.log.push({ scope, name });
  }
}

export class Scope {
  /** Names claimed here. */
  private readonly own = new Set<string>();
  /** Names claimed in nested scopes, with how many claims hold each. */
  private readonly nested = new Map<string, number>();

  constructor(
    private readonly names: ScopeNames,
    readonly parent: Scope | null,
    private readonly globals: ReadonlySet<string>,
  ) {}

  child(): Scope {
    return new Scope(this.names, this, this.globals);
  }

  /** A fresh name for a variable, loop variable or parameter of this scope (Julia casing). */
  claim(preferred: string): JuliaIdent {
    let base = preferred.length === 0 ? 'x' : preferred;
    if (RESERVED.has(base)) base = suffixUnderscore(base);
    let candidate = base;
    for (let n = 2; !this.isFree(candidate); n++) candidate = `${base}${n}`;
    this.own.add(candidate);
    for (let s = this.parent; s !== null; s = s.parent) s.nested.set(candidate, (s.nested.get(candidate) ?? 0) + 1);
    this.names.record(this, candidate);
    return candidate as JuliaIdent;
  }

  /** @internal Undoes one claim of `name` in this scope. */
  release(name: string): void {
    this.own.delete(name);
    for (let s = this.parent; s !== null; s = s.parent) {
      const n = (s.nested.get(name) ?? 1) - 1;
      if (n === 0) s.nested.delete(name);
      else s.nested.set(name, n);
    }
  }

  private isFree(name: string): boolean {
    if (RESERVED.has(name) || this.globals.has(name) || this.nested.has(name)) return false;
    for (let s: Scope | null = this; s !== null; s = s.parent) if (s.own.has(name)) return false;
    return true;
  }
}
