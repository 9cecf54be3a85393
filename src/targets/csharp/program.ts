// Program mode: `Program.Main` reads `{"args": {...}, "params": {...}}` from stdin with a small
// JSON parser (no packages; System.Text.Json is .NET Core only and Mono lacks it), calls the
// entry kernel, and prints the result as one line of canonical JSON. A runtime error prints
// `error: <message>` on stderr and exits with status 1.

import type { Kernel, Program } from '../../ir/ir.js';
import type { Type } from '../../lang/types.js';
import { group, hardline, indent, join, line, type Doc } from '../doc.js';
import type { FileContext } from './context.js';
import { braced } from './helpers.js';
import { LocalScope } from './names.js';
import { literal, stringLiteral } from './scalar.js';
import { call, lambda, member, name, printExpr, type CsExpr } from './syntax.js';

const PROGRAM_USINGS = ['System', 'System.Collections.Generic', 'System.Globalization', 'System.IO', 'System.Linq', 'System.Text'];

/** The `Program` class and the JSON parser classes, for running `entry` (whose method is `method`). */
export function programDecls(file: FileContext, program: Program, entry: Kernel, method: string): Doc[] {
  PROGRAM_USINGS.forEach((u) => file.using(u));
  const harness = new Harness(file);
  const main = harness.main(program, entry, method);
  return [
    braced('internal static class Program', [join([hardline, hardline], [main, ...harness.members()])]),
    JSON_NUMBER,
    JSON_PARSER,
  ];
}

class Harness {
  private readonly readers = new Map<string, string>();
  private readonly writers = new Set<string>();
  private readonly scalarReaders = new Set<string>();
  private readonly scalarWriters = new Set<string>();
  private arrays = { read: false, write: false };
  private params = false;

  constructor(private readonly file: FileContext) {}

  main(program: Program, entry: Kernel, method: string): Doc {
    const scope = new LocalScope();
    const input = scope.fresh('input');
    const args = scope.fresh('arguments');
    const result = scope.fresh('result');
    const callArgs: CsExpr[] = [
      ...entry.args.map((a) => this.read(scope, call(null, 'Member', name(args), name(stringLiteral(a.name))), a.type)),
      ...entry.params.map((p) => {
        const decl = program.params.find((d) => d.name === p.name);
        if (!decl) throw new Error(`param ${p.name} is not declared`);
        this.params = true;
        return call(null, 'ReadParam', name(input), name(stringLiteral(p.name)), this.reader(scope, p.type), literal(decl.default));
      }),
    ];
    const statements: Doc[] = [
      `object ${input};`,
      braced('using (var stdin = new StreamReader(Console.OpenStandardInput(), new UTF8Encoding(false)))', [
        `${input} = JsonParser.Parse(stdin.ReadToEnd());`,
      ]),
    ];
    if (entry.args.length > 0) statements.push(`var ${args} = Member(${input}, "args");`);
    statements.push(
      group(['var ', result, ' = ', printExpr(call(name('Kernels'), method, ...callArgs)), ';']),
      group(['Console.WriteLine(', printExpr(this.write(scope, name(result), entry.ret)), ');']),
      'return 0;',
    );
    return braced('private static int Main()', [
      braced('try', statements),
      braced('catch (Exception error)', [
        '// PLINQ wraps what a kernel throws in an AggregateException.',
        'var cause = error is AggregateException && error.InnerException != null ? error.InnerException : error;',
        'Console.Error.WriteLine("error: " + cause.Message);',
        'return 1;',
      ]),
    ]);
  }

  /** Declarations of every reader and writer `main` used, in a fixed order. */
  members(): Doc[] {
    const out: Doc[] = [MEMBER];
    if (this.params) out.push(READ_PARAM);
    if (this.arrays.read) out.push(READ_ARRAY);
    for (const reader of ['ReadBool', 'ReadDouble', 'ReadInt64', 'ReadString']) {
      if (this.scalarReaders.has(reader)) out.push(SCALAR_READERS[reader]!);
    }
    for (const record of this.file.program.records) {
      const method = this.readers.get(record.name);
      if (method !== undefined) out.push(this.recordReader(record.name, method));
    }
    if (this.arrays.write) out.push(TO_JSON_ARRAY);
    for (const t of ['bool', 'double', 'long', 'string']) if (this.scalarWriters.has(t)) out.push(SCALAR_WRITERS[t]!);
    for (const record of this.file.program.records) {
      if (this.writers.has(record.name)) out.push(this.recordWriter(record.name));
    }
    return out;
  }

