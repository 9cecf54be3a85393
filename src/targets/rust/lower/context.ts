// State shared while lowering: the module (names, helpers, imports, degradation reasons), one
// kernel (its bindings and the lints its code must allow), and the block statements go into.

import type { Flags, Reason } from '../../target.js';
import type { Expr, Kernel } from '../../../ir/ir.js';
import type { Type } from '../../../lang/types.js';
import { Namer, snakeCase } from '../../names.js';
import type { KernelFacts } from '../analysis.js';
import { block, type RExpr, type RStmt } from '../ast.js';
import type { Form, Val } from '../forms.js';
import { HELPERS, type HelperName } from '../helpers.js';
import { RUST_NAMING } from '../names.js';
import { ownedType, type RecordNames } from '../types.js';

export interface ModuleNames {
  readonly record: RecordNames;
  /** The Rust field name of `field` in record `record` (IR names). */
  readonly field: (record: string, field: string) => string;
}

export class ModuleContext {
  readonly helpers = new Set<HelperName>();
  readonly imports = new Set<string>();
  readonly reasons: Reason[] = [];

  constructor(
    readonly flags: Flags,
    readonly names: ModuleNames,
  ) {}

  useHelper(name: HelperName): string {
    this.helpers.add(name);
    for (const i of HELPERS[name].imports) this.imports.add(i);
    return name;
  }

  useImport(path: string): void {
    this.imports.add(path);
  }

  degrade(code: string, message: string, kernel: string): void {
    if (!this.reasons.some((r) => r.code === code && r.kernel === kernel)) this.reasons.push({ code, message, kernel });
  }
}

export interface Binding {
  /** What a use of the variable is: a path, or `i as i64` for an enumerate index, `*acc` for a scan state. */
  readonly expr: RExpr;
  readonly form: Form;
  readonly movable: boolean;
}

export class KernelContext {
  readonly bindings = new Map<string, Binding>();
  /** Clippy lints the source itself trips (e.g. `x - x`), allowed on this function. */
  readonly allows = new Set<string>();
  /** Slot values of the group results being lowered, innermost last. */
  readonly groupSlots: (readonly Val[])[] = [];
  readonly namer: Namer;

  constructor(
    readonly module: ModuleContext,
    readonly kernel: Kernel,
    readonly facts: KernelFacts,
  ) {
    this.namer = new Namer(RUST_NAMING);
  }

  /**
   * The Rust spelling `name` prefers: lowering renamed a repeated source name `t` to `t_2`; Rust
   * scopes let a sibling closure use `t` again, so the `_2` goes when the base name is the kernel's.
   */
  preferredName(name: string): string {
    const renamed = /^(.*)_\d+$/.exec(name);
    const base = renamed?.[1];
    const known = base !== undefined && (this.facts.locals.includes(base) || this.kernel.args.some((a) => a.name === base) || this.kernel.params.some((p) => p.name === base));
    const chosen = known ? base : name;
    return this.facts.usage(name).count === 0 ? `_${snakeCase(chosen)}` : snakeCase(chosen);
  }

  get parallel(): boolean {
    return this.module.flags.parallel;
  }

  rustType(type: Type): string {
    return ownedType(type, this.module.names.record);
  }

  recordName(type: Type): string {
    if (type.kind !== 'record') throw new Error('recordName of a non-record type');
    return this.module.names.record(type.name);
  }
}

/** A block being filled: hoisted statements land here. `depth` counts enclosing closures. */
export class Block {
  readonly stmts: RStmt[] = [];
  /** This block's scope: its names avoid every name of the enclosing scopes. */
  readonly namer: Namer;
  /** The `let` being lowered: its value, if it builds a temporary, may build it under the let's name. */
  pendingLet: { readonly name: string; readonly value: Expr } | null = null;

  constructor(
    readonly kc: KernelContext,
    readonly depth: number,
    namer?: Namer,
  ) {
    this.namer = namer ?? kc.namer;
  }

  /** A nested block evaluated under the same conditions (an `if` branch, a `&&` operand). */
  branch(): Block {
    return new Block(this.kc, this.depth, this.namer.child());
  }

  /** The body of a closure nested in this block. */
  closure(): Block {
    return new Block(this.kc, this.depth + 1, this.namer.child());
  }

  /** Claims the Rust name of source local `name` in this scope. */
  bindName(name: string): string {
    return this.namer.claim(this.kc.preferredName(name));
  }

  /** A fresh name for a temporary the emitter introduces. */
  fresh(preferred: string): string {
    return this.namer.claim(preferred);
  }

  /** A name for a temporary holding the value of `node`: the pending `let`'s name, else fresh. */
  tempName(preferred: string, node: Expr): string {
    const pending = this.pendingLet;
    return pending && pending.value === node ? pending.name : this.fresh(preferred);
  }

  push(stmt: RStmt): void {
    this.stmts.push(stmt);
  }

  /** Parallel iterators are used for the outermost loops only: nested ones run inside workers. */
  get parallel(): boolean {
    return this.kc.parallel && this.depth === 0;
  }

  /** The statements and `tail` as one expression; a trailing `let x = …; x` folds into its value. */
  finish(tail: RExpr): RExpr {
    const stmts = [...this.stmts];
    let value = tail;
    const last = stmts[stmts.length - 1];
    if (last && last.k === 'let' && tail.k === 'path' && tail.text === last.pat) {
      stmts.pop();
      value = last.ty !== null ? typedCollect(last.init, last.ty) : last.init;
    }
    return stmts.length === 0 ? value : block(stmts, value);
  }
}

/** A `collect()` whose type came from a `let` annotation keeps it as a turbofish. */
function typedCollect(init: RExpr, ty: string): RExpr {
  if (init.k === 'method' && init.name === 'collect') return { ...init, name: `collect::<${ty}>` };
  return init;
}
