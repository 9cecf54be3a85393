// IR → Go statements and expressions for one kernel.
//
// The IR is expression-oriented; Go is not. `value` turns an expression into a Go expression,
// pushing whatever statements it needs first (a loop for a pipeline, an `if` for an
// if-expression); `returnTail` and `assignTo` put a value where it goes, spreading `let`s and
// `if`s into statements instead of temporaries. Evaluation order and laziness stay the
// interpreter's: operands left to right, `&&`/`||`/`if` only evaluate what they must.

import { applyCast } from '../../ir/interp.js';
import type { Binding, Expr, ExprOf, Kernel } from '../../ir/ir.js';
import { canPanic, localUses } from './analysis.js';
import { emitGroup, emitReverse, emitSort, emitTakeSkip } from './collections.js';
import { Block, type Elem, type FileContext, type Lowerer, type ValueOptions } from './context.js';
import { isAtomic, literal, typed } from './literals.js';
import { cleanNegation } from './loop.js';
import { localName } from './names.js';
import { emitPipeline, emitReturningSearch, loopPipelineOf } from './pipeline.js';
import { pruneUnused } from './prune.js';
import type { FuncDecl } from './printer.js';
import {
  assign,
  binary,
  call,
  callSel,
  define,
  ident,
  ifStmt,
  index,
  isConstant,
  not,
  paren,
  ret,
  selector,
  unary,
  update,
  varDecl,
  type GoBinaryOp,
  type GoExpr,
  type GoIf,
  type GoParam,
  type GoStmt,
} from './syntax.js';

export function lowerKernel(file: FileContext, kernel: Kernel, goName: string): FuncDecl {
  const scope = file.pkg.child();
  const argNames = new Map<string, string>();
  const params: GoParam[] = [];
  // Runtime params follow the arguments as plain parameters (docs: Kernel.params).
  for (const a of [...kernel.args, ...kernel.params]) {
    const name = scope.claim(localName(a.name));
    argNames.set(a.name, name);
    params.push({ name, type: file.goType(a.type) });
  }
  const lowerer = new KernelLowerer(file, kernel, argNames);
  const body = new Block(scope);
  lowerer.returnTail(kernel.body, body);
  return { comment: [], name: goName, params, result: file.goType(kernel.ret), body: pruneUnused(body.stmts) };
}

class KernelLowerer implements Lowerer {
  loopDepth = 0;
  private readonly locals = new Map<string, GoExpr>();
  private readonly slotStack: (readonly GoExpr[])[] = [];
  private readonly useCounts: ReadonlyMap<string, number>;
  private readonly irNames = new Set<string>();

  constructor(
    readonly file: FileContext,
    private readonly kernel: Kernel,
    private readonly argNames: ReadonlyMap<string, string>,
  ) {
    this.useCounts = localUses(kernel.body);
    for (const n of argNames.keys()) this.irNames.add(n);
    for (const n of this.useCounts.keys()) this.irNames.add(n);
  }

  get kernelName(): string {
    return this.kernel.name;
  }

  uses(name: string): number {
    return this.useCounts.get(name) ?? 0;
  }

  /** Lowering renamed clashing locals `x_2`; Go scopes let sibling loops reuse `x`. */
  preferredName(irName: string): string {
    const m = /^(.*)_(\d+)$/.exec(irName);
    return localName(m && this.irNames.has(m[1]!) ? m[1]! : irName);
  }

  bindLocal(name: string, expr: GoExpr): void {
    this.locals.set(name, expr);
  }

