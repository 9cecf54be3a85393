// Program mode: the harness that makes the file a runnable program. It reads
// `{"args": {...}, "params": {...}}` from stdin, decodes the entry kernel's arguments by their
// types (i64 exactly: numbers are kept as text, since JSON.parse rounds beyond 2^53), passes
// `undefined` for params the input leaves out (so the kernel's defaults apply), and prints the
// result as one line of canonical JSON (docs/language.md, "Program mode"). Runtime errors print
// `error: <message>` on stderr and set the exit status to 1.
//
// The few Node.js globals used are declared in the file (`declare const process`), so it
// type-checks under `tsc --strict` with or without @types/node.

import { hardline, indent, join, type Doc } from '../doc.js';
import type { Kernel, RecordDecl } from '../../ir/ir.js';
import type { Type } from '../../lang/types.js';
import type { Namer } from '../names.js';
import { block, call, functionDecl, ident, objectLit, returnStmt, stringLit, type Js } from './syntax.js';
import { tsType, type RecordNames } from './types.js';

export interface HarnessInput {
  readonly entry: Kernel;
  /** The entry kernel's TypeScript name. */
  readonly entryName: string;
  readonly records: readonly RecordDecl[];
  readonly recordNames: RecordNames;
  /** Top-level scope after kernels and records are named: decoder names are claimed here. */
  readonly scope: Namer;
}

export function programHarness(h: HarnessInput): Doc[] {
  const decoders = new RecordDecoders(h);
  // runProgram calls the entry kernel: its locals must not shadow a kernel's name.
  const text = h.scope.claim('text');
  const input = ident(h.scope.claim('input'));
  const args = h.entry.args.map((a) => call('decodeArg', [input, stringLit(a.name), decoders.of(a.type)]));
  const params = h.entry.params.map((p) => call('decodeParam', [input, stringLit(p.name), decoders.of(p.type)]));
  const result = call(h.entryName, [...args, ...params]);
  return [
    [
      '// Program mode: reads {"args": {...}, "params": {...}} as JSON on stdin,',
      hardline,
      `// runs \`${h.entryName}\` and prints its result as one line of JSON.`,
    ],
    PROCESS,
    JSON_NUMBER,
    'type Json = null | boolean | string | JsonNumber | Json[] | { [key: string]: Json };',
    'type Decoder<T> = (json: Json | undefined, path: string) => T;',
    PARSE_JSON,
    IS_JSON_OBJECT,
    MEMBER,
    ...SCALAR_DECODERS,
    DECODE_ARRAY,
    ...decoders.declarations(),
    DECODE_ARG,
    DECODE_PARAM,
    functionDecl({
      name: 'runProgram',
      params: [`${text}: string`],
      returns: 'string',
      body: [['const ', input.doc, ` = parseJson(${text});`], ['return ', call('toJson', [result]).doc, ';']],
    }),
    TO_JSON,
    READ_STDIN,
    MAIN,
  ];
}

/** `decodeTrade` functions for the records reachable from the entry kernel's arguments. */
class RecordDecoders {
  private readonly names = new Map<string, string>();
  private readonly order: RecordDecl[] = [];

  constructor(private readonly h: HarnessInput) {}

  /** The decoder expression for `t`, e.g. `decodeArray(decodeTrade)`. */
  of(t: Type): Js {
    switch (t.kind) {
      case 'i64':
        return ident('decodeI64');
      case 'f64':
        return ident('decodeF64');
      case 'bool':
        return ident('decodeBool');
      case 'str':
        return ident('decodeStr');
      case 'array':
        return call('decodeArray', [this.of(t.elem)]);
      case 'record':
        return ident(this.nameOf(t.name));
    }
  }

  private nameOf(record: string): string {
    const known = this.names.get(record);
    if (known !== undefined) return known;
    const decl = this.h.records.find((r) => r.name === record);
    if (decl === undefined) throw new Error(`unknown record ${record}`);
    const name = this.h.scope.claim(`decode${this.h.recordNames(record)}`);
    this.names.set(record, name);
    this.order.push(decl);
    decl.fields.forEach((f) => this.of(f.type));
    return name;
  }