  /** Marks the readers a value of type `t` needs (a record's reader needs its fields' readers). */
  private needReader(t: Type): void {
    if (t.kind === 'array') {
      this.arrays.read = true;
      this.needReader(t.elem);
    } else if (t.kind === 'record') {
      if (this.readers.has(t.name)) return;
      this.readers.set(t.name, this.file.names.claim(`Read${this.file.record(t.name).className}`));
      for (const f of this.recordFields(t.name)) this.needReader(f.type);
    } else this.scalarReaders.add(SCALAR_READER_NAMES[t.kind]);
  }

  /** Marks the writers a value of type `t` needs. */
  private needWriter(t: Type): void {
    if (t.kind === 'array') {
      this.arrays.write = true;
      this.needWriter(t.elem);
    } else if (t.kind === 'record') {
      if (this.writers.has(t.name)) return;
      this.writers.add(t.name);
      for (const f of this.recordFields(t.name)) this.needWriter(f.type);
    } else this.scalarWriters.add(this.file.csType(t));
  }

  /** An expression reading a value of type `t` from the JSON value `json`. */
  private read(scope: LocalScope, json: CsExpr, t: Type): CsExpr {
    this.needReader(t);
    if (t.kind === 'array') return call(null, 'ReadArray', json, this.reader(scope, t.elem));
    return call(null, this.readerName(t), json);
  }

  /** A function from a JSON value to a value of type `t` (a method group where one exists). */
  private reader(scope: LocalScope, t: Type): CsExpr {
    this.needReader(t);
    if (t.kind !== 'array') return name(this.readerName(t));
    const [item] = scope.openLambda([{ preferred: 'item' }]);
    const body = this.read(scope, name(item!), t);
    scope.closeLambda();
    return lambda([item!], body);
  }

  private readerName(t: Type): string {
    if (t.kind === 'array') throw new Error('arrays are read with ReadArray');
    return t.kind === 'record' ? this.readers.get(t.name)! : SCALAR_READER_NAMES[t.kind];
  }

  /** An expression giving the canonical JSON text of `value` (type `t`). */
  private write(scope: LocalScope, value: CsExpr, t: Type): CsExpr {
    this.needWriter(t);
    if (t.kind !== 'array') return call(null, 'ToJson', value);
    const [item] = scope.openLambda([{ preferred: t.elem.kind === 'array' ? 'items' : 'item' }]);
    const body = this.write(scope, name(item!), t.elem);
    scope.closeLambda();
    return call(null, 'ToJsonArray', value, lambda([item!], body));
  }

  private recordFields(irName: string): Program['records'][number]['fields'] {
    const decl = this.file.program.records.find((r) => r.name === irName);
    if (!decl) throw new Error(`unknown record ${irName}`);
    return decl.fields;
  }

  private recordReader(irName: string, method: string): Doc {
    const record = this.file.record(irName);
    const scope = new LocalScope();
    const json = scope.fresh('json');
    const args = this.recordFields(irName).map((f) => this.read(scope, call(null, 'Member', name(json), name(stringLiteral(f.name))), f.type));
    return group([
      `private static ${record.className} ${method}(object ${json}) =>`,
      indent([line, printExpr({ k: 'new', type: record.className, args }), ';']),
    ]);
  }

  /** `{"field":value,...}` with the source's field names, in declaration order. */
  private recordWriter(irName: string): Doc {
    const record = this.file.record(irName);
    const scope = new LocalScope();
    const value = scope.fresh('value');
    const parts: Doc[] = this.recordFields(irName).map((f, i) => {
      const key = stringLiteral(`${i === 0 ? '{' : ','}${JSON.stringify(f.name)}:`);
      return [key, ' + ', printExpr(this.write(scope, member(name(value), record.properties.get(f.name)!), f.type))];
    });
    return group([
      `private static string ToJson(${record.className} ${value}) =>`,
      indent([line, join([line, '+ '], [...parts, '"}"']), ';']),
    ]);
  }
}

const SCALAR_READER_NAMES = { i64: 'ReadInt64', f64: 'ReadDouble', bool: 'ReadBool', str: 'ReadString' } as const;

const MEMBER = braced('private static object Member(object json, string key)', [
  'var members = json as Dictionary<string, object>;',
  'object value;',
  braced('if (members == null || !members.TryGetValue(key, out value))', [
    'throw new FormatException("expected a JSON object with the key \\"" + key + "\\"");',
  ]),
  'return value;',
]);