  bindParam(p: Binding, elem: Elem, b: Block, consumed: boolean): Elem {
    const uses = this.uses(p.name);
    // A number constant put in place of a variable would make Go evaluate the expressions around
    // it at compile time, exactly: `c * 9223372036854775807` must wrap at run time, not overflow.
    const numberConstant = isConstant(elem.expr) && (p.type.kind === 'i64' || p.type.kind === 'f64');
    if (elem.atomic && !(numberConstant && uses > 0)) {
      this.locals.set(p.name, elem.expr);
      return elem;
    }
    if (uses === 0 && (consumed || !elem.panics)) {
      // Not read here: a consumed element that can fail is still evaluated for its error; a
      // passed-on one that cannot fail is evaluated where it is read.
      if (elem.panics) b.push(assign('_', elem.expr));
      return elem;
    }
    if (consumed && uses === 1 && !elem.panics) {
      this.locals.set(p.name, elem.expr);
      return elem;
    }
    const name = b.claim(this.preferredName(p.name));
    b.push(define(name, typed(elem.expr, p.type)));
    this.locals.set(p.name, ident(name));
    return { expr: ident(name), panics: false, atomic: true };
  }

  withSlots<T>(slots: readonly GoExpr[], f: () => T): T {
    this.slotStack.push(slots);
    try {
      return f();
    } finally {
      this.slotStack.pop();
    }
  }

  // -------------------------------------------------------------------------------------------
  // Where values go

  returnTail(e: Expr, b: Block): void {
    switch (e.k) {
      case 'let':
        this.let(e, b);
        return this.returnTail(e.body, b);
      case 'if': {
        const cond = this.value(e.cond, b);
        const then = b.child();
        this.returnTail(e.then, then);
        b.push(ifStmt(cond, then.stmts));
        return this.returnTail(e.else, b);
      }
      case 'binary':
        if (e.op === '&&' || e.op === '||') {
          const probe = b.child();
          this.value(e.right, probe);
          if (probe.stmts.length > 0) {
            // `return a && b` where b needs statements: decide on a first.
            const left = this.value(e.left, b);
            const isAnd = e.op === '&&';
            b.push(ifStmt(isAnd ? (cleanNegation(e.left, left) ?? not(left)) : left, [ret(ident(isAnd ? 'false' : 'true'))]));
            return this.returnTail(e.right, b);
          }
        }
        break;
      case 'reduce_op': {
        const pl = loopPipelineOf(e);
        if (pl && emitReturningSearch(this, pl, b)) return;
        break;
      }
      default:
        break;
    }
    b.push(ret(this.value(e, b)));
  }

  assignTo(e: Expr, b: Block, target: string): void {
    switch (e.k) {
      case 'let':
        this.let(e, b);
        return this.assignTo(e.body, b, target);
      case 'if':
        return this.buildIf(e, b, (x, blk) => this.assignTo(x, blk, target));
      default: {
        const v = this.value(e, b);
        // A lambda returning its accumulator unchanged must not become `acc = acc`.
        if (!(v.k === 'ident' && v.name === target)) b.push(update(target, v));
      }
    }
  }

  effect(e: Expr, b: Block): void {
    if (!canPanic(e)) return;
    switch (e.k) {
      case 'let':
        this.let(e, b);
        return this.effect(e.body, b);
      case 'if':
        return this.buildIf(e, b, (x, blk) => this.effect(x, blk));
      default:
        b.push(assign('_', this.value(e, b)));
    }
  }

  private let(e: ExprOf<'let'>, b: Block): void {
    if (this.uses(e.name) === 0) return this.effect(e.value, b);
    const name = b.claim(this.preferredName(e.name));
    const v = this.value(e.value, b, { target: name });
    if (!(v.k === 'ident' && v.name === name)) b.push(define(name, typed(v, e.value.type)));
    this.locals.set(e.name, ident(name));
  }

  /** `if c { branch(then) } else if ... { } else { branch(else) }`, chaining `else if`s. */
  private buildIf(e: ExprOf<'if'>, b: Block, branch: (x: Expr, blk: Block) => void): void {
    const cond = this.value(e.cond, b);
    const then = b.child();
    branch(e.then, then);
    const otherwise = b.child();
    if (e.else.k === 'if') this.buildIf(e.else, otherwise, branch);
    else branch(e.else, otherwise);
    const chained = otherwise.stmts.length === 1 && otherwise.stmts[0]!.k === 'if' ? (otherwise.stmts[0] as GoIf) : otherwise.stmts;
    b.push(...makeIf(e.cond, cond, then.stmts, chained));
  }