  declarations(): Doc[] {
    return this.order.map((decl) => {
      const fields = decl.fields.map((f) => {
        const path = ident(`\`\${path}.${f.name}\``);
        return { key: f.name, value: call(this.of(f.type).doc, [call('jsonMember', [ident('json'), stringLit(f.name)]), path]) };
      });
      const type = tsType({ kind: 'record', name: decl.name, fields: decl.fields }, this.h.recordNames);
      return functionDecl({
        name: this.names.get(decl.name)!,
        params: ['json: Json | undefined', 'path: string'],
        returns: type,
        body: [
          ['if (!isJsonObject(json)) ', block(['throw new TypeError(`${path}: expected an object`);'])],
          returnStmt(objectLit(fields)),
        ],
      });
    });
  }
}

// ---------------------------------------------------------------------------------------------
// The fixed part of the harness

const stmts = (...lines: Doc[]): Doc => join(hardline, lines);

const PROCESS: Doc = [
  '// The Node.js globals used here, declared so the file type-checks without @types/node.',
  hardline,
  'declare const process: {',
  indent([
    hardline,
    stmts(
      "readonly stdin: AsyncIterable<string> & { setEncoding(encoding: 'utf8'): unknown };",
      'readonly stdout: { write(text: string): unknown };',
      'readonly stderr: { write(text: string): unknown };',
      'exitCode?: number;',
    ),
  ]),
  hardline,
  '};',
];

const JSON_NUMBER: Doc = [
  '/** A JSON number as written, so that i64 values are read exactly. */',
  hardline,
  'class JsonNumber {',
  indent([hardline, 'constructor(readonly text: string) {}']),
  hardline,
  '}',
];

const PARSE_JSON: Doc = functionDecl({
  name: 'parseJson',
  params: ['text: string'],
  returns: 'Json',
  body: [
    '// Every number token becomes {"#": "<token>"} (strings are matched whole, so digits inside',
    '// them stay), and the reviver turns those objects into JsonNumbers.',
    [
      'const marked = text.replace(/"(?:[^"\\\\]|\\\\.)*"|-?\\d[\\d.eE+-]*/g, (token) =>',
      indent([hardline, 'token.startsWith(\'"\') ? token : `{"#":"${token}"}`,']),
      hardline,
      ');',
    ],
    [
      'return JSON.parse(marked, (_key, value: unknown) =>',
      indent([
        hardline,
        "typeof value === 'object' && value !== null && '#' in value",
        indent([hardline, "? new JsonNumber(String(value['#']))", hardline, ': value,']),
      ]),
      hardline,
      ');',
    ],
  ],
});

const IS_JSON_OBJECT: Doc = functionDecl({
  name: 'isJsonObject',
  params: ['json: Json | undefined'],
  returns: 'json is { [key: string]: Json }',
  body: [
    [
      'return (',
      indent([
        hardline,
        stmts("typeof json === 'object' &&", 'json !== null &&', '!Array.isArray(json) &&', '!(json instanceof JsonNumber)'),
      ]),
      hardline,
      ');',
    ],
  ],
});

const MEMBER: Doc = functionDecl({
  name: 'jsonMember',
  params: ['json: Json | undefined', 'name: string'],
  returns: 'Json | undefined',
  body: ['return isJsonObject(json) && Object.hasOwn(json, name) ? json[name] : undefined;'],
});

const decoder = (name: string, returns: string, body: Doc[]): Doc =>
  functionDecl({ name, params: ['json: Json | undefined', 'path: string'], returns, body });

const ifThen = (test: string, then: Doc[]): Doc => [`if (${test}) `, block(then)];

