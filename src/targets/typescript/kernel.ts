// One kernel as one exported function. The IR is expression-oriented; TypeScript needs
// statements for `let`, loops and branches with statements inside, so every expression is
// emitted either as a value (`value`: statements it needs go into the current block first) or
// into a destination (`into`: return / declare / assign / push), which gives early returns,
// `const` for every `let`, and `c ? a : b` whenever both branches are plain expressions.
//
// Runtime params are trailing parameters with their defaults (`score(xs, threshold = 0.5)`):
// callers pass only what they change, and program mode passes `undefined` for params the input
// leaves out, so the defaults live in one place.

import type { Doc } from '../doc.js';
import type { Expr, ExprOf, Kernel, Lambda, ParamDecl } from '../../ir/ir.js';
import type { Type } from '../../lang/types.js';
import { Namer } from '../names.js';
import { needsStatements, pipelineFor } from './analysis.js';
import { indexExpr, reverseExpr, sliceExpr, sortExpr } from './collections.js';
import type { Block, Dest, Emitter } from './context.js';
import { groupExpr } from './group.js';
import { localName, type HelperName } from './names.js';
import { emitPipeline } from './pipeline.js';
import { binaryExpr, callExpr, castExpr, fieldExpr, literal, recordExpr, unaryExpr, wrapI64 } from './scalar.js';
import {
  assignStmt,
  boolLit,
  conditional,
  constStmt,
  exprStmt,
  functionDecl,
  ident,
  ifStmt,
  letStmt,
  methodCall,
  Prec,
  referenceText,
  returnStmt,
  spreadCopy,
  unary,
  type Js,
} from './syntax.js';
import { tsType, type RecordNames } from './types.js';

export interface KernelContext {
  readonly records: RecordNames;
  /** Helpers used so far in the file; emitting adds to it. */
  readonly helpers: Set<HelperName>;
  /** Scope of the kernel's own names: reserved words and helpers only, so locals may reuse kernel names. */
  readonly scope: Namer;
  /** Program params (for defaults of runtime params). */
  readonly params: readonly ParamDecl[];
}

export function emitKernel(kernel: Kernel, name: string, ctx: KernelContext): Doc {
  const em = new KernelEmitter(ctx);
  const params = em.signature(kernel);
  const body: Block = [];
  em.into(kernel.body, { kind: 'return', type: kernel.ret }, body);
  return functionDecl({ exported: true, name, params, returns: tsType(kernel.ret, ctx.records, true), body });
}

class KernelEmitter implements Emitter {
  private namer: Namer;
  private readonly env = new Map<string, Js>();
  private readonly slots: (readonly Js[])[] = [];
  /** Constants whose inferred type is a literal type (`const grade = c ? 'A' : 'B'`). */
  private readonly literalConsts = new Set<string>();
  /** Variables narrowed to literal types by the conditions around the code being emitted. */
  private readonly facts: (readonly string[])[] = [];

  constructor(private readonly ctx: KernelContext) {
    this.namer = ctx.scope.child();
  }

  /** Arguments, then the params the kernel reads with their defaults. */
  signature(kernel: Kernel): Doc[] {
    const args = kernel.args.map((a) => {
      const name = this.namer.claim(localName(a.name));
      this.env.set(a.name, ident(name));
      return `${name}: ${this.type(a.type)}`;
    });
    const params = kernel.params.map((p) => {
      const name = this.namer.claim(localName(p.name));
      this.env.set(p.name, ident(name));
      const decl = this.ctx.params.find((d) => d.name === p.name);
      if (decl === undefined) throw new Error(`param \`${p.name}\` is not declared`);
      return [name, ' = ', literal(decl.default, decl.type.kind).doc];
    });
    return [...args, ...params];
  }

  // -------------------------------------------------------------------------------------------
  // Emitter

  value(e: Expr, block: Block): Js {
    return wrapI64(this.raw(e, block));
  }

  raw(e: Expr, block: Block, target?: string): Js {
    switch (e.k) {
      case 'lit':
        return literal(e.value, e.type.kind);
      case 'var': {
        const js = this.env.get(e.name);
        if (js === undefined) throw new Error(`unbound ${e.scope} \`${e.name}\``);
        return js;
      }
      case 'let':
        this.bindLet(e, block);
        return this.raw(e.body, block, target);
      case 'if':
        return this.ifValue(e, block, target);
      case 'unary':
        return unaryExpr(this, e, block);
      case 'binary':
        return (e.op === '&&' || e.op === '||') && needsStatements(e.right) ? this.logicalValue(e, block) : binaryExpr(this, e, block);
      case 'call':
        return callExpr(this, e, block);
      case 'cast':
        return castExpr(this, e, block);
      case 'record':
        return recordExpr(this, e, block);
      case 'field':
        return fieldExpr(this, e, block);
      case 'index':
        return indexExpr(this, e, block);
      case 'range':
      case 'map':
      case 'map_indexed':
      case 'filter':
      case 'zip':
      case 'reduce_op':
      case 'scan':
      case 'fold':
        return emitPipeline(this, pipelineFor(e)!, block, target);
      case 'sort':
        return sortExpr(this, e, block);
      case 'take':
      case 'skip':
        return sliceExpr(this, e, block);
      case 'reverse':
        return reverseExpr(this, e, block);
      case 'group':
        return groupExpr(this, e, block, target);
      case 'aggref': {
        const slot = this.slots[this.slots.length - 1]?.[e.slot];
        if (slot === undefined) throw new Error('aggref outside a group result');
        return slot;
      }
    }
  }