  // -------------------------------------------------------------------------------------------
  // Values

  value(e: Expr, b: Block, opts: ValueOptions = {}): GoExpr {
    switch (e.k) {
      case 'lit':
        return literal(e.value, this.file);
      case 'var':
        return this.read(e);
      case 'let':
        this.let(e, b);
        return this.value(e.body, b, opts);
      case 'if': {
        const name = opts.target ?? b.claim(opts.suggest ?? 'v');
        b.push(varDecl(name, this.file.goType(e.type)));
        this.assignTo(e, b, name);
        return ident(name);
      }
      case 'unary': {
        const x = this.value(e.arg, b);
        return e.op === '!' ? not(x) : unary('-', x);
      }
      case 'binary':
        return this.binary(e, b, opts);
      case 'call':
        return this.call(e, b);
      case 'cast':
        return this.cast(e, b);
      case 'record': {
        const rec = this.file.record(recordName(e));
        const values = this.values(
          e.fields.map((f) => f.value),
          b,
          e.fields.map((f) => localName(f.name)),
        );
        return { k: 'composite', type: rec.name, elems: e.fields.map((f, i) => ({ key: rec.fields.get(f.name)!, value: values[i]! })) };
      }
      case 'field': {
        // `{a: x, b: y}.a` is x when the other fields cannot fail.
        const t = e.target;
        if (t.k === 'record' && t.fields.every((f) => f.name === e.name || !canPanic(f.value))) {
          return this.value(t.fields.find((f) => f.name === e.name)!.value, b, opts);
        }
        const rec = this.file.record(recordName(e.target));
        return selector(this.value(e.target, b), rec.fields.get(e.name)!);
      }
      case 'index': {
        const [xs, i] = this.values([e.target, e.index], b, [undefined, 'i']);
        // A negative constant index does not compile; at run time it is the out-of-bounds error.
        if (isConstant(i!) && i!.k === 'unary') return index(xs!, this.temp(b, 'i', typed(i!, e.index.type)));
        return index(xs!, asInt(i!) ?? i!);
      }
      case 'aggref': {
        const slots = this.slotStack[this.slotStack.length - 1];
        if (!slots) throw new Error('aggref outside a group result');
        return slots[e.slot]!;
      }
      case 'sort':
        return emitSort(this, e, b, opts);
      case 'take':
      case 'skip':
        return emitTakeSkip(this, e, b);
      case 'reverse':
        return emitReverse(this, e, b, opts);
      case 'group':
        return emitGroup(this, e, b, opts);
      case 'range':
      case 'map':
      case 'map_indexed':
      case 'filter':
      case 'zip':
      case 'reduce_op':
      case 'scan':
      case 'fold': {
        const pl = loopPipelineOf(e);
        if (!pl) throw new Error(`no loop for ${e.k}`);
        return emitPipeline(this, pl, b, opts);
      }
    }
  }

  values(es: readonly Expr[], b: Block, suggest: readonly (string | undefined)[] = []): GoExpr[] {
    const parts = es.map((e, i) => {
      const s = b.sibling();
      const opts = suggest[i] === undefined ? {} : { suggest: suggest[i]! };
      return { e, s, x: this.value(e, s, opts) };
    });
    return parts.map((part, i) => {
      b.push(...part.s.stmts);
      // Statements of a later operand run before this expression is evaluated: fine unless
      // both can fail, which would change which error comes first.
      const laterFails = parts.slice(i + 1).some((p) => p.s.stmts.length > 0 && canPanic(p.e));
      if (laterFails && canPanic(part.e) && !isAtomic(part.x)) return this.temp(b, suggest[i] ?? 'v', typed(part.x, part.e.type));
      return part.x;
    });
  }

