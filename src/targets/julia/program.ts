// Program mode: the kernels plus a harness that reads `{"args": ..., "params": ...}` from stdin,
// calls the entry kernel and prints its result as one line of canonical JSON.
//
// Julia's standard library has no JSON module (JSON.jl is a package), so the harness carries a
// small reader: objects become `Dict{String, Any}`, arrays `Vector{Any}`, and numbers keep their
// text (`JSONNumber`) until a declared type reads them, so an i64 is parsed exactly and an f64
// correctly rounded. `from_json` and `write_json` dispatch on the declared types; records are
// read and written by their source field names, in declaration order. Julia's `print` of a
// Float64 is already the shortest round-trip spelling (`0.1`, `1.0e21`, `-0.0`).

import type { Kernel, Program } from '../../ir/ir.js';
import type { Type } from '../../lang/types.js';
import { hardline, indent, join, type Doc } from '../doc.js';
import type { FileContext } from './context.js';
import { literal, stringText } from './literals.js';
import { block, exprDoc, stmtDoc } from './printer.js';
import { assign, call, dot, exprStmt, id, index, kw, lit, namedTuple, typeExpr, type JExpr, type JStmt } from './syntax.js';
import { juliaType } from './types.js';
import { paramDefault } from './kernel.js';
import { ScopeNames, type JuliaIdent } from './names.js';

/** The fixed part of every harness (exported so tests can check it once, not per program). */
export const JSON_READER = `# A minimal JSON reader: objects become Dict{String, Any}, arrays Vector{Any}, numbers keep
# their text until a declared type reads them.
struct JSONNumber
    text::String
end

mutable struct JSONReader
    bytes::Vector{UInt8}
    pos::Int
end

function parse_json(text::String)
    reader = JSONReader(Vector{UInt8}(text), 1)
    value = read_value(reader)
    skip_whitespace(reader)
    reader.pos > length(reader.bytes) || error("unexpected text after the JSON value")
    return value
end

peek_byte(r::JSONReader) = r.pos <= length(r.bytes) ? r.bytes[r.pos] : 0x00

function skip_whitespace(r::JSONReader)
    while r.pos <= length(r.bytes) && r.bytes[r.pos] in (0x20, 0x09, 0x0a, 0x0d)
        r.pos += 1
    end
end

function expect_byte(r::JSONReader, b::UInt8)
    skip_whitespace(r)
    peek_byte(r) == b || error("expected '" * Char(b) * "' at byte " * string(r.pos))
    r.pos += 1
end

function read_value(r::JSONReader)
    skip_whitespace(r)
    b = peek_byte(r)
    if b == UInt8('{')
        return read_object(r)
    elseif b == UInt8('[')
        return read_array(r)
    elseif b == UInt8('"')
        return read_string(r)
    elseif b == UInt8('t')
        return read_literal(r, "true", true)
    elseif b == UInt8('f')
        return read_literal(r, "false", false)
    elseif b == UInt8('n')
        return read_literal(r, "null", nothing)
    else
        return read_number(r)
    end
end

function read_literal(r::JSONReader, word::String, value)
    last = r.pos + ncodeunits(word) - 1
    last <= length(r.bytes) && r.bytes[r.pos:last] == codeunits(word) ||
        error("invalid JSON at byte " * string(r.pos))
    r.pos = last + 1
    return value
end

function read_number(r::JSONReader)
    start = r.pos
    while r.pos <= length(r.bytes) && r.bytes[r.pos] in b"+-0123456789.eE"
        r.pos += 1
    end
    r.pos > start || error("invalid JSON at byte " * string(start))
    return JSONNumber(String(r.bytes[start:r.pos - 1]))
end

function read_hex4(r::JSONReader)
    code = parse(UInt32, String(r.bytes[r.pos:r.pos + 3]); base = 16)
    r.pos += 4
    return code
end

function read_string(r::JSONReader)
    expect_byte(r, UInt8('"'))
    out = IOBuffer()
    while true
        r.pos <= length(r.bytes) || error("unterminated JSON string")
        b = r.bytes[r.pos]
        r.pos += 1
        if b == UInt8('"')
            return String(take!(out))
        elseif b != UInt8('\\\\')
            write(out, b)
            continue
        end
        e = r.bytes[r.pos]
        r.pos += 1
        if e == UInt8('u')
            code = read_hex4(r)
            if 0xd800 <= code <= 0xdbff && r.pos + 1 <= length(r.bytes) && r.bytes[r.pos] == UInt8('\\\\')
                r.pos += 2 # the low surrogate's backslash and u
                code = 0x10000 + ((code - 0xd800) << 10) + (read_hex4(r) - 0xdc00)
            end
            print(out, Char(code))
        else
            escaped = Dict(UInt8('n') => 0x0a, UInt8('t') => 0x09, UInt8('r') => 0x0d, UInt8('b') => 0x08, UInt8('f') => 0x0c)
            write(out, get(escaped, e, e))
        end
    end
end

function read_array(r::JSONReader)
    expect_byte(r, UInt8('['))
    items = Any[]
    skip_whitespace(r)
    if peek_byte(r) == UInt8(']')
        r.pos += 1
        return items
    end
    while true
        push!(items, read_value(r))
        skip_whitespace(r)
        b = peek_byte(r)
        r.pos += 1
        b == UInt8(']') && return items
        b == UInt8(',') || error("expected ',' or ']' at byte " * string(r.pos - 1))
    end
end

function read_object(r::JSONReader)
    expect_byte(r, UInt8('{'))
    fields = Dict{String, Any}()
    skip_whitespace(r)
    if peek_byte(r) == UInt8('}')
        r.pos += 1
        return fields
    end
    while true
        skip_whitespace(r)
        key = read_string(r)
        expect_byte(r, UInt8(':'))
        fields[key] = read_value(r)
        skip_whitespace(r)
        b = peek_byte(r)
        r.pos += 1
        b == UInt8('}') && return fields
        b == UInt8(',') || error("expected ',' or '}' at byte " * string(r.pos - 1))
    end
end`;