  into(e: Expr, dest: Dest, block: Block): void {
    if (e.k === 'let') {
      this.bindLet(e, block);
      this.into(e.body, dest, block);
    } else if (e.k === 'if') {
      this.ifInto(e, dest, block);
    } else if (dest.kind === 'return' && e.k === 'binary' && (e.op === '&&' || e.op === '||') && needsStatements(e.right)) {
      // `return a && <loop>`: `if (!a) return false;`, then the loop and `return <value>`.
      const left = this.value(e.left, block);
      const test = this.condition(e.op === '&&' ? unary('!', left) : left, block);
      block.push(ifStmt(test, [returnStmt(boolLit(e.op === '||'))]));
      this.withFacts(test.facts?.whenFalse, () => this.into(e.right, dest, block));
    } else if (dest.kind === 'declare') {
      const js = this.raw(e, block, dest.name);
      if (js.doc !== dest.name) this.deliver(wrapI64(js), dest, block);
    } else {
      this.deliver(this.value(e, block), dest, block);
    }
  }

  apply(fn: Lambda, args: readonly Js[], block: Block): Js {
    this.bindParams(fn, args);
    return this.raw(fn.body, block);
  }

  applyInto(fn: Lambda, args: readonly Js[], dest: Dest, block: Block): void {
    this.bindParams(fn, args);
    this.into(fn.body, dest, block);
  }

  scoped<T>(f: () => T): T {
    const outer = this.namer;
    this.namer = outer.child();
    try {
      return f();
    } finally {
      this.namer = outer;
    }
  }

  claim(preferred: string): string {
    return this.namer.claim(preferred);
  }

  claimLocal(irName: string): string {
    return this.namer.claim(localName(irName));
  }

  use(helper: HelperName): string {
    this.ctx.helpers.add(helper);
    return helper;
  }

  type(t: Type, mutableTop = false): string {
    return tsType(t, this.ctx.records, mutableTop);
  }

  condition(test: Js, block: Block): Js {
    if (!test.boolLiteral) return test;
    const name = this.claim('condition');
    block.push(constStmt(name, test));
    // TypeScript narrows through a `const` alias of a condition, so its facts still hold.
    return test.facts ? { ...ident(name), facts: test.facts } : ident(name);
  }

  mayBeLiteralType(x: Js): boolean {
    if (x.literalType) return true;
    const ref = referenceText(x);
    return ref !== null && (this.literalConsts.has(ref) || this.facts.some((refs) => refs.includes(ref)));
  }

  withFacts<T>(refs: readonly string[] | undefined, f: () => T): T {
    if (refs === undefined || refs.length === 0) return f();
    this.facts.push(refs);
    try {
      return f();
    } finally {
      this.facts.pop();
    }
  }

  letType(value: Js, t: Type): string | undefined {
    // An array initialiser may be mutable (`number[]`) where later values are readonly.
    if (t.kind === 'array' || t.kind === 'record') return this.type(t);
    if (value.literal) return undefined;
    // Conditions narrow booleans without any comparison: every boolean variable may be narrowed.
    const narrowedBool = t.kind === 'bool' && (value.simple || value.prec <= Prec.and || value.op === '!' || value.literalType);
    return narrowedBool || this.mayBeLiteralType(value) ? this.type(t) : undefined;
  }

  /** `x` with `literalType` set if it is a narrowed variable, so expressions built on it know. */
  marked(x: Js): Js {
    return !x.literalType && this.mayBeLiteralType(x) ? { ...x, literalType: true } : x;
  }

  withSlots<T>(slots: readonly Js[], f: () => T): T {
    this.slots.push(slots);
    try {
      return f();
    } finally {
      this.slots.pop();
    }
  }

  // -------------------------------------------------------------------------------------------
  // Statements

  private bindParams(fn: Lambda, args: readonly Js[]): void {
    // Lambda parameters may be read several times: bind them to wrapped values only.
    fn.params.forEach((p, i) => this.env.set(p.name, wrapI64(args[i]!)));
  }

