// Program mode: the kernel plus a `main` that reads `{"args": {...}, "params": {...}}` on stdin,
// runs the entry kernel and prints its result as one line of canonical JSON
// (docs/language.md, "Program mode"). Only the standard library: a small JSON reader (numbers
// keep their text, so i64 values arrive exact), `FromJson`/`ToJson` for the types the kernel
// takes and returns, and f64 output spelled as JavaScript spells numbers. A runtime error (a
// panic) prints `error: <message>` on stderr and exits with status 1.

import type { Kernel, Program } from '../../ir/ir.js';
import type { Type } from '../../lang/types.js';
import { Namer } from '../names.js';
import {
  block,
  call,
  exprStmt,
  field,
  letStmt,
  lit,
  method,
  path,
  structLit,
  unary,
  type RExpr,
  type RItem,
  type RStmt,
} from './ast.js';
import { literal, rustString } from './lower/literals.js';
import { RUST_NAMING } from './names.js';
import { isCopy, ownedType } from './types.js';

/** rustfmt-clean Rust, one string per line; which pieces a program needs depends on its types. */
const PIECES = {
  jsonEnum: [
    "/// A parsed JSON document; numbers keep their text, so an i64 reads back exactly.",
    "enum Json {",
    "    Null,",
    "    Bool(bool),",
    "    Number(String),",
    "    String(String),",
    "    Array(Vec<Json>),",
    "    Object(Vec<(String, Json)>),",
    "}",
  ],
  jsonImpl: [
    "impl Json {",
    "    fn parse(text: &str) -> Json {",
    "        let mut parser = JsonParser {",
    "            chars: text.chars().peekable(),",
    "        };",
    "        let value = parser.value();",
    "        parser.skip_whitespace();",
    "        if parser.chars.peek().is_some() {",
    "            panic!(\"invalid input: text after the JSON document\");",
    "        }",
    "        value",
    "    }",
    "",
    "    /// The member `key` of an object, if present.",
    "    fn member(&self, key: &str) -> Option<&Json> {",
    "        match self {",
    "            Json::Object(members) => members.iter().find(|(k, _)| k == key).map(|(_, v)| v),",
    "            _ => self.unexpected(\"an object\"),",
    "        }",
    "    }",
    "",
    "    fn field(&self, key: &str) -> &Json {",
    "        self.member(key)",
    "            .unwrap_or_else(|| panic!(\"invalid input: missing field `{key}`\"))",
    "    }",
    "",
    "    fn decode<T: FromJson>(&self) -> T {",
    "        T::from_json(self)",
    "    }",
    "",
    "    fn unexpected(&self, what: &str) -> ! {",
    "        let found = match self {",
    "            Json::Null => \"null\".to_string(),",
    "            Json::Bool(b) => b.to_string(),",
    "            Json::Number(text) => text.clone(),",
    "            Json::String(s) => format!(\"the string {s:?}\"),",
    "            Json::Array(items) => format!(\"an array of {} items\", items.len()),",
    "            Json::Object(members) => format!(\"an object of {} members\", members.len()),",
    "        };",
    "        panic!(\"invalid input: expected {what}, found {found}\")",
    "    }",
    "}",
  ],
  parserStruct: [
    "struct JsonParser<'a> {",
    "    chars: std::iter::Peekable<std::str::Chars<'a>>,",
    "}",
  ],
  parserImpl: [
    "impl JsonParser<'_> {",
    "    fn value(&mut self) -> Json {",
    "        self.skip_whitespace();",
    "        match self.chars.peek() {",
    "            Some('{') => self.object(),",
    "            Some('[') => self.array(),",
    "            Some('\"') => Json::String(self.string()),",
    "            Some('t') => self.keyword(\"true\", Json::Bool(true)),",
    "            Some('f') => self.keyword(\"false\", Json::Bool(false)),",
    "            Some('n') => self.keyword(\"null\", Json::Null),",
    "            Some(c) if *c == '-' || c.is_ascii_digit() => self.number(),",
    "            _ => panic!(\"invalid input: expected a JSON value\"),",
    "        }",
    "    }",
    "",
    "    fn object(&mut self) -> Json {",
    "        self.expect('{');",
    "        let mut members = Vec::new();",
    "        self.skip_whitespace();",
    "        if self.chars.peek() == Some(&'}') {",
    "            self.chars.next();",
    "            return Json::Object(members);",
    "        }",
    "        loop {",
    "            self.skip_whitespace();",
    "            let key = self.string();",
    "            self.skip_whitespace();",
    "            self.expect(':');",
    "            members.push((key, self.value()));",
    "            self.skip_whitespace();",
    "            match self.next() {",
    "                ',' => continue,",
    "                '}' => return Json::Object(members),",
    "                c => panic!(\"invalid input: expected `,` or `}}`, found `{c}`\"),",
    "            }",
    "        }",
    "    }",
    "",
    "    fn array(&mut self) -> Json {",
    "        self.expect('[');",
    "        let mut items = Vec::new();",
    "        self.skip_whitespace();",
    "        if self.chars.peek() == Some(&']') {",
    "            self.chars.next();",
    "            return Json::Array(items);",
    "        }",
    "        loop {",
    "            items.push(self.value());",
    "            self.skip_whitespace();",
    "            match self.next() {",
    "                ',' => continue,",
    "                ']' => return Json::Array(items),",
    "                c => panic!(\"invalid input: expected `,` or `]`, found `{c}`\"),",
    "            }",
    "        }",
    "    }",
    "",
    "    fn string(&mut self) -> String {",
    "        self.expect('\"');",
    "        let mut out = String::new();",
    "        loop {",
    "            match self.next() {",
    "                '\"' => return out,",
    "                '\\\\' => match self.next() {",
    "                    'n' => out.push('\\n'),",
    "                    't' => out.push('\\t'),",
    "                    'r' => out.push('\\r'),",
    "                    'b' => out.push('\\u{8}'),",
    "                    'f' => out.push('\\u{c}'),",
    "                    'u' => {",
    "                        let unit = self.hex4();",
    "                        let code = if (0xd800..0xdc00).contains(&unit) {",
    "                            self.expect('\\\\');",
    "                            self.expect('u');",
    "                            0x10000 + ((unit - 0xd800) << 10) + (self.hex4() - 0xdc00)",
    "                        } else {",
    "                            unit",
    "                        };",
    "                        out.push(char::from_u32(code).expect(\"invalid input: bad \\\\u escape\"));",
    "                    }",
    "                    c => out.push(c),",
    "                },",
    "                c => out.push(c),",
    "            }",
    "        }",
    "    }",
    "",
    "    fn number(&mut self) -> Json {",
    "        let mut text = String::new();",
    "        while let Some(&c) = self.chars.peek() {",
    "            if !(c.is_ascii_digit() || \"+-.eE\".contains(c)) {",
    "                break;",
    "            }",
    "            text.push(c);",
    "            self.chars.next();",
    "        }",
    "        Json::Number(text)",
    "    }",
    "",
    "    fn keyword(&mut self, word: &str, value: Json) -> Json {",
    "        for expected in word.chars() {",
    "            self.expect(expected);",
    "        }",
    "        value",
    "    }",
    "",
    "    fn hex4(&mut self) -> u32 {",
    "        (0..4).fold(0, |acc, _| {",
    "            let digit = self.next().to_digit(16);",
    "            acc * 16 + digit.expect(\"invalid input: bad \\\\u escape\")",
    "        })",
    "    }",
    "",
    "    fn expect(&mut self, expected: char) {",
    "        let c = self.next();",
    "        if c != expected {",
    "            panic!(\"invalid input: expected `{expected}`, found `{c}`\");",
    "        }",
    "    }",
    "",
    "    fn next(&mut self) -> char {",
    "        self.chars",
    "            .next()",
    "            .expect(\"invalid input: unexpected end of the JSON document\")",
    "    }",
    "",
    "    fn skip_whitespace(&mut self) {",
    "        while self.chars.peek().is_some_and(|c| c.is_ascii_whitespace()) {",
    "            self.chars.next();",
    "        }",
    "    }",
    "}",
  ],
  fromJsonTrait: [
    "/// Conversion of an input value; panics naming what was expected.",
    "trait FromJson: Sized {",
    "    fn from_json(json: &Json) -> Self;",
    "}",
  ],
  fromI64: [
    "impl FromJson for i64 {",
    "    fn from_json(json: &Json) -> Self {",
    "        match json {",
    "            Json::Number(text) => text.parse().unwrap_or_else(|_| json.unexpected(\"an i64\")),",
    "            _ => json.unexpected(\"an i64\"),",
    "        }",
    "    }",
    "}",
  ],
  fromF64: [
    "impl FromJson for f64 {",
    "    fn from_json(json: &Json) -> Self {",
    "        match json {",
    "            Json::Number(text) => text.parse().unwrap_or_else(|_| json.unexpected(\"an f64\")),",
    "            Json::String(name) if name == \"NaN\" => f64::NAN,",
    "            Json::String(name) if name == \"Infinity\" => f64::INFINITY,",
    "            Json::String(name) if name == \"-Infinity\" => f64::NEG_INFINITY,",
    "            _ => json.unexpected(\"an f64\"),",
    "        }",
    "    }",
    "}",
  ],
  fromBool: [
    "impl FromJson for bool {",
    "    fn from_json(json: &Json) -> Self {",
    "        match json {",
    "            Json::Bool(value) => *value,",
    "            _ => json.unexpected(\"a bool\"),",
    "        }",
    "    }",
    "}",
  ],
  fromString: [
    "impl FromJson for String {",
    "    fn from_json(json: &Json) -> Self {",
    "        match json {",
    "            Json::String(value) => value.clone(),",
    "            _ => json.unexpected(\"a string\"),",
    "        }",
    "    }",
    "}",
  ],
  fromVec: [
    "impl<T: FromJson> FromJson for Vec<T> {",
    "    fn from_json(json: &Json) -> Self {",
    "        match json {",
    "            Json::Array(items) => items.iter().map(T::from_json).collect(),",
    "            _ => json.unexpected(\"an array\"),",
    "        }",
    "    }",
    "}",
  ],
  toJsonTrait: [
    "/// Output in the canonical JSON form (one line, no spaces).",
    "trait ToJson {",
    "    fn write_json(&self, out: &mut String);",
    "",
    "    fn to_json(&self) -> String {",
    "        let mut out = String::new();",
    "        self.write_json(&mut out);",
    "        out",
    "    }",
    "}",
  ],
  toI64: [
    "impl ToJson for i64 {",
    "    fn write_json(&self, out: &mut String) {",
    "        out.push_str(&self.to_string());",
    "    }",
    "}",
  ],
  toF64: [
    "impl ToJson for f64 {",
    "    /// JavaScript's spelling: shortest round-trip digits, an exponent below 1e-6 and from 1e21",
    "    /// on, `-0` for negative zero, and NaN and the infinities as strings.",
    "    fn write_json(&self, out: &mut String) {",
    "        let x = *self;",
    "        if x.is_nan() {",
    "            out.push_str(\"\\\"NaN\\\"\");",
    "        } else if x.is_infinite() {",
    "            let name = if x > 0.0 { \"Infinity\" } else { \"-Infinity\" };",
    "            out.push_str(&format!(\"\\\"{name}\\\"\"));",
    "        } else if x == 0.0 {",
    "            out.push_str(if x.is_sign_negative() { \"-0\" } else { \"0\" });",
    "        } else {",
    "            let scientific = format!(\"{:e}\", x.abs());",
    "            let (mantissa, exponent) = scientific.split_once('e').expect(\"scientific notation\");",
    "            let digits = mantissa.replace('.', \"\");",
    "            let k = digits.len() as i32;",
    "            let n = exponent.parse::<i32>().expect(\"exponent\") + 1;",
    "            if x < 0.0 {",
    "                out.push('-');",
    "            }",
    "            if k <= n && n <= 21 {",
    "                out.push_str(&digits);",
    "                out.push_str(&\"0\".repeat((n - k) as usize));",
    "            } else if 0 < n && n <= 21 {",
    "                out.push_str(&digits[..n as usize]);",
    "                out.push('.');",
    "                out.push_str(&digits[n as usize..]);",
    "            } else if -6 < n && n <= 0 {",
    "                out.push_str(\"0.\");",
    "                out.push_str(&\"0\".repeat(-n as usize));",
    "                out.push_str(&digits);",
    "            } else {",
    "                out.push_str(&digits[..1]);",
    "                if k > 1 {",
    "                    out.push('.');",
    "                    out.push_str(&digits[1..]);",
    "                }",
    "                let sign = if n > 0 { '+' } else { '-' };",
    "                out.push_str(&format!(\"e{sign}{}\", (n - 1).abs()));",
    "            }",
    "        }",
    "    }",
    "}",
  ],
  toBool: [
    "impl ToJson for bool {",
    "    fn write_json(&self, out: &mut String) {",
    "        out.push_str(if *self { \"true\" } else { \"false\" });",
    "    }",
    "}",
  ],
  toString: [
    "impl ToJson for String {",
    "    /// `JSON.stringify`'s escapes.",
    "    fn write_json(&self, out: &mut String) {",
    "        out.push('\"');",
    "        for c in self.chars() {",
    "            match c {",
    "                '\"' => out.push_str(\"\\\\\\\"\"),",
    "                '\\\\' => out.push_str(\"\\\\\\\\\"),",
    "                '\\n' => out.push_str(\"\\\\n\"),",
    "                '\\r' => out.push_str(\"\\\\r\"),",
    "                '\\t' => out.push_str(\"\\\\t\"),",
    "                '\\u{8}' => out.push_str(\"\\\\b\"),",
    "                '\\u{c}' => out.push_str(\"\\\\f\"),",
    "                c if c < ' ' => out.push_str(&format!(\"\\\\u{:04x}\", c as u32)),",
    "                c => out.push(c),",
    "            }",
    "        }",
    "        out.push('\"');",
    "    }",
    "}",
  ],
  toVec: [
    "impl<T: ToJson> ToJson for Vec<T> {",
    "    fn write_json(&self, out: &mut String) {",
    "        out.push('[');",
    "        for (i, item) in self.iter().enumerate() {",
    "            if i > 0 {",
    "                out.push(',');",
    "            }",
    "            item.write_json(out);",
    "        }",
    "        out.push(']');",
    "    }",
    "}",
  ],
  param: [
    "/// The param `name` from the input's `params`, else its default.",
    "fn param<T: FromJson>(params: Option<&Json>, name: &str, default: T) -> T {",
    "    params",
    "        .and_then(|p| p.member(name))",
    "        .map_or(default, T::from_json)",
    "}",
  ],
  main: [
    "fn main() {",
    "    panic::set_hook(Box::new(|info| {",
    "        let message = info.payload_as_str().unwrap_or(\"the kernel panicked\");",
    "        eprintln!(\"error: {message}\");",
    "    }));",
    "    if panic::catch_unwind(run).is_err() {",
    "        process::exit(1);",
    "    }",
    "}",
  ],
} satisfies Record<string, readonly string[]>;