/** Readers of scalars, by kind; arrays and records are added as the kernel's types need them. */
const SCALAR_READERS: Readonly<Record<'i64' | 'f64' | 'bool' | 'str', string>> = {
  i64: `from_json(::Type{Int64}, v) = v isa JSONNumber ? parse(Int64, v.text) : parse(Int64, v::String)`,
  f64: `function from_json(::Type{Float64}, v)
    v isa JSONNumber && return parse(Float64, v.text)
    v == "NaN" && return NaN
    v == "Infinity" && return Inf
    v == "-Infinity" && return -Inf
    error("expected a number, found " * repr(v))
end`,
  bool: `from_json(::Type{Bool}, v) = v::Bool`,
  str: `from_json(::Type{String}, v) = v::String`,
};

const ARRAY_READER = `from_json(::Type{Vector{T}}, v) where {T} = T[from_json(T, x) for x in v::Vector{Any}]`;

const SCALAR_WRITERS: Readonly<Record<'i64' | 'f64' | 'bool' | 'str', string>> = {
  i64: `write_json(io::IO, x::Int64) = print(io, x)`,
  f64: `function write_json(io::IO, x::Float64)
    if isnan(x)
        print(io, "\\"NaN\\"")
    elseif isinf(x)
        print(io, x > 0 ? "\\"Infinity\\"" : "\\"-Infinity\\"")
    else
        print(io, x)
    end
end`,
  bool: `write_json(io::IO, x::Bool) = print(io, x)`,
  str: `function write_json(io::IO, s::String)
    print(io, '"')
    for c in s
        if c == '"' || c == '\\\\'
            print(io, '\\\\', c)
        elseif c < ' '
            print(io, "\\\\u", lpad(string(UInt32(c); base = 16), 4, '0'))
        else
            print(io, c)
        end
    end
    print(io, '"')
end`,
};

const ARRAY_WRITER = `function write_json(io::IO, xs::Vector)
    print(io, '[')
    for (i, x) in enumerate(xs)
        i > 1 && print(io, ',')
        write_json(io, x)
    end
    print(io, ']')
end`;

const PARAM_VALUE = `# A param's value from the input, or its declared default when the input leaves it out.
param_value(params, name::String, default::T) where {T} = haskey(params, name) ? from_json(T, params[name]) : default`;

const ROOT_CAUSE = `# The error a parallel task raised, rather than the exception that reports the failed task.
root_cause(err) = err
root_cause(err::TaskFailedException) = root_cause(err.task.exception)
root_cause(err::CompositeException) = root_cause(first(err.exceptions))`;

/** Every type reachable from `types`, records after their fields' types. */
function typeClosure(types: readonly Type[]): { scalars: Set<'i64' | 'f64' | 'bool' | 'str'>; arrays: boolean; records: string[] } {
  const scalars = new Set<'i64' | 'f64' | 'bool' | 'str'>();
  const records: string[] = [];
  let arrays = false;
  const visit = (t: Type): void => {
    switch (t.kind) {
      case 'array':
        arrays = true;
        visit(t.elem);
        return;
      case 'record':
        if (records.includes(t.name)) return;
        t.fields.forEach((f) => visit(f.type));
        records.push(t.name);
        return;
      default:
        scalars.add(t.kind);
    }
  };
  types.forEach(visit);
  return { scalars, arrays, records };
}

const typeArg = (t: Type, file: FileContext): JExpr => typeExpr(juliaType(t, file));

