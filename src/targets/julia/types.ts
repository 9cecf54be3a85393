// Types as Julia spells them, and the record declarations: a declared `record` becomes an
// immutable `struct`, an anonymous record type a `NamedTuple` alias (Julia's own anonymous
// records), constructed as `(name = value, ...)`.

import type { RecordDecl } from '../../ir/ir.js';
import type { Type } from '../../lang/types.js';
import { hardline, indent, join, type Doc } from '../doc.js';
import type { FileContext } from './context.js';
import { WIDTH } from './printer.js';

export function juliaType(t: Type, file: FileContext): string {
  switch (t.kind) {
    case 'i64':
      return 'Int64';
    case 'f64':
      return 'Float64';
    case 'bool':
      return 'Bool';
    case 'str':
      return 'String';
    case 'array':
      return `Vector{${juliaType(t.elem, file)}}`;
    case 'record': {
      const info = file.records.get(t.name);
      if (!info) throw new Error(`unknown record ${t.name}`);
      return info.name;
    }
  }
}

export function elemType(t: Type): Type {
  if (t.kind !== 'array') throw new Error(`expected an array type, found ${t.kind}`);
  return t.elem;
}

export function recordDecl(r: RecordDecl, file: FileContext): Doc {
  const info = file.records.get(r.name)!;
  const fields = r.fields.map((f) => `${info.fields.get(f.name)!}::${juliaType(f.type, file)}`);
  if (info.declared) {
    if (fields.length === 0) return `struct ${info.name} end`;
    return [`struct ${info.name}`, indent([hardline, join(hardline, fields)]), hardline, 'end'];
  }
  const flat = `const ${info.name} = @NamedTuple{${fields.join(', ')}}`;
  if (flat.length <= WIDTH || fields.length === 0) return flat;
  return [`const ${info.name} = @NamedTuple begin`, indent([hardline, join(hardline, fields)]), hardline, 'end'];
}