export interface Harness {
  readonly items: readonly RItem[];
  readonly imports: readonly string[];
}

export interface HarnessNames {
  readonly fn: string;
  readonly record: (irName: string) => string;
  readonly field: (record: string, field: string) => string;
  /** The kernel's Rust parameter names, arguments then params. */
  readonly params: readonly string[];
}

export function programHarness(program: Program, kernel: Kernel, names: HarnessNames): Harness {
  const needsInput = kernel.args.length > 0 || kernel.params.length > 0;
  const inputTypes = closureOfTypes([...kernel.args, ...kernel.params].map((b) => b.type), program);
  const outputTypes = closureOfTypes([kernel.ret], program);
  const verbatim = (lines: readonly string[]): RItem => ({ k: 'verbatim', lines });
  const items: RItem[] = [];
  if (needsInput) {
    items.push(...[PIECES.jsonEnum, PIECES.jsonImpl, PIECES.parserStruct, PIECES.parserImpl, PIECES.fromJsonTrait].map(verbatim));
    items.push(...scalarImpls(inputTypes, FROM_SCALARS).map(verbatim));
    if (kernel.params.length > 0) items.push(verbatim(PIECES.param));
    for (const r of inputTypes.records) items.push(fromJsonImpl(r, program, names));
  }
  items.push(verbatim(PIECES.toJsonTrait));
  items.push(...scalarImpls(outputTypes, TO_SCALARS).map(verbatim));
  for (const r of outputTypes.records) items.push(toJsonImpl(r, program, names));
  items.push(verbatim(PIECES.main));
  items.push(runFn(program, kernel, names, needsInput));
  const imports = ['std::panic', 'std::process', ...(needsInput ? ['std::io::{self, Read}'] : [])];
  return { items, imports };
}