function recordReader(name: string, file: FileContext): Doc {
  const decl = file.program.records.find((r) => r.name === name)!;
  const info = file.records.get(name)!;
  const read = decl.fields.map((f) => call('from_json', [typeArg(f.type, file), index(id('v'), lit(stringText(f.name)))]));
  const value = info.declared ? call(info.name, read) : namedTuple(decl.fields.map((f, i) => kw(info.fields.get(f.name)!, read[i]!)));
  return [`from_json(::Type{${info.name}}, v) = `, exprDoc(value)];
}

function recordWriter(name: string, file: FileContext): Doc {
  const decl = file.program.records.find((r) => r.name === name)!;
  const info = file.records.get(name)!;
  const printText = (text: string): JStmt => exprStmt(call('print', [id('io'), lit(stringText(text))]));
  const body: JStmt[] = [];
  decl.fields.forEach((f, i) => {
    body.push(printText(`${i === 0 ? '{' : ','}${JSON.stringify(f.name)}:`));
    body.push(exprStmt(call('write_json', [id('io'), dot(id('r'), info.fields.get(f.name)!)])));
  });
  body.push(printText(decl.fields.length === 0 ? '{}' : '}'));
  return [`function write_json(io::IO, r::${info.name})`, block(body), hardline, 'end'];
}

/** The harness for `entry` (after the kernels): readers, writers, `main` and the error exit. */
export function harness(file: FileContext, entry: Kernel, paramNames: ReadonlyMap<string, string>): Doc[] {
  const inputs = typeClosure([...entry.args.map((a) => a.type), ...entry.params.map((p) => p.type)]);
  const outputs = typeClosure([entry.ret]);
  const kinds = ['i64', 'f64', 'bool', 'str'] as const;
  const sections: Doc[] = [JSON_READER];
  sections.push(...kinds.filter((k) => inputs.scalars.has(k)).map((k) => SCALAR_READERS[k]));
  if (inputs.arrays) sections.push(ARRAY_READER);
  sections.push(...inputs.records.map((r) => recordReader(r, file)));
  sections.push(...kinds.filter((k) => outputs.scalars.has(k)).map((k) => SCALAR_WRITERS[k]));
  if (outputs.arrays) sections.push(ARRAY_WRITER);
  sections.push(...outputs.records.map((r) => recordWriter(r, file)));
  if (entry.params.length > 0) sections.push(PARAM_VALUE);
  if (file.flags.parallel) sections.push(ROOT_CAUSE);
  sections.push(mainFunction(file, entry, paramNames), errorExit(file.flags.parallel));
  return sections;
}

function mainFunction(file: FileContext, entry: Kernel, paramNames: ReadonlyMap<string, string>): Doc {
  // main's locals must not hide a kernel (a kernel may well be called `result`).
  const scope = new ScopeNames(file.globals).root;
  const [input, args, params, result] = ['input', 'args', 'params', 'result'].map((n) => scope.claim(n)) as [JuliaIdent, JuliaIdent, JuliaIdent, JuliaIdent];
  const body: JStmt[] = [assign(input, call('parse_json', [call('read', [id('stdin'), id('String')])])), assign(args, index(id(input), lit('"args"')))];
  if (entry.params.length > 0) {
    body.push(assign(params, call('get', [id(input), lit('"params"'), call(typeExpr('Dict{String, Any}'), [])])));
  }
  const argValues = entry.args.map((a) => call('from_json', [typeArg(a.type, file), index(id(args), lit(stringText(a.name)))]));
  const paramValues = entry.params.map((p) =>
    kw(paramNames.get(p.name)!, call('param_value', [id(params), lit(stringText(p.name)), literal(paramDefault(file.program, p.name))])),
  );
  body.push(assign(result, call(file.kernels.get(entry.name)!, argValues, paramValues)));
  body.push(exprStmt(call('write_json', [id('stdout'), id(result)])), exprStmt(call('println', [id('stdout')])));
  return ['function main()', block(body), hardline, 'end'];
}

/** Runtime errors print `error: <message>` on stderr and exit with status 1. */
function errorExit(parallel: boolean): Doc {
  const message = parallel ? call('root_cause', [id('err')]) : id('err');
  const handler = [
    exprStmt(call('println', [id('stderr'), lit('"error: "'), call('sprint', [id('showerror'), message])])),
    exprStmt(call('exit', [lit('1')])),
  ].map(stmtDoc);
  return ['try', indent([hardline, 'main()']), hardline, 'catch err', indent([hardline, join(hardline, handler)]), hardline, 'end'];
}

export function entryKernel(program: Program, entry: string | undefined): Kernel {
  const kernel = entry === undefined ? program.kernels[0] : program.kernels.find((k) => k.name === entry);
  if (!kernel) throw new Error(entry === undefined ? 'the program has no kernel' : `no kernel \`${entry}\``);
  return kernel;
}
