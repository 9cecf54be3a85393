// Rust identifiers: reserved words, the one escape rule, and the per-kind case conventions.
//
// Escape rule: a reserved word gets a trailing underscore (`type` → `type_`, `self` → `self_`).
// Raw identifiers (`r#type`) would be the Rust idiom for keywords, but `self`, `Self`, `super`
// and `crate` cannot be raw, and one rule for every reserved word keeps the mapping predictable.

import { Namer, pascalCase, snakeCase, suffixUnderscore, type NamingRules } from '../names.js';

/** Strict and reserved keywords of Rust 2021, plus 2024's `gen` so output survives an edition bump. */
const KEYWORDS = [
  'as', 'break', 'const', 'continue', 'crate', 'else', 'enum', 'extern', 'false', 'fn', 'for', 'if',
  'impl', 'in', 'let', 'loop', 'match', 'mod', 'move', 'mut', 'pub', 'ref', 'return', 'self', 'Self',
  'static', 'struct', 'super', 'trait', 'true', 'type', 'unsafe', 'use', 'where', 'while', 'async',
  'await', 'dyn', 'abstract', 'become', 'box', 'do', 'final', 'macro', 'override', 'priv', 'typeof',
  'unsized', 'virtual', 'yield', 'try', 'gen',
];

/**
 * Names the generated code refers to, which a user identifier must not shadow. Values and types
 * share this set: a local named `min_f64` would hide the helper function, a record named
 * `Ordering` would clash with the import.
 */
const GENERATED = [
  // Primitive types: legal identifiers, but a record or variable with these names misleads.
  'i64', 'f64', 'bool', 'str', 'usize', 'char',
  // Prelude items the output names (types, variants, traits, macros' namesakes).
  'Vec', 'String', 'Option', 'Some', 'None', 'Result', 'Ok', 'Err', 'Box', 'Default', 'Clone',
  'Copy', 'Debug', 'PartialEq', 'PartialOrd', 'Eq', 'Ord', 'Iterator', 'IntoIterator', 'ToString',
  'ToOwned', 'From', 'Into', 'Fn', 'FnMut', 'FnOnce', 'Send', 'Sync', 'Sized', 'Drop',
  // Imports (std::cmp, std::collections, std::io, std::panic, std::process; rayon's prelude traits).
  'Ordering', 'Reverse', 'BTreeMap', 'Read', 'Write', 'panic', 'process', 'io', 'std', 'core',
  'rayon', 'ParallelIterator', 'IndexedParallelIterator', 'IntoParallelIterator',
  'IntoParallelRefIterator', 'ParallelSliceMut', 'ParallelBridge',
  // Runtime helpers (helpers.ts) and the program-mode harness (program.ts).
  'main', 'run', 'param', 'min_f64', 'max_f64', 'cmp_f64', 'mean_f64', 'par_min_f64', 'par_max_f64',
  'par_mean_f64', 'merge_groups', 'Json', 'JsonParser', 'FromJson', 'ToJson', 'Params',
  'panic_message', 'write_f64', 'write_str',
];

export const RESERVED: ReadonlySet<string> = new Set([...KEYWORDS, ...GENERATED]);

export const RUST_NAMING: NamingRules = { reserved: RESERVED, escape: suffixUnderscore };

/** Module scope: kernels (snake_case functions) and records (PascalCase structs). */
export function moduleNamer(): Namer {
  return new Namer(RUST_NAMING);
}

/** A fresh scope for one record's fields. */
export function fieldNamer(): Namer {
  return new Namer(RUST_NAMING);
}

export const valueName = (namer: Namer, source: string): string => namer.name(source, snakeCase);
export const typeName = (namer: Namer, source: string): string => namer.name(`type:${source}`, () => pascalCase(source) || 'Record');