interface TypeSet {
  readonly scalars: Set<string>;
  arrays: boolean;
  /** IR record names, in program order. */
  readonly records: string[];
}

function closureOfTypes(roots: readonly Type[], program: Program): TypeSet {
  const set: TypeSet = { scalars: new Set(), arrays: false, records: [] };
  const seen = new Set<string>();
  const visit = (t: Type): void => {
    if (t.kind === 'array') {
      set.arrays = true;
      visit(t.elem);
    } else if (t.kind === 'record') {
      if (seen.has(t.name)) return;
      seen.add(t.name);
      for (const f of recordFields(t.name, program)) visit(f.type);
    } else {
      set.scalars.add(t.kind);
    }
  };
  roots.forEach(visit);
  set.records.push(...program.records.map((r) => r.name).filter((n) => seen.has(n)));
  return set;
}

function recordFields(name: string, program: Program): readonly { name: string; type: Type }[] {
  const decl = program.records.find((r) => r.name === name);
  if (!decl) throw new Error(`unknown record \`${name}\``);
  return decl.fields;
}

const FROM_SCALARS = { i64: PIECES.fromI64, f64: PIECES.fromF64, bool: PIECES.fromBool, str: PIECES.fromString, array: PIECES.fromVec };
const TO_SCALARS = { i64: PIECES.toI64, f64: PIECES.toF64, bool: PIECES.toBool, str: PIECES.toString, array: PIECES.toVec };

