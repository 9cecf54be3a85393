// State of one Julia render: the file-wide record and helper tables, and per kernel the names
// in scope, the degradation reasons and a checkpoint to undo a compact form that did not fit.

import type { Kernel, Program } from '../../ir/ir.js';
import type { Type } from '../../lang/types.js';
import type { Flags, Reason } from '../target.js';
import { fieldNames, globalNamer, typeName, valueName, ScopeNames, type HelperName, type Scope } from './names.js';
import type { JExpr, JStmt } from './syntax.js';

export interface RecordInfo {
  /** The struct or NamedTuple alias name. */
  readonly name: string;
  /** Declared records are structs; synthesized (anonymous) ones NamedTuple aliases. */
  readonly declared: boolean;
  /** Source field name → Julia field name, in declaration order. */
  readonly fields: ReadonlyMap<string, string>;
}

export interface FileContext {
  readonly program: Program;
  readonly flags: Flags;
  readonly records: ReadonlyMap<string, RecordInfo>;
  /** Julia names of the kernels, by source name. */
  readonly kernels: ReadonlyMap<string, string>;
  /** Every file-level name, which no local may take. */
  readonly globals: ReadonlySet<string>;
  readonly helpers: Set<HelperName>;
}

export function fileContext(program: Program, flags: Flags): FileContext {
  const namer = globalNamer();
  const records = new Map<string, RecordInfo>();
  for (const r of program.records) {
    records.set(r.name, { name: namer.name(`record:${r.name}`, () => typeName(r.name)), declared: r.declared, fields: fieldNames(r.fields) });
  }
  const kernels = new Map(program.kernels.map((k) => [k.name, namer.name(`kernel:${k.name}`, () => valueName(k.name))]));
  const globals = new Set([...[...records.values()].map((r) => r.name), ...kernels.values()]);
  return { program, flags, records, kernels, globals, helpers: new Set() };
}

/** Where statements go while an expression is emitted. */
export interface Block {
  readonly stmts: JStmt[];
  /** The Julia scope the statements run in (an `if` branch shares its parent's). */
  readonly scope: Scope;
  /** Inside a loop or comprehension body: no parallel forms and no degradation reports here. */
  readonly inLoop: boolean;
}

export class KernelContext {
  readonly names: ScopeNames;
  /** IR variable (arg, param, local) → the Julia expression holding its value. */
  readonly vars = new Map<string, JExpr>();
  /** Slot values of the groups whose result is being emitted, innermost last. */
  readonly groups: (readonly JExpr[])[] = [];
  /** Expressions (IR nodes) known to need statements: compact forms are not tried again. */
  readonly notCompact = new WeakSet<object>();
  /** IR variables holding arrays that are never empty (a group's members). */
  readonly nonEmpty = new Set<string>();
  private readonly reasonList: Reason[] = [];
  private synthetic = 0;

  constructor(
    readonly file: FileContext,
    readonly kernel: Kernel,
  ) {
    this.names = new ScopeNames(file.globals);
  }

  get parallel(): boolean {
    return this.file.flags.parallel;
  }

  get reasons(): readonly Reason[] {
    return this.reasonList;
  }

  /** The function body's block. */
  rootBlock(): Block {
    return { stmts: [], scope: this.names.root, inLoop: false };
  }

  useHelper(name: HelperName): string {
    this.file.helpers.add(name);
    return name;
  }

  record(type: Type): RecordInfo {
    if (type.kind !== 'record') throw new Error(`expected a record type, found ${type.kind}`);
    const info = this.file.records.get(type.name);
    if (!info) throw new Error(`unknown record ${type.name}`);
    return info;
  }

  /** Notes once per construct that the parallel render runs it sequentially. */
  degrade(code: string, message: string): void {
    if (this.reasonList.some((r) => r.code === code)) return;
    this.reasonList.push({ code, message, kernel: this.kernel.name });
  }

  /** A name for an IR variable the emitter introduces itself (never clashes with lowering's). */
  syntheticVar(): string {
    return `%${++this.synthetic}`;
  }

  checkpoint(): () => void {
    const mark = this.names.mark();
    const helpers = new Set(this.file.helpers);
    const reasons = this.reasonList.length;
    return () => {
      this.names.rollback(mark);
      this.file.helpers.clear();
      for (const h of helpers) this.file.helpers.add(h);
      this.reasonList.length = reasons;
    };
  }
}

/** A block for statements that run after `b`'s current ones in the same scope (an `if` branch). */
export function branchBlock(b: Block): Block {
  return { stmts: [], scope: b.scope, inLoop: b.inLoop };
}

/** A block for a new Julia scope: a loop body, a closure, a comprehension. */
export function nestedBlock(b: Block, inLoop = true): Block {
  return { stmts: [], scope: b.scope.child(), inLoop: b.inLoop || inLoop };
}