const READ_PARAM = [
  '// A param given in the input, else its declared default.',
  hardline,
  braced('private static T ReadParam<T>(object input, string name, Func<object, T> read, T fallback)', [
    'var members = input as Dictionary<string, object>;',
    'object parameters;',
    'object value;',
    braced('if (members != null && members.TryGetValue("params", out parameters) && parameters is Dictionary<string, object>)', [
      'return ((Dictionary<string, object>)parameters).TryGetValue(name, out value) ? read(value) : fallback;',
    ]),
    'return fallback;',
  ]),
];

const READ_ARRAY = braced('private static T[] ReadArray<T>(object json, Func<object, T> read)', [
  'var items = json as List<object>;',
  braced('if (items == null)', ['throw new FormatException("expected a JSON array");']),
  'return items.Select(read).ToArray();',
]);

const SCALAR_READERS: Readonly<Record<string, Doc>> = {
  ReadBool: braced('private static bool ReadBool(object json)', [
    braced('if (!(json is bool))', ['throw new FormatException("expected true or false");']),
    'return (bool)json;',
  ]),
  ReadDouble: braced('private static double ReadDouble(object json)', [
    'var number = json as JsonNumber;',
    braced('if (number != null)', ['return double.Parse(number.Text, NumberStyles.Float, CultureInfo.InvariantCulture);']),
    braced('switch (json as string)', [
      'case "NaN":',
      indent([hardline, 'return double.NaN;']),
      hardline,
      'case "Infinity":',
      indent([hardline, 'return double.PositiveInfinity;']),
      hardline,
      'case "-Infinity":',
      indent([hardline, 'return double.NegativeInfinity;']),
      hardline,
      'default:',
      indent([hardline, 'throw new FormatException("expected a number, \\"NaN\\", \\"Infinity\\" or \\"-Infinity\\"");']),
    ]),
  ]),
  ReadInt64: braced('private static long ReadInt64(object json)', [
    'var number = json as JsonNumber;',
    braced('if (number == null)', ['throw new FormatException("expected an integer");']),
    'return long.Parse(number.Text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);',
  ]),
  ReadString: braced('private static string ReadString(object json)', [
    'var text = json as string;',
    braced('if (text == null)', ['throw new FormatException("expected a string");']),
    'return text;',
  ]),
};

const TO_JSON_ARRAY = [
  'private static string ToJsonArray<T>(IEnumerable<T> items, Func<T, string> toJson) =>',
  indent([hardline, '"[" + string.Join(",", items.Select(toJson)) + "]";']),
];

const SCALAR_WRITERS: Readonly<Record<string, Doc>> = {
  bool: 'private static string ToJson(bool value) => value ? "true" : "false";',
  double: [
    '// NaN and the infinities as strings; otherwise the shortest of G15, G16 and G17 that reads',
    hardline,
    '// back exactly ("R" is shortest on .NET Core 3.0+, but on Mono it can lose the last bit).',
    hardline,
    braced('private static string ToJson(double value)', [
      braced('if (double.IsNaN(value))', ['return "\\"NaN\\"";']),
      braced('if (double.IsInfinity(value))', ['return value > 0 ? "\\"Infinity\\"" : "\\"-Infinity\\"";']),
      braced('if (value == 0)', ['return 1 / value < 0 ? "-0" : "0";']),
      braced('for (var digits = 15; digits < 17; digits++)', [
        'var text = value.ToString("G" + digits, CultureInfo.InvariantCulture);',
        braced('if (double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture) == value)', ['return text;']),
      ]),
      'return value.ToString("G17", CultureInfo.InvariantCulture);',
    ]),
  ],
  long: 'private static string ToJson(long value) => value.ToString(CultureInfo.InvariantCulture);',
  string: [
    '// ASCII-only JSON: every other UTF-16 unit as \\uXXXX, whatever the console encoding is.',
    hardline,
    braced('private static string ToJson(string value)', [
      'var json = new StringBuilder("\\"");',
      braced('foreach (var c in value)', [
        braced(`if (c == '"' || c == '\\\\')`, [`json.Append('\\\\').Append(c);`]),
        braced(`else if (c < ' ' || c > '~')`, ['json.Append("\\\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));']),
        braced('else', ['json.Append(c);']),
      ]),
      `return json.Append('"').ToString();`,
    ]),
  ],
};

const JSON_NUMBER = braced('internal sealed class JsonNumber', [
  braced('public JsonNumber(string text)', ['Text = text;']),
  '',
  'public string Text { get; }',
]);