function scalarImpls(types: TypeSet, table: Record<'i64' | 'f64' | 'bool' | 'str' | 'array', readonly string[]>): (readonly string[])[] {
  const out = (['i64', 'f64', 'bool', 'str'] as const).filter((k) => types.scalars.has(k)).map((k) => table[k]);
  if (types.arrays) out.push(table.array);
  return out;
}

const fnItem = (name: string, params: { pat: string; ty: string }[], ret: string | null, stmts: RStmt[], tail: RExpr | null): Extract<RItem, { k: 'fn' }> => ({
  k: 'fn',
  doc: [],
  attrs: [],
  pub: false,
  name,
  params,
  ret,
  body: block(stmts, tail),
});

/** Decodes a record from an object keyed by the source's field names. */
function fromJsonImpl(record: string, program: Program, names: HarnessNames): RItem {
  const rust = names.record(record);
  const fields = recordFields(record, program).map((f) => ({
    name: names.field(record, f.name),
    value: method(method(path('json'), 'field', [lit(rustString(f.name))]), 'decode'),
  }));
  return { k: 'impl', header: `impl FromJson for ${rust}`, fns: [fnItem('from_json', [{ pat: 'json', ty: '&Json' }], 'Self', [], structLit(rust, fields))] };
}

/** Writes a record as an object keyed by the source's field names, in declaration order. */
function toJsonImpl(record: string, program: Program, names: HarnessNames): RItem {
  const fields = recordFields(record, program);
  const stmts: RStmt[] = [];
  const out = path('out');
  if (fields.length === 0) stmts.push(exprStmt(method(out, 'push_str', [lit('"{}"')])));
  fields.forEach((f, i) => {
    const key = `${i === 0 ? '{' : ','}${JSON.stringify(f.name)}:`;
    stmts.push(exprStmt(method(out, 'push_str', [lit(rustString(key))])));
    stmts.push(exprStmt(method(field(path('self'), names.field(record, f.name)), 'write_json', [out])));
  });
  if (fields.length > 0) stmts.push(exprStmt(method(out, 'push', [lit("'}'")])));
  const fn = fnItem('write_json', [{ pat: '&self', ty: '' }, { pat: 'out', ty: '&mut String' }], null, stmts, null);
  return { k: 'impl', header: `impl ToJson for ${names.record(record)}`, fns: [fn] };
}

