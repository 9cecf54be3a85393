// Type checker: resolves names, infers types (lambda parameters from their receiver, `reduce` and
// `scan` accumulators from `init`, record literals from their fields or an expected declared
// record) and produces the typed tree. It keeps going after errors: anything ill-typed gets the
// error type, which every rule accepts silently, so one mistake yields one diagnostic.
//
// The typed tree is only meaningful (and only lowered) when no diagnostic was reported.

import { diag, type Diagnostic, type Span } from '../diagnostics.js';
import type { AggOp, Builtin, ReduceOp, ScalarValue } from '../ir/ir.js';
import {
  anonymousRecordName,
  arrayOf,
  BOOL,
  F64,
  I64,
  isAnonymousRecordName,
  isNumeric,
  isOrdered,
  sameType,
  showType,
  STR,
  type Field,
  type Type,
} from './types.js';
import type * as A from './ast.js';
import {
  ARRAY_METHODS,
  FUNCTIONS,
  GROUP_AGGREGATES,
  NON_FINITE_NAMES,
  SCALAR_TYPE_NAMES,
  SORT_DIRECTIONS,
  type Signature,
} from './builtins.js';

export const CHECK_CODES = {
  unknownVariable: 'CL3001',
  unknownType: 'CL3002',
  unknownMethod: 'CL3003',
  unknownFunction: 'CL3004',
  wrongArity: 'CL3005',
  typeMismatch: 'CL3006',
  mixedNumeric: 'CL3007',
  badOperand: 'CL3008',
  equalityOnNonScalar: 'CL3009',
  duplicateName: 'CL3010',
  nonFiniteLiteral: 'CL3011',
  paramDefaultOutOfRange: 'CL3012',
  paramStepNotPositive: 'CL3013',
  boolParamRange: 'CL3014',
  badParamType: 'CL3015',
  paramNotLiteral: 'CL3016',
  emptyParamRange: 'CL3017',
  unknownField: 'CL3018',
  notARecord: 'CL3019',
  notAnArray: 'CL3020',
  badSortKey: 'CL3021',
  badGroupKey: 'CL3022',
  badGroupUse: 'CL3023',
  expectedLambda: 'CL3024',
  lambdaArity: 'CL3025',
  branchMismatch: 'CL3026',
  returnMismatch: 'CL3027',
  recursiveRecord: 'CL3028',
  badSortDirection: 'CL3029',
  misplacedLambda: 'CL3030',
  conditionNotBool: 'CL3031',
} as const;

/** The type of anything ill-typed. Compared by identity; never reaches lowering. */
const ERROR_TYPE: Type = { kind: 'record', name: '<error>', fields: [] };

function hasError(t: Type): boolean {
  if (t === ERROR_TYPE) return true;
  if (t.kind === 'array') return hasError(t.elem);
  if (t.kind === 'record') return t.fields.some((f) => hasError(f.type));
  return false;
}

/**
 * True when `written` equals `actual` except that some records of `written` are anonymous where
 * `actual` has declared records with the same fields.
 */
function isAnonymousShapeOf(written: Type, actual: Type): boolean {
  if (written.kind === 'array') return actual.kind === 'array' && isAnonymousShapeOf(written.elem, actual.elem);
  if (written.kind !== 'record') return sameType(written, actual);
  if (actual.kind !== 'record') return false;
  if (written.name === actual.name) return true;
  return (
    isAnonymousRecordName(written.name) &&
    written.fields.length === actual.fields.length &&
    written.fields.every((f, i) => {
      const other = actual.fields[i];
      return other !== undefined && f.name === other.name && isAnonymousShapeOf(f.type, other.type);
    })
  );
}

function compatible(actual: Type, expected: Type): boolean {
  return hasError(actual) || hasError(expected) || sameType(actual, expected);
}

const isScalar = (t: Type): boolean => t.kind === 'i64' || t.kind === 'f64' || t.kind === 'bool' || t.kind === 'str';
const isGroupKey = (t: Type): boolean => t.kind === 'i64' || t.kind === 'str' || t.kind === 'bool';
const isPositive = (v: ScalarValue): boolean => (typeof v === 'bigint' ? v > 0n : typeof v === 'number' && v > 0);
const show = (t: Type): string => `\`${showType(t)}\``;

export interface CheckResult {
  readonly program: A.TypedProgram;
  readonly diagnostics: Diagnostic[];
}

export function check(file: A.SourceFile): CheckResult {
  const checker = new Checker();
  const program = checker.checkFile(file);
  return { program, diagnostics: checker.diagnostics };
}

// ------------------------------------------------------------ scopes

interface GroupBinding {
  readonly group: number;
  readonly name: string;
  readonly key: Type;
  readonly elem: Type;
}

type Binding = { readonly sym: A.Sym } | { readonly groupOf: GroupBinding };

/** An `agg(g => …)` being checked; `slotLevel` ≥ 0 while inside one of its `g.sum(f)` lambdas. */
interface AggContext {
  readonly group: number;
  readonly aggLevel: number;
  slotLevel: number;
}

// ------------------------------------------------------------ edit distance

/** Edit distance counting a swap of two neighbouring letters as one edit (`f46` → `f64`). */
function editDistance(a: string, b: string): number {
  let before: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, (before[j - 2] ?? 0) + 1);
      cur.push(d);
    }
    before = prev;
    prev = cur;
  }
  return prev[b.length] ?? 0;
}

