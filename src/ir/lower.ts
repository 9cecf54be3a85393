// Lowering: typed tree → IR (src/ir/ir.ts). Three jobs besides the shape change:
// - every local gets a name unique in its kernel and distinct from args and params;
// - anonymous record types get readable names unique in the program (`VolumeBySymbolRow`);
// - `group_by(..).agg(..)` becomes a `group` node whose aggregates are deduplicated slots.

import type * as T from '../lang/ast.js';
import { arrayOf, isAnonymousRecordName, showType, type Field, type Type } from '../lang/types.js';
import type { AggSlot, Binding, Expr, Kernel, Lambda, ParamDecl, Program, RecordDecl } from './ir.js';

export function lower(typed: T.TypedProgram): Program {
  const records = new RecordNamer(typed.records);
  const paramNames = typed.params.map((p) => p.sym.name);
  const params: ParamDecl[] = typed.params.map((p) => ({
    name: p.sym.name,
    type: p.sym.type,
    default: p.default,
    min: p.min,
    max: p.max,
    step: p.step,
    span: p.span,
  }));
  const kernels = typed.kernels.map((k) => new KernelLowering(k, paramNames, records).lower());
  return { records: records.inDependencyOrder(), params, kernels };
}

const pascalCase = (name: string): string =>
  name
    .split('_')
    .filter((part) => part.length > 0)
    .map((part) => (part[0] ?? '').toUpperCase() + part.slice(1))
    .join('');

// ------------------------------------------------------------ record names

class RecordNamer {
  private readonly declared = new Set<string>();
  private readonly taken = new Set<string>();
  /** Canonical structural name or declared name → the IR type. */
  private readonly types = new Map<string, Type>();
  private readonly decls: RecordDecl[] = [];

  constructor(declared: readonly T.TRecord[]) {
    for (const r of declared) {
      this.declared.add(r.name);
      this.taken.add(r.name);
    }
    for (const r of declared) this.declare(r);
  }

  private declare(r: T.TRecord): Type {
    const known = this.types.get(r.name);
    if (known) return known;
    const fields: Field[] = [];
    const type: Type = { kind: 'record', name: r.name, fields };
    this.types.set(r.name, type);
    for (const f of r.fields) fields.push({ name: f.name, type: this.map(f.type, r.name) });
    this.decls.push({ name: r.name, fields, declared: true });
    return type;
  }

  /** The IR type of `t`; anonymous records met for the first time are named after `owner`. */
  map(t: Type, owner: string): Type {
    switch (t.kind) {
      case 'array':
        return arrayOf(this.map(t.elem, owner));
      case 'record': {
        const known = this.types.get(t.name);
        if (known) return known;
        if (!isAnonymousRecordName(t.name)) return this.declare({ name: t.name, fields: t.fields });
        // Name the outer record before its fields, so the type a reader sees first gets `…Row`.
        const name = this.freshName(owner);
        const fields: Field[] = [];
        const type: Type = { kind: 'record', name, fields };
        this.types.set(t.name, type);
        for (const f of t.fields) fields.push({ name: f.name, type: this.map(f.type, owner) });
        this.decls.push({ name, fields, declared: false });
        return type;
      }
      default:
        return t;
    }
  }

  private freshName(owner: string): string {
    const base = `${pascalCase(owner)}Row`;
    let name = base;
    for (let n = 2; this.taken.has(name); n++) name = `${base}${n}`;
    this.taken.add(name);
    return name;
  }

  /** Every record after the records its fields use; otherwise in order of appearance. */
  inDependencyOrder(): RecordDecl[] {
    const byName = new Map(this.decls.map((d) => [d.name, d]));
    const ordered: RecordDecl[] = [];
    const visited = new Set<string>();
    const visitType = (t: Type): void => {
      if (t.kind === 'array') visitType(t.elem);
      else if (t.kind === 'record') visit(byName.get(t.name));
    };
    const visit = (d: RecordDecl | undefined): void => {
      if (!d || visited.has(d.name)) return;
      visited.add(d.name);
      for (const f of d.fields) visitType(f.type);
      ordered.push(d);
    };
    const declaredFirst = [...this.decls.filter((d) => d.declared), ...this.decls.filter((d) => !d.declared)];
    for (const d of declaredFirst) visit(d);
    return ordered;
  }
}

// ------------------------------------------------------------ aggregate slots

/**
 * A key equal for two aggregates exactly when they compute the same thing: names bound inside
 * the function are replaced by their position, free ones keep their identity.
 */
function slotKey(op: string, fn: T.TLambda | null): string {
  if (!fn) return op;
  const bound = new Map<number, number>();
  const parts: string[] = [op, ':'];
  const visit = (value: unknown, key: string, holderKind: string | undefined): void => {
    if (key === 'type') parts.push(showType(value as Type));
    else if (key === 'params') {
      for (const s of value as T.Sym[]) {
        bound.set(s.id, bound.size);
        parts.push(`#${bound.get(s.id)}:${showType(s.type)},`);
      }
    } else if (key === 'sym') {
      const s = value as T.Sym;
      if (holderKind === 'let') bound.set(s.id, bound.size);
      const position = bound.get(s.id);
      parts.push(position === undefined ? `free:${s.id}` : `#${position}`);
    } else if (typeof value === 'bigint') parts.push(`${value}n`);
    else if (typeof value === 'number') parts.push(Object.is(value, -0) ? '-0' : String(value));
    else if (typeof value !== 'object' || value === null) parts.push(JSON.stringify(value) ?? 'undefined');
    else if (Array.isArray(value)) {
      parts.push('[');
      for (const item of value) {
        visit(item, '', undefined);
        parts.push(',');
      }
      parts.push(']');
    } else {
      parts.push('{');
      const kind = (value as { k?: string }).k;
      for (const [k, v] of Object.entries(value)) {
        if (k === 'span' || v === undefined) continue;
        parts.push(k, '=');
        visit(v, k, kind);
        parts.push(';');
      }
      parts.push('}');
    }
  };
  visit(fn, '', undefined);
  return parts.join('');
}