/** `run`: decode the input, call the kernel, print the result. */
function runFn(program: Program, kernel: Kernel, names: HarnessNames, needsInput: boolean): RItem {
  const namer = new Namer(RUST_NAMING);
  // The kernel's own parameter names (an unused one is `_x` there, but used here).
  const locals = names.params.map((p) => namer.claim(p.replace(/^_/, '')));
  const [text, input, args, params, result] = ['text', 'input', 'args', 'params', 'result'].map((n) => namer.claim(n)) as [string, string, string, string, string];
  const stmts: RStmt[] = [];
  if (needsInput) {
    stmts.push(letStmt(`mut ${text}`, call('String::new', [])));
    const read = method(method(call('io::stdin', []), 'read_to_string', [unary('&mut ', path(text))]), 'expect', [lit('"cannot read stdin"')]);
    stmts.push(exprStmt(read));
    stmts.push(letStmt(input, call('Json::parse', [unary('&', path(text))])));
    if (kernel.args.length > 0) stmts.push(letStmt(args, method(path(input), 'field', [lit('"args"')])));
    if (kernel.params.length > 0) stmts.push(letStmt(params, method(path(input), 'member', [lit('"params"')])));
  }
  const callArgs: RExpr[] = [];
  kernel.args.forEach((a, i) => {
    const local = locals[i]!;
    const decoded = method(method(path(args), 'field', [lit(rustString(a.name))]), 'decode');
    stmts.push(letStmt(local, decoded, ownedType(a.type, names.record)));
    callArgs.push(isCopy(a.type) ? path(local) : unary('&', path(local)));
  });
  kernel.params.forEach((p, i) => {
    const local = locals[kernel.args.length + i]!;
    const decl = program.params.find((d) => d.name === p.name);
    if (!decl) throw new Error(`param \`${p.name}\` is not declared`);
    stmts.push(letStmt(local, call('param', [path(params), lit(rustString(p.name)), literal(decl.default)])));
    callArgs.push(path(local));
  });
  stmts.push(letStmt(result, call(names.fn, callArgs)));
  stmts.push(exprStmt(call('println!', [lit('"{}"'), method(path(result), 'to_json')])));
  return { ...fnItem('run', [], null, stmts, null), doc: ['Reads `{"args": {...}, "params": {...}}` on stdin, runs `' + names.fn + '` and prints its result.'] };
}