/** A minimal JSON parser: objects, arrays, strings, numbers (kept as text), true and false. */
const JSON_PARSER = [
  '// Objects become Dictionary<string, object>, arrays List<object>, numbers JsonNumber (their',
  hardline,
  '// text, so that an i64 is read exactly).',
  hardline,
  braced('internal sealed class JsonParser', [
    'private readonly string text;',
    'private int position;',
    '',
    braced('private JsonParser(string text)', ['this.text = text;']),
    '',
    braced('public static object Parse(string text)', [
      'var parser = new JsonParser(text);',
      'var value = parser.ReadValue();',
      'parser.SkipWhitespace();',
      braced('if (parser.position != text.Length)', ['throw parser.Error("unexpected text after the value");']),
      'return value;',
    ]),
    '',
    braced('private object ReadValue()', [
      'SkipWhitespace();',
      braced('if (position == text.Length)', ['throw Error("unexpected end of input");']),
      braced('switch (text[position])', [
        "case '{':",
        indent([hardline, 'return ReadObject();']),
        hardline,
        "case '[':",
        indent([hardline, 'return ReadArray();']),
        hardline,
        "case '\"':",
        indent([hardline, 'return ReadString();']),
        hardline,
        "case 't':",
        indent([hardline, 'return ReadLiteral("true", true);']),
        hardline,
        "case 'f':",
        indent([hardline, 'return ReadLiteral("false", false);']),
        hardline,
        'default:',
        indent([hardline, 'return ReadNumber();']),
      ]),
    ]),
    '',
    braced('private Dictionary<string, object> ReadObject()', [
      'var members = new Dictionary<string, object>();',
      'position++;',
      braced('if (TryConsume(\'}\'))', ['return members;']),
      braced('do', ['SkipWhitespace();', 'var key = ReadString();', "Expect(':');", 'members[key] = ReadValue();']),
      "while (TryConsume(','));",
      "Expect('}');",
      'return members;',
    ]),
    '',
    braced('private List<object> ReadArray()', [
      'var items = new List<object>();',
      'position++;',
      braced("if (TryConsume(']'))", ['return items;']),
      braced('do', ['items.Add(ReadValue());']),
      "while (TryConsume(','));",
      "Expect(']');",
      'return items;',
    ]),
    '',
    braced('private string ReadString()', [
      'Expect(\'"\');',
      'var value = new StringBuilder();',
      braced('while (position < text.Length)', [
        'var c = text[position++];',
        braced("if (c == '\"')", ['return value.ToString();']),
        braced("if (c != '\\\\')", ['value.Append(c);']),
        braced("else if (position < text.Length && text[position] == 'u' && position + 5 <= text.Length)", [
          'value.Append((char)int.Parse(text.Substring(position + 1, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture));',
          'position += 5;',
        ]),
        braced('else if (position < text.Length && "\\"\\\\/bfnrt".IndexOf(text[position]) >= 0)', [
          'value.Append("\\"\\\\/\\b\\f\\n\\r\\t"["\\"\\\\/bfnrt".IndexOf(text[position++])]);',
        ]),
        braced('else', ['throw Error("invalid escape");']),
      ]),
      'throw Error("unterminated string");',
    ]),
    '',
    braced('private object ReadLiteral(string word, bool value)', [
      braced('if (string.CompareOrdinal(text, position, word, 0, word.Length) != 0)', ['throw Error("unexpected character");']),
      'position += word.Length;',
      'return value;',
    ]),
    '',
    braced('private JsonNumber ReadNumber()', [
      'var start = position;',
      braced('while (position < text.Length && "+-.0123456789eE".IndexOf(text[position]) >= 0)', ['position++;']),
      braced('if (position == start)', ['throw Error("unexpected character");']),
      'return new JsonNumber(text.Substring(start, position - start));',
    ]),
    '',
    braced('private bool TryConsume(char c)', [
      'SkipWhitespace();',
      braced('if (position < text.Length && text[position] == c)', ['position++;', 'return true;']),
      'return false;',
    ]),
    '',
    braced('private void Expect(char c)', [braced('if (!TryConsume(c))', ['throw Error("expected \'" + c + "\'");'])]),
    '',
    braced('private void SkipWhitespace()', [
      braced('while (position < text.Length && " \\t\\r\\n".IndexOf(text[position]) >= 0)', ['position++;']),
    ]),
    '',
    braced('private FormatException Error(string message)', [
      'return new FormatException("invalid JSON at offset " + position + ": " + message);',
    ]),
  ]),
];