  private bindLet(e: ExprOf<'let'>, block: Block): void {
    const name = this.claimLocal(e.name);
    this.into(e.value, { kind: 'declare', name, type: e.value.type }, block);
    this.env.set(e.name, this.marked(ident(name)));
  }

  private deliver(js: Js, dest: Dest, block: Block): void {
    switch (dest.kind) {
      case 'return':
        // The function returns a mutable array: copy one that is not ours to give away.
        block.push(returnStmt(dest.type.kind === 'array' && !js.fresh ? spreadCopy(js) : js));
        return;
      case 'declare':
        block.push(constStmt(dest.name, js));
        // `const grade = c ? 'A' : 'B'` has the literal type 'A' | 'B'.
        if (this.mayBeLiteralType(js)) this.literalConsts.add(dest.name);
        return;
      case 'assign':
        block.push(assignStmt(dest.name, js));
        return;
      case 'push':
        block.push(exprStmt(methodCall(ident(dest.array), 'push', [js])));
        return;
    }
  }

  /** `c ? a : b` when both branches are plain expressions, else `if` statements. */
  private ifInto(e: ExprOf<'if'>, dest: Dest, block: Block): void {
    const test = this.condition(this.value(e.cond, block), block);
    if (!needsStatements(e.then) && !needsStatements(e.else)) {
      this.deliver(this.conditional(test, e), dest, block);
      return;
    }
    switch (dest.kind) {
      case 'return':
        // Early return: `if (c) { ...; return a; }` and the else branch after it.
        block.push(ifStmt(test, this.withFacts(test.facts?.whenTrue, () => this.branch(e.then, dest))));
        this.withFacts(test.facts?.whenFalse, () => this.into(e.else, dest, block));
        return;
      case 'declare':
        block.push(letStmt(dest.name, null, this.type(dest.type)));
        block.push(this.ifChain(test, e, { kind: 'assign', name: dest.name }));
        return;
      default:
        block.push(this.ifChain(test, e, dest));
    }
  }

  /** `if (c) {...} else if (d) {...} else {...}` ending every branch in `dest`. */
  private ifChain(test: Js, e: ExprOf<'if'>, dest: Dest): Doc {
    const then = this.withFacts(test.facts?.whenTrue, () => this.branch(e.then, dest));
    return this.withFacts(test.facts?.whenFalse, () => this.elseOf(test, then, e, dest));
  }

  private elseOf(test: Js, then: Block, e: ExprOf<'if'>, dest: Dest): Doc {
    const other = e.else;
    const elseIf = other.k === 'if' && !needsStatements(other.cond) && (needsStatements(other.then) || needsStatements(other.else));
    if (elseIf) {
      const scratch: Block = [];
      const next = this.value(other.cond, scratch);
      if (scratch.length > 0) throw new Error('internal: an else-if condition needed statements');
      if (next.boolLiteral) return ifStmt(test, then, this.branch(other, dest));
      return ifStmt(test, then, { elseIf: this.ifChain(next, other, dest) });
    }
    return ifStmt(test, then, this.branch(other, dest));
  }

  private branch(e: Expr, dest: Dest): Block {
    return this.scoped(() => {
      const b: Block = [];
      this.into(e, dest, b);
      return b;
    });
  }

  private conditional(test: Js, e: ExprOf<'if'>): Js {
    const scratch: Block = [];
    const then = this.withFacts(test.facts?.whenTrue, () => this.marked(this.value(e.then, scratch)));
    const otherwise = this.withFacts(test.facts?.whenFalse, () => this.marked(this.value(e.else, scratch)));
    const js = conditional(test, then, otherwise);
    if (scratch.length > 0) throw new Error('internal: a conditional branch needed statements');
    return js;
  }

  /** An `if` value whose branches need statements: `let value: T; if (c) {...} else {...}`. */
  private ifValue(e: ExprOf<'if'>, block: Block, target: string | undefined): Js {
    if (!needsStatements(e.then) && !needsStatements(e.else)) {
      // No `condition(...)` here: a value may be emitted where no statements can go.
      return this.conditional(this.value(e.cond, block), e);
    }
    const name = target ?? this.claim('value');
    this.ifInto(e, { kind: 'declare', name, type: e.type }, block);
    return ident(name);
  }

  /** `a && b` where `b` needs statements: `let ok = a; if (ok) { ...; ok = b; }`. */
  private logicalValue(e: ExprOf<'binary'>, block: Block): Js {
    const name = this.claim('condition');
    const left = this.value(e.left, block);
    block.push(letStmt(name, left, this.letType(left, e.type)));
    const test = e.op === '&&' ? ident(name) : unary('!', ident(name));
    block.push(ifStmt(test, this.branch(e.right, { kind: 'assign', name })));
    return ident(name);
  }
}
