// Emission state of one C# file: the names of its types and methods, the helpers and `using`
// directives it needs so far, and why it is degraded. Per kernel: the local names and the groups
// whose aggregates are in scope.

import type { Program } from '../../ir/ir.js';
import type { Type } from '../../lang/types.js';
import type { Namer } from '../names.js';
import type { Reason } from '../target.js';
import type { HelperName } from './helpers.js';
import { camelCase } from '../names.js';
import { fileNamer, LocalScope, memberNamer, typeName } from './names.js';
import type { CsExpr } from './syntax.js';

export interface CsRecord {
  readonly className: string;
  /** Source field name → property name, in declaration order. */
  readonly properties: ReadonlyMap<string, string>;
  /** Source field name → constructor parameter name. */
  readonly parameters: ReadonlyMap<string, string>;
}

export class FileContext {
  readonly helpers = new Set<HelperName>();
  readonly usings = new Set<string>(['System.Linq']);
  readonly reasons: Reason[] = [];
  readonly names: Namer = fileNamer();
  private readonly records = new Map<string, CsRecord>();

  constructor(
    readonly program: Program,
    readonly parallel: boolean,
  ) {
    for (const r of program.records) {
      const className = this.names.claim(typeName(r.name));
      // A member may not have its class's name (CS0542).
      const propertyNames = memberNamer(className);
      const parameterNames = fileNamer();
      this.records.set(r.name, {
        className,
        properties: new Map(r.fields.map((f) => [f.name, propertyNames.claim(typeName(f.name))] as const)),
        parameters: new Map(r.fields.map((f) => [f.name, parameterNames.claim(camelCase(f.name) || 'value')] as const)),
      });
    }
  }

  record(irName: string): CsRecord {
    const r = this.records.get(irName);
    if (!r) throw new Error(`unknown record ${irName}`);
    return r;
  }

  use(helper: HelperName): string {
    this.helpers.add(helper);
    return helper;
  }

  using(namespace: string): void {
    this.usings.add(namespace);
  }

  degrade(code: string, message: string, kernel: string): void {
    if (!this.reasons.some((r) => r.code === code && r.kernel === kernel)) this.reasons.push({ code, message, kernel });
  }

  /** The C# spelling of `t`: i64 `long`, f64 `double`, arrays as `T[]`, records by class name. */
  csType(t: Type): string {
    switch (t.kind) {
      case 'i64':
        return 'long';
      case 'f64':
        return 'double';
      case 'bool':
        return 'bool';
      case 'str':
        return 'string';
      case 'array':
        return `${this.csType(t.elem)}[]`;
      case 'record':
        return this.record(t.name).className;
    }
  }
}

/** The aggregates of one `group_by(..).agg(..)` result being emitted: slot → how to read it. */
export type GroupFrame = readonly CsExpr[];

export class KernelContext {
  readonly scope = new LocalScope();
  /** Innermost last. */
  readonly groups: GroupFrame[] = [];
  /** Lambdas entered so far; only the kernel's own level (0) runs in parallel. */
  lambdaDepth = 0;

  constructor(
    readonly file: FileContext,
    /** Source name of the kernel, for degradation reasons. */
    readonly kernel: string,
  ) {}

  get parallel(): boolean {
    return this.file.parallel && this.lambdaDepth === 0;
  }
}