  private temp(b: Block, name: string, value: GoExpr): GoExpr {
    const v = b.claim(name);
    b.push(define(v, value));
    return ident(v);
  }

  private read(e: ExprOf<'var'>): GoExpr {
    if (e.scope !== 'local') {
      const name = this.argNames.get(e.name);
      if (name === undefined) throw new Error(`unknown ${e.scope} ${e.name}`);
      return ident(name);
    }
    const bound = this.locals.get(e.name);
    if (!bound) throw new Error(`unbound local ${e.name}`);
    return bound;
  }

  private binary(e: ExprOf<'binary'>, b: Block, opts: ValueOptions): GoExpr {
    if (e.op === '&&' || e.op === '||') {
      const left = this.value(e.left, b);
      const rest = b.child();
      const right = this.value(e.right, rest);
      if (rest.stmts.length === 0) return withoutRepeats(e.op, left, right);
      // The right side needs statements: they run only when the left side does not decide.
      const name = opts.target ?? b.claim(opts.suggest ?? 'ok');
      b.push(define(name, left));
      b.push(ifStmt(e.op === '&&' ? ident(name) : not(ident(name)), [...rest.stmts, assign(name, right)]));
      return ident(name);
    }
    let [left, right] = this.values([e.left, e.right], b) as [GoExpr, GoExpr];
    const type = e.left.type.kind;
    if (type === 'bool' && ['<', '<=', '>', '>='].includes(e.op)) {
      // Go does not order bools; false < true. Both sides are evaluated, as by the interpreter.
      if (canPanic(e.right)) {
        if (canPanic(e.left) && !isAtomic(left)) left = this.temp(b, 'left', left);
        if (!isAtomic(right)) right = this.temp(b, 'right', right);
      }
      switch (e.op) {
        case '<':
          return binary('&&', not(left), right);
        case '<=':
          return binary('||', not(left), right);
        case '>':
          return binary('&&', left, not(right));
        default:
          return binary('||', left, not(right));
      }
    }
    if (type === 'f64' && e.op === '%') return callSel(this.file.pkgName('math'), 'Mod', left, right);
    if (type === 'i64' && (e.op === '/' || e.op === '%') && isConstant(right) && right.k === 'lit' && right.text === '0') {
      // Go rejects a constant zero divisor at compile time; the kernel fails at run time.
      right = this.temp(b, 'divisor', call('int64', right));
    }
    if (['==', '!=', '<', '<=', '>', '>='].includes(e.op)) [left, right] = withoutLenConversions(left, right);
    return binary(e.op as GoBinaryOp, left, right);
  }

  private call(e: ExprOf<'call'>, b: Block): GoExpr {
    const args = this.values(e.args, b);
    const math = (fn: string): GoExpr => callSel(this.file.pkgName('math'), fn, ...args);
    const isInt = e.type.kind === 'i64';
    switch (e.fn) {
      case 'abs':
        return isInt ? call(this.file.use('absInt64'), ...args) : math('Abs');
      case 'sqrt':
        return math('Sqrt');
      case 'exp':
        return math('Exp');
      case 'ln':
        return math('Log');
      case 'pow':
        return math('Pow');
      case 'floor':
        return math('Floor');
      case 'ceil':
        return math('Ceil');
      case 'round':
        return math('Round');
      case 'min':
        return isInt ? call('min', ...args) : call(this.file.use('minFloat64'), ...args);
      case 'max':
        return isInt ? call('max', ...args) : call(this.file.use('maxFloat64'), ...args);
    }
  }

  private cast(e: ExprOf<'cast'>, b: Block): GoExpr {
    if (e.arg.k === 'lit') return literal(applyCast(e.to, e.arg.value), this.file);
    const x = this.value(e.arg, b);
    if (e.to === e.arg.type.kind) return x;
    if (e.to === 'i64') return call(this.file.use('toInt64'), x);
    // float64(int64(len(xs))) is float64(len(xs)): an int converts to the same float64.
    const inner = x.k === 'call' && x.fn.k === 'ident' && x.fn.name === 'int64' ? x.args[0]! : x;
    return call('float64', inner);
  }
}