const SCALAR_DECODERS: Doc[] = [
  decoder('decodeI64', 'bigint', [
    ifThen('json instanceof JsonNumber && /^-?\\d+$/.test(json.text)', [
      'const value = BigInt(json.text);',
      ifThen('BigInt.asIntN(64, value) === value', ['return value;']),
    ]),
    'throw new TypeError(`${path}: expected an i64 (an integer within 64 bits)`);',
  ]),
  decoder('decodeF64', 'number', [
    ifThen('json instanceof JsonNumber', ['return Number(json.text);']),
    ifThen("json === 'NaN' || json === 'Infinity' || json === '-Infinity'", ['return Number(json);']),
    'throw new TypeError(`${path}: expected an f64 (a number, "NaN", "Infinity" or "-Infinity")`);',
  ]),
  decoder('decodeBool', 'boolean', [
    ifThen("typeof json === 'boolean'", ['return json;']),
    'throw new TypeError(`${path}: expected a bool`);',
  ]),
  decoder('decodeStr', 'string', [
    ifThen("typeof json === 'string'", ['return json;']),
    'throw new TypeError(`${path}: expected a string`);',
  ]),
];

const DECODE_ARRAY: Doc = functionDecl({
  name: 'decodeArray',
  typeParams: '<T>',
  params: ['decodeItem: Decoder<T>'],
  returns: 'Decoder<T[]>',
  body: [
    [
      'return (json, path) => ',
      block([
        ifThen('!Array.isArray(json)', ['throw new TypeError(`${path}: expected an array`);']),
        'return json.map((item, i) => decodeItem(item, `${path}[${i}]`));',
      ]),
      ';',
    ],
  ],
});

const DECODE_ARG: Doc = functionDecl({
  name: 'decodeArg',
  typeParams: '<T>',
  params: ['input: Json', 'name: string', 'decode: Decoder<T>'],
  returns: 'T',
  body: ["return decode(jsonMember(jsonMember(input, 'args'), name), `args.${name}`);"],
});

const DECODE_PARAM: Doc = functionDecl({
  name: 'decodeParam',
  typeParams: '<T>',
  params: ['input: Json', 'name: string', 'decode: Decoder<T>'],
  returns: 'T | undefined',
  doc: 'A param the input leaves out is `undefined`, so the kernel uses its default.',
  body: [
    "const json = jsonMember(jsonMember(input, 'params'), name);",
    'return json === undefined ? undefined : decode(json, `params.${name}`);',
  ],
});

const TO_JSON: Doc = functionDecl({
  name: 'toJson',
  params: ['value: unknown'],
  returns: 'string',
  doc: 'Canonical JSON: i64 exact, f64 shortest round-trip (-0 kept), NaN and ±Infinity as strings.',
  body: [
    ifThen("typeof value === 'bigint'", ['return String(value);']),
    ifThen("typeof value === 'number'", [
      "const text = Object.is(value, -0) ? '-0' : String(value);",
      'return Number.isFinite(value) ? text : `"${text}"`;',
    ]),
    ifThen('Array.isArray(value)', ["return `[${value.map(toJson).join(',')}]`;"]),
    ifThen("typeof value === 'object' && value !== null", [
      '// Records are built with their fields in declaration order.',
      [
        'const fields = Object.entries(value).map(',
        indent([hardline, '([key, field]) => `${JSON.stringify(key)}:${toJson(field)}`,']),
        hardline,
        ');',
      ],
      "return `{${fields.join(',')}}`;",
    ]),
    'return JSON.stringify(value);',
  ],
});

const READ_STDIN: Doc = functionDecl({
  async: true,
  name: 'readStdin',
  params: [],
  returns: 'Promise<string>',
  body: [
    "process.stdin.setEncoding('utf8');",
    "let text = '';",
    ['for await (const chunk of process.stdin) ', block(['text += chunk;'])],
    'return text;',
  ],
});

const MAIN: Doc = [
  'readStdin()',
  indent([
    hardline,
    ['.then((text) => ', block(['process.stdout.write(`${runProgram(text)}\\n`);']), ')'],
    hardline,
    [
      '.catch((error: unknown) => ',
      block([
        'process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\\n`);',
        'process.exitCode = 1;',
      ]),
      ');',
    ],
  ]),
];