/** The closest candidate within a third of the name's length (at least 1 edit), if any. */
function closestName(name: string, candidates: Iterable<string>): string | null {
  const limit = Math.max(1, Math.floor(name.length / 3));
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const c of [...new Set(candidates)].sort()) {
    const d = c.toLowerCase() === name.toLowerCase() ? 0.5 : editDistance(name, c);
    if (d <= limit && d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best;
}

const didYouMean = (s: string | null): string | undefined => (s === null ? undefined : `Did you mean \`${s}\`?`);

// ------------------------------------------------------------ the checker

class Checker {
  readonly diagnostics: Diagnostic[] = [];
  private nextId = 1;
  private readonly records = new Map<string, A.RecordDecl>();
  private readonly recordTypes = new Map<string, Type>();
  private readonly resolving = new Set<string>();
  private readonly params = new Map<string, A.Sym>();
  private readonly kernelNames = new Set<string>();
  private frames: Map<string, Binding>[] = [];
  private aggContexts: AggContext[] = [];
  private usedParams = new Set<A.Sym>();

  private error(code: string, title: string, message: string, span: Span | null, hint?: string): void {
    this.diagnostics.push(diag(code, title, message, span, hint));
  }

  private freshSym(name: string, scope: A.Sym['scope'], type: Type): A.Sym {
    return { id: this.nextId++, name, scope, type };
  }

  checkFile(file: A.SourceFile): A.TypedProgram {
    const recordDecls = file.decls.filter((d): d is A.RecordDecl => d.k === 'record');
    for (const r of recordDecls) {
      if (this.records.has(r.name.name) || SCALAR_TYPE_NAMES.includes(r.name.name)) {
        this.duplicate('record', r.name);
      } else {
        this.records.set(r.name.name, r);
      }
    }
    const records: A.TRecord[] = [];
    for (const r of this.records.values()) {
      const t = this.recordType(r);
      if (t.kind === 'record' && t !== ERROR_TYPE) records.push({ name: t.name, fields: t.fields });
    }
    const params: A.TParam[] = [];
    for (const d of file.decls) {
      if (d.k !== 'param') continue;
      const p = this.checkParam(d);
      if (p) params.push(p);
    }
    const kernels: A.TKernel[] = [];
    for (const d of file.decls) {
      if (d.k !== 'kernel') continue;
      if (this.kernelNames.has(d.name.name)) this.duplicate('kernel', d.name);
      this.kernelNames.add(d.name.name);
    }
    for (const d of file.decls) {
      if (d.k === 'kernel') kernels.push(this.checkKernel(d, params));
    }
    return { records, params, kernels };
  }

  private duplicate(what: string, name: A.Ident): void {
    this.error(CHECK_CODES.duplicateName, 'Duplicate name', `There is already a ${what} named \`${name.name}\`.`, name.span);
  }

  // ---------------------------------------------------------- types

  private recordType(r: A.RecordDecl): Type {
    const known = this.recordTypes.get(r.name.name);
    if (known) return known;
    if (this.resolving.has(r.name.name)) {
      this.error(
        CHECK_CODES.recursiveRecord,
        'Recursive record',
        `Record \`${r.name.name}\` contains itself; records cannot be recursive.`,
        r.name.span,
      );
      this.recordTypes.set(r.name.name, ERROR_TYPE);
      return ERROR_TYPE;
    }
    this.resolving.add(r.name.name);
    const fields = this.resolveFields(r.fields);
    this.resolving.delete(r.name.name);
    const t: Type = this.recordTypes.get(r.name.name) ?? { kind: 'record', name: r.name.name, fields };
    this.recordTypes.set(r.name.name, t);
    return t;
  }

  private resolveFields(fields: readonly A.FieldTypeExpr[]): Field[] {
    const seen = new Set<string>();
    const out: Field[] = [];
    for (const f of fields) {
      if (seen.has(f.name.name)) this.duplicate('field', f.name);
      seen.add(f.name.name);
      out.push({ name: f.name.name, type: this.resolveType(f.type) });
    }
    return out;
  }

  private resolveType(te: A.TypeExpr): Type {
    switch (te.k) {
      case 'error':
        return ERROR_TYPE;
      case 'array':
        return arrayOf(this.resolveType(te.elem));
      case 'record': {
        const fields = this.resolveFields(te.fields);
        return { kind: 'record', name: anonymousRecordName(fields), fields };
      }
      case 'named': {
        switch (te.name) {
          case 'i64':
            return I64;
          case 'f64':
            return F64;
          case 'bool':
            return BOOL;
          case 'str':
            return STR;
        }
        const r = this.records.get(te.name);
        if (r) return this.recordType(r);
        this.error(
          CHECK_CODES.unknownType,
          'Unknown type',
          `There is no type named \`${te.name}\`.`,
          te.span,
          didYouMean(closestName(te.name, [...SCALAR_TYPE_NAMES, ...this.records.keys()])),
        );
        return ERROR_TYPE;
      }
    }
  }

  // ---------------------------------------------------------- params

  private checkParam(d: A.ParamDecl): A.TParam | null {
    const type = this.resolveType(d.type);
    const name = d.name.name;
    this.checkBindingName(d.name);
    if (this.params.has(name)) this.duplicate('param', d.name);
    if (type !== ERROR_TYPE && type.kind !== 'i64' && type.kind !== 'f64' && type.kind !== 'bool') {
      this.error(
        CHECK_CODES.badParamType,
        'Invalid param type',
        `Params are \`i64\`, \`f64\` or \`bool\`; \`${name}\` has type ${show(type)}.`,
        d.type.span,
      );
      return null;
    }
    const dflt = this.paramValue(d.default, type);
    let min: ScalarValue | null = null;
    let max: ScalarValue | null = null;
    let step: ScalarValue | null = null;
    if (type.kind === 'bool' && (d.range || d.step)) {
      this.error(
        CHECK_CODES.boolParamRange,
        'Range on a bool param',
        `\`${name}\` is a \`bool\` param; a bool param has no range or step.`,
        (d.range?.lo ?? d.step)?.span ?? d.span,
      );
    } else if (d.range) {
      min = this.paramValue(d.range.lo, type);
      max = this.paramValue(d.range.hi, type);
      step = d.step ? this.paramValue(d.step, type) : null;
      if (min !== null && max !== null && min > max) {
        this.error(
          CHECK_CODES.emptyParamRange,
          'Empty param range',
          `The range of \`${name}\` is empty: ${String(min)} is greater than ${String(max)}.`,
          d.range.lo.span,
        );
      } else if (dflt !== null && min !== null && max !== null && (dflt < min || dflt > max)) {
        this.error(
          CHECK_CODES.paramDefaultOutOfRange,
          'Param default out of range',
          `The default of \`${name}\` (${String(dflt)}) is outside its range ${String(min)}..${String(max)}.`,
          d.default.span,
        );
      }
      if (step !== null && d.step && !isPositive(step)) {
        this.error(
          CHECK_CODES.paramStepNotPositive,
          'Param step not positive',
          `The step of \`${name}\` must be greater than zero.`,
          d.step.span,
        );
      }
    }
    const sym = this.freshSym(name, 'param', type);
    if (!this.params.has(name)) this.params.set(name, sym);
    if (dflt === null || type === ERROR_TYPE) return null;
    return { sym, default: dflt, min, max, step, span: d.span };
  }

  /** Param values are literals (a leading `-` is part of a number literal). */
  private paramValue(e: A.Expr, type: Type): ScalarValue | null {
    let value: ScalarValue;
    let actual: Type;
    switch (e.k) {
      case 'int':
        [value, actual] = [e.value, I64];
        break;
      case 'float':
        [value, actual] = [e.value, F64];
        break;
      case 'bool':
        [value, actual] = [e.value, BOOL];
        break;
      case 'error':
        return null;
      default:
        if (e.k === 'ident' && NON_FINITE_NAMES.has(e.name)) {
          this.nonFinite(e.name, e.span);
          return null;
        }
        this.error(
          CHECK_CODES.paramNotLiteral,
          'Param value not a literal',
          'Param defaults, bounds and steps must be literals such as `0.5`, `-3` or `true`.',
          e.span,
        );
        return null;
    }
    if (type === ERROR_TYPE) return null;
    if (!sameType(actual, type)) {
      this.mismatch(e.span, type, actual, 'in this param declaration');
      return null;
    }
    return value;
  }

  /** A variable named `NaN` would read as a literal the language does not have. */
  private checkBindingName(name: A.Ident): void {
    if (NON_FINITE_NAMES.has(name.name)) this.nonFinite(name.name, name.span);
  }

  private nonFinite(name: string, span: Span): void {
    this.error(
      CHECK_CODES.nonFiniteLiteral,
      'No NaN/Infinity literals',
      `\`${name}\` is not defined: there are no NaN/Infinity literals; float literals must be finite.`,
      span,
      'Compute the value if you need it, e.g. `0.0 / 0.0` or `1.0 / 0.0`.',
    );
  }

  private mismatch(span: Span, expected: Type, actual: Type, where: string, hint?: string): void {
    const numericHint =
      hint ??
      (expected.kind === 'f64' && actual.kind === 'i64'
        ? 'Write a float literal such as `1.0`, or convert with `f64(…)`.'
        : expected.kind === 'i64' && actual.kind === 'f64'
          ? 'Convert with `i64(…)`.'
          : undefined);
    this.error(
      CHECK_CODES.typeMismatch,
      'Type mismatch',
      `Expected ${show(expected)} ${where}, found ${show(actual)}.`,
      span,
      numericHint,
    );
  }

  // ---------------------------------------------------------- kernels

  private checkKernel(d: A.KernelDecl, params: readonly A.TParam[]): A.TKernel {
    this.frames = [new Map()];
    this.aggContexts = [];
    this.usedParams = new Set();
    const args: A.Sym[] = [];
    for (const a of d.args) {
      const sym = this.freshSym(a.name.name, 'arg', this.resolveType(a.type));
      this.checkBindingName(a.name);
      if (this.frames[0]?.has(sym.name)) this.duplicate('argument', a.name);
      else this.frames[0]?.set(sym.name, { sym });
      args.push(sym);
    }
    let ret = this.resolveType(d.ret);
    const body = this.expr(d.body, ret);
    // `-> [{a: i64}]` over a body of declared `[R]` with `R { a: i64 }`: the kernel returns `[R]`.
    if (!compatible(body.type, ret) && isAnonymousShapeOf(ret, body.type)) ret = body.type;
    if (!compatible(body.type, ret)) {
      const structural =
        body.type.kind === 'record' && ret.kind === 'record' && anonymousRecordName(body.type.fields) === anonymousRecordName(ret.fields);
      this.error(
        CHECK_CODES.returnMismatch,
        'Return type mismatch',
        `Kernel \`${d.name.name}\` returns ${show(ret)}, but its body has type ${show(body.type)}.`,
        this.resultSpan(d.body),
        structural ? `Annotate the binding: \`let r: ${showType(ret)} = …\`.` : undefined,
      );
    }
    const used = params.map((p) => p.sym).filter((s) => this.usedParams.has(s));
    return { name: d.name.name, args, params: used, ret, body, span: d.span };
  }

  /** Where a block's value comes from, for pointing at a wrong result. */
  private resultSpan(e: A.Expr): Span {
    return e.k === 'block' ? this.resultSpan(e.result) : e.span;
  }

  // ---------------------------------------------------------- scopes

  private lookup(name: string): { binding: Binding; level: number } | null {
    for (let level = this.frames.length - 1; level >= 0; level--) {
      const binding = this.frames[level]?.get(name);
      if (binding) return { binding, level };
    }
    const sym = this.params.get(name);
    return sym ? { binding: { sym }, level: -1 } : null;
  }

  private visibleNames(): string[] {
    return [...this.params.keys(), ...this.frames.flatMap((f) => [...f.keys()])];
  }

  private withFrame<T>(bindings: readonly [string, Binding][], body: () => T): T {
    this.frames.push(new Map(bindings));
    try {
      return body();
    } finally {
      this.frames.pop();
    }
  }

  // ---------------------------------------------------------- expressions

  private errorExpr(span: Span): A.TExpr {
    return { k: 'lit', value: false, type: ERROR_TYPE, span };
  }

  /** `expected` guides inference (record literal types, lambda bodies); callers still compare. */
  private expr(e: A.Expr, expected: Type | null): A.TExpr {
    switch (e.k) {
      case 'int':
        return { k: 'lit', value: e.value, type: I64, span: e.span };
      case 'float':
        return { k: 'lit', value: e.value, type: F64, span: e.span };
      case 'bool':
        return { k: 'lit', value: e.value, type: BOOL, span: e.span };
      case 'str':
        return { k: 'lit', value: e.value, type: STR, span: e.span };
      case 'error':
        return this.errorExpr(e.span);
      case 'ident':
        return this.ident(e);
      case 'unary':
        return this.unary(e);
      case 'binary':
        return this.binary(e);
      case 'if':
        return this.ifExpr(e, expected);
      case 'block':
        return this.block(e, expected);
      case 'lambda':
        this.error(
          CHECK_CODES.misplacedLambda,
          'Misplaced lambda',
          'A lambda can only be passed to an array method such as `map` or `filter`.',
          e.span,
        );
        return this.errorExpr(e.span);
      case 'record':
        return this.recordLiteral(e, expected);
      case 'field':
        return this.field(e);
      case 'index':
        return this.index(e);
      case 'call':
        return this.call(e);
      case 'method':
        return this.method(e, expected);
    }
  }

  private ident(e: A.Expr & { k: 'ident' }): A.TExpr {
    const found = this.lookup(e.name);
    if (!found) {
      if (NON_FINITE_NAMES.has(e.name)) this.nonFinite(e.name, e.span);
      else if (this.records.has(e.name)) {
        this.error(CHECK_CODES.unknownVariable, 'Unknown variable', `\`${e.name}\` is a record type, not a value.`, e.span);
      } else if (this.kernelNames.has(e.name)) {
        this.error(CHECK_CODES.unknownVariable, 'Unknown variable', `\`${e.name}\` is a kernel, not a value.`, e.span);
      } else {
        const hint =
          e.name in SORT_DIRECTIONS
            ? `\`${e.name}\` only has a meaning as the second argument of \`sort_by\`.`
            : didYouMean(closestName(e.name, this.visibleNames()));
        this.error(CHECK_CODES.unknownVariable, 'Unknown variable', `No variable named \`${e.name}\` is in scope.`, e.span, hint);
      }
      return this.errorExpr(e.span);
    }
    const { binding, level } = found;
    if ('groupOf' in binding) {
      this.badGroupUse(e.name, e.span);
      return this.errorExpr(e.span);
    }
    if (!this.visibleToAggregates(e.name, level, e.span)) return this.errorExpr(e.span);
    if (binding.sym.scope === 'param') this.usedParams.add(binding.sym);
    return { k: 'var', sym: binding.sym, type: binding.sym.type, span: e.span };
  }

  /**
   * Aggregate functions (`g.sum(f)`) run over the group's elements before the `agg` body, so they
   * cannot see anything bound inside that body, `g` included.
   */
  private visibleToAggregates(name: string, level: number, span: Span): boolean {
    for (const ctx of this.aggContexts) {
      if (ctx.slotLevel >= 0 && level >= ctx.aggLevel && level < ctx.slotLevel) {
        this.error(
          CHECK_CODES.badGroupUse,
          'Invalid aggregate',
          `\`${name}\` is defined inside \`agg\`, so a group aggregate's function cannot use it.`,
          span,
          'Aggregate functions see the element and variables from outside `agg(…)`.',
        );
        return false;
      }
    }
    return true;
  }

  private badGroupUse(name: string, span: Span): void {
    this.error(
      CHECK_CODES.badGroupUse,
      'Invalid use of a group',
      `The group \`${name}\` can only be used as \`${name}.key\`, \`${name}.count()\`, \`${name}.sum(f)\`, \`${name}.min(f)\`, \`${name}.max(f)\` or \`${name}.mean(f)\`.`,
      span,
    );
  }

  private unary(e: A.Expr & { k: 'unary' }): A.TExpr {
    const arg = this.expr(e.arg, null);
    const t = arg.type;
    const ok = hasError(t) || (e.op === '-' ? isNumeric(t) : t.kind === 'bool');
    if (!ok) {
      this.error(
        CHECK_CODES.badOperand,
        'Invalid operand',
        `Unary \`${e.op}\` needs ${e.op === '-' ? 'an `i64` or `f64`' : 'a `bool`'}, found ${show(t)}.`,
        e.arg.span,
      );
    }
    return { k: 'unary', op: e.op, arg, type: ok ? t : ERROR_TYPE, span: e.span };
  }

  private binary(e: A.Expr & { k: 'binary' }): A.TExpr {
    const left = this.expr(e.left, null);
    const right = this.expr(e.right, null);
    const make = (type: Type): A.TExpr => ({ k: 'binary', op: e.op, left, right, type, span: e.span });
    const [l, r] = [left.type, right.type];
    const logical = e.op === '&&' || e.op === '||';
    const comparison = ['==', '!=', '<', '<=', '>', '>='].includes(e.op);
    // With an ill-typed operand, arithmetic has an unknown type; a comparison is still a bool.
    if (hasError(l) || hasError(r)) return make(logical || comparison ? BOOL : ERROR_TYPE);
    const operandError = (side: A.Expr, t: Type, needs: string): A.TExpr => {
      this.error(CHECK_CODES.badOperand, 'Invalid operand', `\`${e.op}\` needs ${needs}, found ${show(t)}.`, side.span);
      return make(logical || comparison ? BOOL : ERROR_TYPE);
    };
    if (logical) {
      if (l.kind !== 'bool') return operandError(e.left, l, '`bool` operands');
      if (r.kind !== 'bool') return operandError(e.right, r, '`bool` operands');
      return make(BOOL);
    }
    const equality = e.op === '==' || e.op === '!=';
    if (equality && (!isScalar(l) || !isScalar(r))) {
      this.error(
        CHECK_CODES.equalityOnNonScalar,
        'Equality on a non-scalar',
        `\`${e.op}\` compares \`i64\`, \`f64\`, \`bool\` or \`str\` values, not ${show(isScalar(l) ? r : l)}.`,
        (isScalar(l) ? e.right : e.left).span,
        'Compare the fields or elements instead.',
      );
      return make(BOOL);
    }
    const accepts = equality ? isScalar : comparison ? isOrdered : isNumeric;
    const needs = comparison ? '`i64`, `f64`, `bool` or `str` operands' : '`i64` or `f64` operands';
    if (!accepts(l)) return operandError(e.left, l, needs);
    if (!accepts(r)) return operandError(e.right, r, needs);
    if (!sameType(l, r)) {
      const mixed = isNumeric(l) && isNumeric(r);
      this.error(
        mixed ? CHECK_CODES.mixedNumeric : CHECK_CODES.typeMismatch,
        mixed ? 'Mixed i64 and f64' : 'Type mismatch',
        `\`${e.op}\` needs operands of one type, found ${show(l)} and ${show(r)}.`,
        e.span,
        mixed ? 'There are no implicit conversions: write `f64(i)` or `i64(x)`, or a float literal like `2.0`.' : undefined,
      );
      return make(comparison ? BOOL : ERROR_TYPE);
    }
    return make(comparison ? BOOL : l);
  }

  private ifExpr(e: A.Expr & { k: 'if' }, expected: Type | null): A.TExpr {
    const cond = this.expr(e.cond, null);
    if (!compatible(cond.type, BOOL)) {
      this.error(
        CHECK_CODES.conditionNotBool,
        'Condition not bool',
        `An \`if\` condition must be a \`bool\`, found ${show(cond.type)}.`,
        e.cond.span,
      );
    }
    const then = this.expr(e.then, expected);
    const otherwise = this.expr(e.else, expected ?? (hasError(then.type) ? null : then.type));
    let type = hasError(then.type) ? otherwise.type : then.type;
    if (!compatible(otherwise.type, then.type)) {
      this.error(
        CHECK_CODES.branchMismatch,
        'Branches differ',
        `The \`if\` branch has type ${show(then.type)} but the \`else\` branch has type ${show(otherwise.type)}.`,
        this.resultSpan(e.else),
      );
      type = ERROR_TYPE;
    }
    return { k: 'if', cond, then, else: otherwise, type, span: e.span };
  }

  private block(e: A.Expr & { k: 'block' }, expected: Type | null): A.TExpr {
    const checked: { sym: A.Sym; value: A.TExpr; span: Span }[] = [];
    this.frames.push(new Map());
    try {
      for (const s of e.lets) {
        const annotated = s.type ? this.resolveType(s.type) : null;
        const value = this.expr(s.value, annotated);
        if (annotated && !compatible(value.type, annotated)) {
          this.mismatch(s.value.span, annotated, value.type, `for \`${s.name.name}\``);
        }
        const sym = this.freshSym(s.name.name, 'local', annotated ?? value.type);
        this.checkBindingName(s.name);
        this.frames[this.frames.length - 1]?.set(sym.name, { sym });
        checked.push({ sym, value, span: s.span });
      }
      let body = this.expr(e.result, expected);
      for (let i = checked.length - 1; i >= 0; i--) {
        const c = checked[i] as (typeof checked)[number];
        body = { k: 'let', sym: c.sym, value: c.value, body, type: body.type, span: { start: c.span.start, end: e.span.end } };
      }
      return body;
    } finally {
      this.frames.pop();
    }
  }

  private recordLiteral(e: A.Expr & { k: 'record' }, expected: Type | null): A.TExpr {
    const seen = new Set<string>();
    let duplicated = false;
    for (const f of e.fields) {
      if (seen.has(f.name.name)) {
        this.duplicate('field', f.name);
        duplicated = true;
      }
      seen.add(f.name.name);
    }
    const target =
      expected?.kind === 'record' &&
      expected !== ERROR_TYPE &&
      expected.fields.length === e.fields.length &&
      expected.fields.every((f, i) => f.name === e.fields[i]?.name.name)
        ? expected
        : null;
    const fields = e.fields.map((f, i) => ({
      name: f.name.name,
      value: this.expr(f.value, target?.fields[i]?.type ?? null),
    }));
    const fitsTarget = target !== null && fields.every((f, i) => compatible(f.value.type, target.fields[i]?.type ?? ERROR_TYPE));
    const actualFields = fields.map((f) => ({ name: f.name, type: f.value.type }));
    const type: Type = duplicated
      ? ERROR_TYPE
      : fitsTarget
        ? target
        : { kind: 'record', name: anonymousRecordName(actualFields), fields: actualFields };
    return { k: 'record', fields, type, span: e.span };
  }

  /** The group `e` names, if it is one; `'invalid'` when it is used where it cannot be read. */
  private groupOf(e: A.Expr): GroupBinding | 'invalid' | null {
    if (e.k !== 'ident') return null;
    const found = this.lookup(e.name);
    if (!found || !('groupOf' in found.binding)) return null;
    const group = found.binding.groupOf;
    if (!this.visibleToAggregates(e.name, found.level, e.span)) return 'invalid';
    const innermost = this.aggContexts[this.aggContexts.length - 1];
    if (innermost?.group !== group.group) {
      this.error(
        CHECK_CODES.badGroupUse,
        'Invalid use of a group',
        `\`${e.name}\` belongs to an outer \`agg\`; inside a nested \`agg\` only its own group can be aggregated.`,
        e.span,
        'Bind the outer aggregate with `let` before the nested `group_by`.',
      );
      return 'invalid';
    }
    return group;
  }

  private field(e: A.Expr & { k: 'field' }): A.TExpr {
    const group = this.groupOf(e.target);
    if (group === 'invalid') return this.errorExpr(e.span);
    if (group) {
      if (e.name.name === 'key') {
        return { k: 'agg', op: 'key', group: group.group, fn: null, type: group.key, span: e.span };
      }
      this.badGroupUse(group.name, e.span);
      return this.errorExpr(e.span);
    }
    const target = this.expr(e.target, null);
    const t = target.type;
    if (hasError(t) && t.kind !== 'record') return this.errorExpr(e.span);
    if (t === ERROR_TYPE) return this.errorExpr(e.span);
    if (t.kind !== 'record') {
      const isMethod = t.kind === 'array' && e.name.name in ARRAY_METHODS;
      this.error(
        CHECK_CODES.notARecord,
        'Not a record',
        `${show(t)} has no fields; \`.${e.name.name}\` needs a record.`,
        e.name.span,
        isMethod ? `Did you mean the method call \`.${e.name.name}()\`?` : undefined,
      );
      return this.errorExpr(e.span);
    }
    const field = t.fields.find((f) => f.name === e.name.name);
    if (!field) {
      this.error(
        CHECK_CODES.unknownField,
        'Unknown field',
        `${show(t)} has no field \`${e.name.name}\`.`,
        e.name.span,
        didYouMean(closestName(e.name.name, t.fields.map((f) => f.name))),
      );
      return this.errorExpr(e.span);
    }
    return { k: 'field', target, name: field.name, type: field.type, span: e.span };
  }

  private index(e: A.Expr & { k: 'index' }): A.TExpr {
    const target = this.expr(e.target, null);
    const index = this.expr(e.index, null);
    if (!compatible(index.type, I64)) this.mismatch(e.index.span, I64, index.type, 'as an index');
    const t = target.type;
    if (t === ERROR_TYPE) return this.errorExpr(e.span);
    if (t.kind !== 'array') {
      this.error(CHECK_CODES.notAnArray, 'Not an array', `Only arrays can be indexed; this is ${show(t)}.`, e.target.span);
      return this.errorExpr(e.span);
    }
    return { k: 'index', target, index, type: t.elem, span: e.span };
  }

  private arity(sig: Signature, name: string, got: number, span: Span): boolean {
    if (got >= sig.minArgs && got <= sig.maxArgs) return true;
    const wanted = sig.minArgs === sig.maxArgs ? `${sig.minArgs}` : `${sig.minArgs} or ${sig.maxArgs}`;
    this.error(
      CHECK_CODES.wrongArity,
      'Wrong number of arguments',
      `\`${name}\` takes ${wanted} argument${wanted === '1' ? '' : 's'}, found ${got}.`,
      span,
      `Usage: \`${sig.usage}\`.`,
    );
    return false;
  }

  // ---------------------------------------------------------- built-in functions

  private call(e: A.Expr & { k: 'call' }): A.TExpr {
    const name = e.callee.name;
    const sig = FUNCTIONS[name];
    if (!sig) {
      const hint = this.kernelNames.has(name)
        ? 'Kernels cannot call other kernels.'
        : name in ARRAY_METHODS
          ? `\`${name}\` is an array method: write \`xs.${name}(…)\`.`
          : didYouMean(closestName(name, Object.keys(FUNCTIONS)));
      this.error(CHECK_CODES.unknownFunction, 'Unknown function', `There is no function named \`${name}\`.`, e.callee.span, hint);
      for (const a of e.args) if (a.k !== 'lambda') this.expr(a, null);
      return this.errorExpr(e.span);
    }
    const args = e.args.map((a) => this.expr(a, null));
    if (!this.arity(sig, name, args.length, e.span)) return this.errorExpr(e.span);
    const types = args.map((a) => a.type);
    if (types.some(hasError)) return this.errorExpr(e.span);
    const argSpan = (i: number): Span => e.args[i]?.span ?? e.span;
    const [a0, a1] = args as [A.TExpr, A.TExpr];
    switch (name) {
      case 'abs':
        if (!isNumeric(a0.type)) return this.badArg(name, argSpan(0), '`i64` or `f64`', a0.type);
        return { k: 'call', fn: 'abs', args, type: a0.type, span: e.span };
      case 'min':
      case 'max':
        if (!isNumeric(a0.type)) return this.badArg(name, argSpan(0), '`i64` or `f64`', a0.type);
        if (!sameType(a0.type, a1.type)) {
          const mixed = isNumeric(a1.type);
          this.error(
            mixed ? CHECK_CODES.mixedNumeric : CHECK_CODES.typeMismatch,
            mixed ? 'Mixed i64 and f64' : 'Type mismatch',
            `\`${name}\` needs two arguments of one type, found ${show(a0.type)} and ${show(a1.type)}.`,
            e.span,
            mixed ? 'Convert one side with `f64(…)` or `i64(…)`.' : undefined,
          );
          return this.errorExpr(e.span);
        }
        return { k: 'call', fn: name, args, type: a0.type, span: e.span };
      case 'f64':
      case 'i64': {
        if (!isNumeric(a0.type)) return this.badArg(name, argSpan(0), '`i64` or `f64`', a0.type);
        if (a0.type.kind === name) return a0;
        return { k: 'cast', to: name, arg: a0, type: name === 'f64' ? F64 : I64, span: e.span };
      }
      case 'range':
        for (const [i, a] of args.entries()) {
          if (a.type.kind !== 'i64') return this.badArg(name, argSpan(i), '`i64`', a.type);
        }
        return { k: 'range', start: a0, end: a1, type: arrayOf(I64), span: e.span };
      default: {
        // sqrt exp ln pow floor ceil round: f64 in, f64 out.
        for (const [i, a] of args.entries()) {
          if (a.type.kind !== 'f64') {
            return this.badArg(name, argSpan(i), '`f64`', a.type, a.type.kind === 'i64' ? 'Convert with `f64(…)`.' : undefined);
          }
        }
        return { k: 'call', fn: name as Builtin, args, type: F64, span: e.span };
      }
    }
  }

  private badArg(name: string, span: Span, needs: string, found: Type, hint?: string): A.TExpr {
    this.error(CHECK_CODES.typeMismatch, 'Type mismatch', `\`${name}\` needs ${needs}, found ${show(found)}.`, span, hint);
    return this.errorExpr(span);
  }

  // ---------------------------------------------------------- lambdas

  private lambda(
    arg: A.Expr | undefined,
    paramTypes: readonly Type[],
    expectedBody: Type | null,
    method: string,
    slotOf: AggContext | null = null,
  ): A.TLambda | null {
    if (arg === undefined) return null;
    if (arg.k !== 'lambda') {
      const shape = paramTypes.length === 1 ? 'x => …' : '(a, b) => …';
      this.error(
        CHECK_CODES.expectedLambda,
        'Expected a function',
        `\`${method}\` expects a function such as \`${shape}\` here.`,
        arg.span,
      );
      this.expr(arg, null);
      return null;
    }
    if (arg.params.length !== paramTypes.length) {
      this.error(
        CHECK_CODES.lambdaArity,
        'Wrong number of lambda parameters',
        `The function passed to \`${method}\` takes ${paramTypes.length} parameter${paramTypes.length === 1 ? '' : 's'}, found ${arg.params.length}.`,
        arg.span,
      );
    }
    const seen = new Set<string>();
    const params: A.Sym[] = arg.params.map((p, i) => {
      this.checkBindingName(p.name);
      if (seen.has(p.name.name)) this.duplicate('lambda parameter', p.name);
      seen.add(p.name.name);
      const inferred = paramTypes[i] ?? ERROR_TYPE;
      const annotated = p.type ? this.resolveType(p.type) : null;
      if (annotated && p.type && !compatible(inferred, annotated)) {
        this.mismatch(p.type.span, inferred, annotated, `for lambda parameter \`${p.name.name}\``);
      }
      return this.freshSym(p.name.name, 'local', inferred);
    });
    const bindings = params.map((s): [string, Binding] => [s.name, { sym: s }]);
    if (slotOf) slotOf.slotLevel = this.frames.length;
    try {
      return this.withFrame(bindings, () => ({ params, body: this.expr(arg.body, expectedBody) }));
    } finally {
      if (slotOf) slotOf.slotLevel = -1;
    }
  }

  // ---------------------------------------------------------- array methods

  private method(e: A.Expr & { k: 'method' }, expected: Type | null): A.TExpr {
    const name = e.name.name;
    const group = this.groupOf(e.target);
    if (group === 'invalid') return this.errorExpr(e.span);
    if (group) return this.aggregate(e, group);
    if (name === 'agg' && e.target.k === 'method' && e.target.name.name === 'group_by') {
      return this.groupBy(e.target, e, expected);
    }
    if (name === 'agg' || name === 'group_by') {
      this.error(
        CHECK_CODES.badGroupUse,
        'Incomplete grouping',
        name === 'agg' ? '`agg` must directly follow `group_by(…)`.' : '`group_by(…)` must be followed by `.agg(g => …)`.',
        e.name.span,
        'Write `xs.group_by(x => key).agg(g => { key: g.key, n: g.count() })`.',
      );
      this.expr(e.target, null);
      return this.errorExpr(e.span);
    }
    const sameShape = ['filter', 'sort', 'sort_by', 'take', 'skip', 'reverse'].includes(name);
    const source = this.expr(e.target, sameShape ? expected : null);
    const t = source.type;
    if (t === ERROR_TYPE) return this.errorExpr(e.span);
    if (t.kind !== 'array') {
      this.error(
        CHECK_CODES.notAnArray,
        'Not an array',
        `\`.${name}(…)\` is called on ${show(t)}; methods exist only on arrays.`,
        e.name.span,
      );
      return this.errorExpr(e.span);
    }
    const sig = ARRAY_METHODS[name];
    if (!sig) {
      this.error(
        CHECK_CODES.unknownMethod,
        'Unknown method',
        `Arrays have no method \`${name}\`.`,
        e.name.span,
        didYouMean(closestName(name, Object.keys(ARRAY_METHODS))),
      );
      return this.errorExpr(e.span);
    }
    if (!this.arity(sig, name, e.args.length, e.span)) return this.errorExpr(e.span);
    return this.arrayMethod(e, name, source, t.elem, expected);
  }

  private arrayMethod(
    e: A.Expr & { k: 'method' },
    name: string,
    source: A.TExpr,
    elem: Type,
    expected: Type | null,
  ): A.TExpr {
    const span = e.span;
    const [arg0, arg1] = e.args;
    const expectedElem = expected?.kind === 'array' ? expected.elem : null;
    const fail = (): A.TExpr => this.errorExpr(span);
    switch (name) {
      case 'map':
      case 'map_indexed': {
        const params = name === 'map' ? [elem] : [I64, elem];
        const fn = this.lambda(arg0, params, expectedElem, name);
        if (!fn) return fail();
        return { k: name, source, fn, type: arrayOf(fn.body.type), span };
      }
      case 'filter': {
        const fn = this.predicate(arg0, elem, name);
        return fn ? { k: 'filter', source, fn, type: source.type, span } : fail();
      }
      case 'any':
      case 'all': {
        const fn = this.predicate(arg0, elem, name);
        return fn ? { k: 'reduce_op', op: name, source, fn, type: BOOL, span } : fail();
      }
      case 'count': {
        const fn = arg0 ? this.predicate(arg0, elem, name) : null;
        if (arg0 && !fn) return fail();
        return { k: 'reduce_op', op: 'count', source, fn, type: I64, span };
      }
      case 'len':
        return { k: 'reduce_op', op: 'len', source, fn: null, type: I64, span };
      case 'sum':
      case 'prod':
      case 'min':
      case 'max':
      case 'mean':
        return this.numericReduction(name, arg0, source, elem, span);
      case 'zip': {
        const other = this.expr(arg0 as A.Expr, null);
        if (other.type === ERROR_TYPE) return fail();
        if (other.type.kind !== 'array') {
          this.error(CHECK_CODES.notAnArray, 'Not an array', `\`zip\` needs an array to pair with, found ${show(other.type)}.`, other.span);
          return fail();
        }
        const fn = this.lambda(arg1, [elem, other.type.elem], expectedElem, name);
        return fn ? { k: 'zip', source, other, fn, type: arrayOf(fn.body.type), span } : fail();
      }
      case 'scan':
      case 'reduce': {
        const init = this.expr(arg0 as A.Expr, name === 'scan' ? expectedElem : expected);
        const acc = init.type;
        const fn = this.lambda(arg1, [acc, elem], acc, name);
        if (!fn) return fail();
        if (!compatible(fn.body.type, acc)) {
          this.mismatch(
            this.bodySpan(fn),
            acc,
            fn.body.type,
            `from the \`${name}\` function (the accumulator has the type of \`init\`)`,
          );
          return fail();
        }
        return name === 'scan'
          ? { k: 'scan', source, init, fn, type: arrayOf(acc), span }
          : { k: 'fold', source, init, fn, type: acc, span };
      }
      case 'sort':
        if (!isOrdered(elem)) {
          this.badSortKey(`\`sort()\` sorts elements of type ${show(elem)}`, e.name.span, 'Use `sort_by(x => key)`.');
          return fail();
        }
        return { k: 'sort', source, key: null, desc: false, type: source.type, span };
      case 'sort_by': {
        const key = this.lambda(arg0, [elem], null, name);
        if (!key) return fail();
        if (!hasError(key.body.type) && !isOrdered(key.body.type)) {
          this.badSortKey(`The sort key has type ${show(key.body.type)}`, this.bodySpan(key), undefined);
          return fail();
        }
        const desc = arg1 ? this.sortDirection(arg1) : false;
        if (desc === null) return fail();
        return { k: 'sort', source, key, desc, type: source.type, span };
      }
      case 'take':
      case 'skip': {
        const count = this.expr(arg0 as A.Expr, I64);
        if (!compatible(count.type, I64)) {
          this.mismatch(count.span, I64, count.type, `as the count of \`${name}\``);
          return fail();
        }
        return { k: name, source, count, type: source.type, span };
      }
      default: // reverse
        return { k: 'reverse', source, type: source.type, span };
    }
  }

  /** Where a lambda's value comes from (the result of a block body), for pointing at it. */
  private bodySpan(fn: A.TLambda): Span {
    let e = fn.body;
    while (e.k === 'let') e = e.body;
    return e.span;
  }

  private predicate(arg: A.Expr | undefined, elem: Type, method: string): A.TLambda | null {
    const fn = this.lambda(arg, [elem], BOOL, method);
    if (fn && !compatible(fn.body.type, BOOL)) {
      this.mismatch(this.bodySpan(fn), BOOL, fn.body.type, `from the predicate of \`${method}\``);
      return null;
    }
    return fn;
  }

  private numericReduction(
    op: 'sum' | 'prod' | 'min' | 'max' | 'mean',
    arg: A.Expr | undefined,
    source: A.TExpr,
    elem: Type,
    span: Span,
  ): A.TExpr {
    const fn = arg ? this.lambda(arg, [elem], null, op) : null;
    if (arg && !fn) return this.errorExpr(span);
    const valueType = fn ? fn.body.type : elem;
    if (hasError(valueType)) return this.errorExpr(span);
    if (!isNumeric(valueType)) {
      this.error(
        CHECK_CODES.typeMismatch,
        'Type mismatch',
        `\`${op}\` needs \`i64\` or \`f64\` values, found ${show(valueType)}.`,
        fn ? this.bodySpan(fn) : span,
        fn ? undefined : `Pass a function that picks a number: \`${op}(x => …)\`.`,
      );
      return this.errorExpr(span);
    }
    const type = op === 'mean' ? F64 : valueType;
    return { k: 'reduce_op', op: op as ReduceOp, source, fn, type, span };
  }

  private badSortKey(what: string, span: Span, hint: string | undefined): void {
    this.error(
      CHECK_CODES.badSortKey,
      'Invalid sort key',
      `${what}; sort keys must be \`i64\`, \`f64\`, \`str\` or \`bool\`.`,
      span,
      hint,
    );
  }

  private sortDirection(arg: A.Expr): boolean | null {
    if (arg.k === 'ident' && arg.name in SORT_DIRECTIONS) return SORT_DIRECTIONS[arg.name] ?? false;
    this.error(
      CHECK_CODES.badSortDirection,
      'Invalid sort direction',
      'The second argument of `sort_by` must be `desc` or `asc`.',
      arg.span,
    );
    return null;
  }

  // ---------------------------------------------------------- grouping

  private groupBy(
    groupCall: A.Expr & { k: 'method' },
    aggCall: A.Expr & { k: 'method' },
    expected: Type | null,
  ): A.TExpr {
    const span = aggCall.span;
    const source = this.expr(groupCall.target, null);
    const t = source.type;
    if (t === ERROR_TYPE) return this.errorExpr(span);
    if (t.kind !== 'array') {
      this.error(CHECK_CODES.notAnArray, 'Not an array', `\`.group_by(…)\` is called on ${show(t)}; methods exist only on arrays.`, groupCall.name.span);
      return this.errorExpr(span);
    }
    const groupSig = ARRAY_METHODS['group_by'] as Signature;
    if (!this.arity(groupSig, 'group_by', groupCall.args.length, groupCall.span)) return this.errorExpr(span);
    if (!this.arity(groupSig, 'agg', aggCall.args.length, span)) return this.errorExpr(span);
    const key = this.lambda(groupCall.args[0], [t.elem], null, 'group_by');
    if (!key) return this.errorExpr(span);
    if (!hasError(key.body.type) && !isGroupKey(key.body.type)) {
      this.error(
        CHECK_CODES.badGroupKey,
        'Invalid group key',
        `The group key has type ${show(key.body.type)}; group keys must be \`i64\`, \`str\` or \`bool\`.`,
        this.bodySpan(key),
        key.body.type.kind === 'f64' ? 'Convert the key with `i64(…)` or group by a string.' : undefined,
      );
      return this.errorExpr(span);
    }
    const aggArg = aggCall.args[0] as A.Expr;
    if (aggArg.k !== 'lambda' || aggArg.params.length !== 1) {
      this.error(
        aggArg.k !== 'lambda' ? CHECK_CODES.expectedLambda : CHECK_CODES.lambdaArity,
        aggArg.k !== 'lambda' ? 'Expected a function' : 'Wrong number of lambda parameters',
        '`agg` expects a function of one group, such as `g => { key: g.key, n: g.count() }`.',
        aggArg.span,
      );
      return this.errorExpr(span);
    }
    const param = aggArg.params[0] as A.LambdaParam;
    const groupBinding: GroupBinding = { group: this.nextId++, name: param.name.name, key: key.body.type, elem: t.elem };
    const ctx: AggContext = { group: groupBinding.group, aggLevel: this.frames.length, slotLevel: -1 };
    this.aggContexts.push(ctx);
    let result: A.TExpr;
    try {
      const expectedRow = expected?.kind === 'array' ? expected.elem : null;
      result = this.withFrame([[param.name.name, { groupOf: groupBinding }]], () => this.expr(aggArg.body, expectedRow));
    } finally {
      this.aggContexts.pop();
    }
    return { k: 'group', source, key, group: groupBinding.group, result, type: arrayOf(result.type), span };
  }

  /** `g.count()`, `g.sum(f)`, … on the group `g` (`g.key` is handled as a field). */
  private aggregate(e: A.Expr & { k: 'method' }, group: GroupBinding): A.TExpr {
    const name = e.name.name;
    const sig = GROUP_AGGREGATES[name];
    if (!sig || name === 'key') {
      this.error(
        CHECK_CODES.badGroupUse,
        'Unknown aggregate',
        `Groups have no aggregate \`${name}()\`.`,
        e.name.span,
        name === 'key' ? 'Write `g.key` without parentheses.' : didYouMean(closestName(name, Object.keys(GROUP_AGGREGATES))),
      );
      return this.errorExpr(e.span);
    }
    if (!this.arity(sig, `${group.name}.${name}`, e.args.length, e.span)) return this.errorExpr(e.span);
    const op = name as AggOp;
    if (op === 'count') return { k: 'agg', op, group: group.group, fn: null, type: I64, span: e.span };
    const ctx = this.aggContexts[this.aggContexts.length - 1] ?? null;
    const fn = this.lambda(e.args[0], [group.elem], null, `${group.name}.${name}`, ctx);
    if (!fn) return this.errorExpr(e.span);
    if (hasError(fn.body.type)) return this.errorExpr(e.span);
    if (!isNumeric(fn.body.type)) {
      this.error(
        CHECK_CODES.typeMismatch,
        'Type mismatch',
        `\`${group.name}.${name}\` needs \`i64\` or \`f64\` values, found ${show(fn.body.type)}.`,
        this.bodySpan(fn),
      );
      return this.errorExpr(e.span);
    }
    return { k: 'agg', op, group: group.group, fn, type: op === 'mean' ? F64 : fn.body.type, span: e.span };
  }
}