/**
 * `a || b || a` as `a || b`: every expression the lowering builds is free of side effects (a
 * repeat can only fail where its first occurrence already did), so a repeated operand cannot
 * change the result; go vet reports the repetition, which the source may well spell.
 */
function withoutRepeats(op: '&&' | '||', left: GoExpr, right: GoExpr): GoExpr {
  const operands: GoExpr[] = [];
  const flatten = (e: GoExpr): void => {
    const inner = e.k === 'paren' ? e.x : e;
    if (inner.k === 'binary' && inner.op === op) {
      flatten(inner.x);
      flatten(inner.y);
    } else operands.push(inner);
  };
  flatten(left);
  flatten(right);
  const seen = new Set<string>();
  const kept = operands.filter((x) => {
    const key = JSON.stringify(x);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return kept.slice(1).reduce((acc, x) => binary(op, acc, x), kept[0]!);
}

/**
 * `int64(len(xs)) > 0` as `len(xs) > 0`: comparing two ints (or an int and a constant) needs no
 * conversion to int64.
 */
function withoutLenConversions(left: GoExpr, right: GoExpr): [GoExpr, GoExpr] {
  const intOf = (e: GoExpr): GoExpr | null =>
    e.k === 'call' && e.fn.k === 'ident' && e.fn.name === 'int64' && e.args.length === 1 && isIntValued(e.args[0]!) ? e.args[0]! : null;
  const l = intOf(left);
  const r = intOf(right);
  if (l && r) return [l, r];
  if (l && isConstant(right)) return [l, right];
  if (r && isConstant(left)) return [left, r];
  return [left, right];
}

/**
 * An int64 index computed from ints and constants, rewritten on ints: `xs[int64(len(xs))/2]` is
 * `xs[len(xs)/2]` (an index may be any integer type, and ints are 64-bit). Null otherwise.
 */
function asInt(e: GoExpr): GoExpr | null {
  if (e.k === 'call' && e.fn.k === 'ident' && e.fn.name === 'int64' && e.args.length === 1 && isIntValued(e.args[0]!)) return e.args[0]!;
  if (e.k === 'paren') {
    const inner = asInt(e.x);
    return inner && paren(inner);
  }
  if (e.k !== 'binary' || !['+', '-', '*', '/', '%'].includes(e.op)) return null;
  const l = isConstant(e.x) ? e.x : asInt(e.x);
  const r = isConstant(e.y) ? e.y : asInt(e.y);
  return l && r && !(isConstant(l) && isConstant(r)) ? binary(e.op, l, r) : null;
}

/** Expressions the lowering produces with Go type `int`: len and min/max of lens. */
function isIntValued(e: GoExpr): boolean {
  if (e.k !== 'call' || e.fn.k !== 'ident') return false;
  if (e.fn.name === 'len') return true;
  return (e.fn.name === 'min' || e.fn.name === 'max') && e.args.every(isIntValued);
}

function recordName(e: Expr): string {
  if (e.type.kind !== 'record') throw new Error(`expected a record, found ${e.type.kind}`);
  return e.type.name;
}

/** An `if` without empty branches: an empty `then` flips the condition, both empty keep only its errors. */
function makeIf(irCond: Expr, cond: GoExpr, then: readonly GoStmt[], otherwise: readonly GoStmt[] | GoIf): GoStmt[] {
  const elseEmpty = Array.isArray(otherwise) && otherwise.length === 0;
  if (then.length === 0 && elseEmpty) return canPanic(irCond) ? [assign('_', cond)] : [];
  if (then.length === 0) {
    return [ifStmt(cleanNegation(irCond, cond) ?? not(cond), Array.isArray(otherwise) ? otherwise : [otherwise as GoStmt])];
  }
  return [ifStmt(cond, then, elseEmpty ? null : otherwise)];
}

