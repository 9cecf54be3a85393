// Emission state shared by the Go lowering modules: what one file has used so far (imports,
// helpers, degradation reasons, Go names of records), the statement block being built, and the
// interface the pipeline and collection modules use to call back into expression lowering.

import type { Binding, Expr, Program } from '../../ir/ir.js';
import type { Type } from '../../lang/types.js';
import type { Namer } from '../names.js';
import type { Reason } from '../target.js';
import { exportedName, packageNamer } from './names.js';
import type { HelperName } from './runtime.js';
import type { GoExpr, GoStmt } from './syntax.js';

export interface GoRecord {
  readonly name: string;
  /** Source field name → Go field name, in declaration order. */
  readonly fields: ReadonlyMap<string, string>;
}

export class FileContext {
  readonly imports = new Set<string>();
  readonly helpers = new Set<HelperName>();
  readonly reasons: Reason[] = [];
  readonly pkg: Namer = packageNamer();
  private readonly records = new Map<string, GoRecord>();

  constructor(
    readonly program: Program,
    readonly parallel: boolean,
  ) {
    for (const r of program.records) {
      const fieldNamer = packageNamer();
      const fields = new Map(r.fields.map((f) => [f.name, fieldNamer.claim(exportedName(f.name))] as const));
      this.records.set(r.name, { name: this.pkg.claim(exportedName(r.name)), fields });
    }
  }

  record(name: string): GoRecord {
    const r = this.records.get(name);
    if (!r) throw new Error(`unknown record ${name}`);
    return r;
  }

  use(helper: HelperName): string {
    this.helpers.add(helper);
    return helper;
  }

  /** Marks `path` imported and returns the package name to qualify with. */
  pkgName(path: string): string {
    this.imports.add(path);
    return path.slice(path.lastIndexOf('/') + 1);
  }

  degrade(code: string, message: string, kernel: string): void {
    if (!this.reasons.some((r) => r.code === code && r.kernel === kernel)) this.reasons.push({ code, message, kernel });
  }

  goType(t: Type): string {
    switch (t.kind) {
      case 'i64':
        return 'int64';
      case 'f64':
        return 'float64';
      case 'bool':
        return 'bool';
      case 'str':
        return 'string';
      case 'array':
        return `[]${this.goType(t.elem)}`;
      case 'record':
        return this.record(t.name).name;
    }
  }
}

/** A Go block under construction: its statements and the scope its names are claimed in. */
export class Block {
  readonly stmts: GoStmt[] = [];

  constructor(
    readonly namer: Namer,
    /** Variables this block already holds for a computation, e.g. the chunk count of `len(xs)`. */
    readonly reusable = new Map<string, string>(),
  ) {}

  /** A nested Go block (loop body, branch): its names may be reused by sibling blocks. */
  child(): Block {
    return new Block(this.namer.child());
  }

  /** A statement list spliced into this block later: same scope, separate statements. */
  sibling(): Block {
    return new Block(this.namer, this.reusable);
  }

  push(...stmts: GoStmt[]): void {
    this.stmts.push(...stmts);
  }

  claim(preferred: string): string {
    return this.namer.claim(preferred);
  }

  /** The first pair of `pairs` whose names are both free (`lo, hi`, else `start, end`, ...). */
  claimPair(pairs: readonly (readonly [string, string])[]): [string, string] {
    for (const [a, b] of pairs) {
      if (this.namer.claim(a) === a) {
        if (this.namer.claim(b) === b) return [a, b];
      }
    }
    const [a, b] = pairs[0]!;
    return [this.namer.claim(a), this.namer.claim(b)];
  }

  /** The first of `names` that is free (`i`, then `j`, ...), else a suffixed first one. */
  claimFirst(names: readonly string[]): string {
    let fallback: string | null = null;
    for (const n of names) {
      const got = this.namer.claim(n);
      if (got === n) return got;
      fallback ??= got;
    }
    return fallback!;
  }
}

/** One element flowing through a loop. */
export interface Elem {
  readonly expr: GoExpr;
  /** Evaluating `expr` can raise a runtime error. */
  readonly panics: boolean;
  /** Cheap and safe to repeat or to substitute anywhere (a variable, a field, `xs[i]` in bounds). */
  readonly atomic: boolean;
}

export interface ValueOptions {
  /** A name already claimed in the block that the value's own variable may take (a `let`). */
  readonly target?: string;
  /** A preferred name for a variable the value needs. */
  readonly suggest?: string;
}

/** What the pipeline and collection modules need from the expression lowering. */
export interface Lowerer {
  readonly file: FileContext;
  readonly kernelName: string;
  /** Loops enclosing the code being generated; parallel forms only at depth 0. */
  loopDepth: number;
  value(e: Expr, b: Block, opts?: ValueOptions): GoExpr;
  /** Lowers `es` in order, keeping their evaluation order when later ones need statements. */
  values(es: readonly Expr[], b: Block, suggest?: readonly (string | undefined)[]): GoExpr[];
  /** Evaluates `e` only for its runtime errors. */
  effect(e: Expr, b: Block): void;
  /** `target = e`, spreading `if`s into branches. */
  assignTo(e: Expr, b: Block, target: string): void;
  /** Binds a lambda parameter to an element; returns the element as downstream code should read it. */
  bindParam(p: Binding, elem: Elem, b: Block, consumed: boolean): Elem;
  /** Binds an IR local to a Go expression directly (an accumulator, a loop variable). */
  bindLocal(name: string, expr: GoExpr): void;
  uses(name: string): number;
  /** The Go spelling preferred for an IR local or param. */
  preferredName(irName: string): string;
  /** Runs `f` with `slots` as the values of the `aggref`s of the innermost group result. */
  withSlots<T>(slots: readonly GoExpr[], f: () => T): T;
}