interface GroupSlots {
  readonly slots: AggSlot[];
  readonly keys: string[];
}

// ------------------------------------------------------------ kernels

class KernelLowering {
  private readonly owner: string;
  private readonly taken: Set<string>;
  private readonly localNames = new Map<number, string>();
  private readonly groups = new Map<number, GroupSlots>();

  constructor(
    private readonly kernel: T.TKernel,
    paramNames: readonly string[],
    private readonly records: RecordNamer,
  ) {
    this.owner = kernel.name;
    this.taken = new Set([...kernel.args.map((a) => a.name), ...paramNames]);
  }

  lower(): Kernel {
    const k = this.kernel;
    const binding = (s: T.Sym): Binding => ({ name: s.name, type: this.type(s.type) });
    const args = k.args.map(binding);
    const ret = this.type(k.ret);
    const params = k.params.map(binding);
    return { name: k.name, args, params, ret, body: this.expr(k.body), span: k.span };
  }

  private type(t: Type): Type {
    return this.records.map(t, this.owner);
  }

  /** A fresh kernel-unique name for a local, keeping the source name when it is free. */
  private bind(sym: T.Sym): string {
    let name = sym.name;
    for (let n = 2; this.taken.has(name); n++) name = `${sym.name}_${n}`;
    this.taken.add(name);
    this.localNames.set(sym.id, name);
    return name;
  }

  private lambda(fn: T.TLambda): Lambda {
    const params = fn.params.map((p) => ({ name: this.bind(p), type: this.type(p.type) }));
    return { params, body: this.expr(fn.body) };
  }

  private expr(e: T.TExpr): Expr {
    const type = this.type(e.type);
    const span = e.span;
    switch (e.k) {
      case 'lit':
        return { k: 'lit', value: e.value, type, span };
      case 'var': {
        const s = e.sym;
        const name = s.scope === 'local' ? (this.localNames.get(s.id) ?? s.name) : s.name;
        return { k: 'var', name, scope: s.scope, type, span };
      }
      case 'let': {
        const value = this.expr(e.value);
        return { k: 'let', name: this.bind(e.sym), value, body: this.expr(e.body), type, span };
      }
      case 'if':
        return { k: 'if', cond: this.expr(e.cond), then: this.expr(e.then), else: this.expr(e.else), type, span };
      case 'unary':
        return { k: 'unary', op: e.op, arg: this.expr(e.arg), type, span };
      case 'binary':
        return { k: 'binary', op: e.op, left: this.expr(e.left), right: this.expr(e.right), type, span };
      case 'call':
        return { k: 'call', fn: e.fn, args: e.args.map((a) => this.expr(a)), type, span };
      case 'cast':
        return { k: 'cast', to: e.to, arg: this.expr(e.arg), type, span };
      case 'record':
        return { k: 'record', fields: e.fields.map((f) => ({ name: f.name, value: this.expr(f.value) })), type, span };
      case 'field':
        return { k: 'field', target: this.expr(e.target), name: e.name, type, span };
      case 'index':
        return { k: 'index', target: this.expr(e.target), index: this.expr(e.index), type, span };
      case 'range':
        return { k: 'range', start: this.expr(e.start), end: this.expr(e.end), type, span };
      case 'map':
      case 'map_indexed':
      case 'filter':
        return { k: e.k, source: this.expr(e.source), fn: this.lambda(e.fn), type, span };
      case 'zip': {
        const source = this.expr(e.source);
        return { k: 'zip', source, other: this.expr(e.other), fn: this.lambda(e.fn), type, span };
      }
      case 'reduce_op': {
        const source = this.expr(e.source);
        return { k: 'reduce_op', op: e.op, source, fn: e.fn ? this.lambda(e.fn) : null, type, span };
      }
      case 'scan':
      case 'fold': {
        const source = this.expr(e.source);
        return { k: e.k, source, init: this.expr(e.init), fn: this.lambda(e.fn), type, span };
      }
      case 'sort': {
        const source = this.expr(e.source);
        return { k: 'sort', source, key: e.key ? this.lambda(e.key) : null, desc: e.desc, type, span };
      }
      case 'take':
      case 'skip':
        return { k: e.k, source: this.expr(e.source), count: this.expr(e.count), type, span };
      case 'reverse':
        return { k: 'reverse', source: this.expr(e.source), type, span };
      case 'group': {
        const source = this.expr(e.source);
        const key = this.lambda(e.key);
        const group: GroupSlots = { slots: [], keys: [] };
        this.groups.set(e.group, group);
        const result = this.expr(e.result);
        this.groups.delete(e.group);
        return { k: 'group', source, key, slots: group.slots, result, type, span };
      }
      case 'agg':
        return { k: 'aggref', slot: this.slot(e), type, span };
    }
  }

  private slot(e: T.TExpr & { k: 'agg' }): number {
    const group = this.groups.get(e.group);
    if (!group) throw new Error(`internal: aggregate outside its group ${e.group}`);
    const key = slotKey(e.op, e.fn);
    const existing = group.keys.indexOf(key);
    if (existing >= 0) return existing;
    group.keys.push(key);
    group.slots.push({ op: e.op, fn: e.fn ? this.lambda(e.fn) : null, type: this.type(e.type) });
    return group.slots.length - 1;
  }
}
