// `sort` / `sort_by(key, desc)`: the elements collected into a `Vec` sorted in place with std's
// (or rayon's) stable sorts. i64/bool keys use `sort_by_key`, `Reverse` for `desc`; string keys
// compare borrowed when the key is a plain field (`a.name.cmp(&b.name)`), else are cached
// (`sort_by_cached_key`); f64 keys go through `cmp_f64`, the language's key order.

import type { Expr, Lambda } from '../../../ir/ir.js';
import { call, closure, exprStmt, letStmt, method, path, unary, type RExpr } from '../ast.js';
import { val, type Val } from '../forms.js';
import { isCopy } from '../types.js';
import { lambdaMayFail } from '../analysis.js';
import { bindParam, collectVec, lowerBody, lowerLambda, sourceIter, type Arr } from './array.js';
import type { Block } from './context.js';
import { lowerExpr, collectAnnotation } from './scalar.js';

export function lowerSort(e: Extract<Expr, { k: 'sort' }>, b: Block, par: boolean): Arr {
  const key = e.key;
  const vec = collectVec(sourceIter(e.source, b, par));
  const name = b.tempName('sorted', e);
  const typed = collectAnnotation(vec, e.type, b);
  b.push(letStmt(`mut ${name}`, typed.init, typed.ty));
  const target = path(name);
  const sortCall = (m: string, args: readonly RExpr[]): RExpr => method(target, `${par ? 'par_' : ''}${m}`, args);
  const elem = e.type.kind === 'array' ? e.type.elem : e.type;

  if (!key) {
    b.push(exprStmt(elem.kind === 'f64' ? sortCall('sort_by', [path(b.kc.module.useHelper('cmp_f64'))]) : sortCall('sort', [])));
  } else {
    if (lambdaMayFail(key)) evaluateKeyOfLoneElement(key, elem, target, b);
    b.push(exprStmt(sortByKey(key, e.desc, elem, b, sortCall)));
  }
  return { k: 'val', val: val(target, e.type, 'place', true) };
}

/**
 * The language evaluates the key of every element, so a key that can fail must fail on a
 * one-element array too; std's sorts compare nothing there (with two or more elements every
 * element takes part in a comparison).
 */
function evaluateKeyOfLoneElement(key: Lambda, elem: Expr['type'], target: RExpr, b: Block): void {
  const name = b.fresh('key_of');
  const inner = b.closure();
  const pattern = bindParam(key.params[0]!, 'ref', inner);
  b.push(letStmt(name, closure([`${pattern}: &${b.kc.rustType(elem)}`], lowerBody(key.body, inner, 'copy'))));
  b.push(letStmt('_', method(method(target, 'first'), 'map', [path(name)])));
}

function sortByKey(key: Lambda, desc: boolean, elem: Expr['type'], b: Block, sortCall: (m: string, args: readonly RExpr[]) => RExpr): RExpr {
  const keyType = key.body.type;
  const identity = key.body.k === 'var' && key.body.name === key.params[0]!.name;
  const reverse = (e: RExpr): RExpr => {
    b.kc.module.useImport('std::cmp::Reverse');
    return call('Reverse', [e]);
  };

  if (keyType.kind === 'i64' || keyType.kind === 'bool' || (keyType.kind === 'str' && identity)) {
    if (identity && !desc) return sortCall('sort', []);
  }
  if (keyType.kind === 'i64' || keyType.kind === 'bool') {
    const fn = lowerLambda(key, b, ['ref'], 'copy');
    return sortCall('sort_by_key', [desc ? wrapBody(fn, reverse) : fn]);
  }

  const pair = comparedKeys(key, elem, b);
  if (keyType.kind === 'f64') {
    const cmp = b.kc.module.useHelper('cmp_f64');
    if (identity && !desc) return sortCall('sort_by', [path(cmp)]);
    if (pair) {
      const [ka, kb] = desc ? [pair.kb, pair.ka] : [pair.ka, pair.kb];
      return sortCall('sort_by', [closure(pair.params, call(cmp, [borrow(ka), borrow(kb)]))]);
    }
  } else if (pair && pair.ka.form !== 'owned') {
    const [ka, kb] = desc ? [pair.kb, pair.ka] : [pair.ka, pair.kb];
    return sortCall('sort_by', [closure(pair.params, method(ka.expr, 'cmp', [borrow(kb)]))]);
  }
  if (keyType.kind === 'f64') {
    // The key needs statements: a named closure, called for both sides.
    const name = b.fresh('key');
    const inner = b.closure();
    const pattern = bindParam(key.params[0]!, 'ref', inner);
    const typed = `${pattern}: &${b.kc.rustType(elem)}`;
    b.push(letStmt(name, closure([typed], lowerBody(key.body, inner, 'copy'))));
    const [x, y] = desc ? ['b', 'a'] : ['a', 'b'];
    const keyOf = (side: string): RExpr => unary('&', call(name, [path(side)]));
    return sortCall('sort_by', [closure(['a', 'b'], call(b.kc.module.useHelper('cmp_f64'), [keyOf(x), keyOf(y)]))]);
  }
  // String keys that need statements or allocate: computed once per element.
  const fn = lowerLambda(key, b, ['ref'], 'owned');
  return sortCall('sort_by_cached_key', [desc ? wrapBody(fn, reverse) : fn]);
}

/** `&key`, or the key itself when it already is a reference. */
function borrow(v: Val): RExpr {
  return v.form === 'ref' || v.form === 'view' ? v.expr : unary('&', v.expr);
}

function wrapBody(fn: RExpr, wrap: (e: RExpr) => RExpr): RExpr {
  if (fn.k !== 'closure') return fn;
  const body = fn.body;
  if (body.k === 'block' && body.tail) return { ...fn, body: { ...body, tail: wrap(body.tail) } };
  return { ...fn, body: wrap(body) };
}

/**
 * The key lowered for both sides of a comparator `|a, b|`; null when the key needs statements
 * (each side would declare the same locals).
 */
function comparedKeys(key: Lambda, elem: Expr['type'], b: Block): { params: string[]; ka: Val; kb: Val } | null {
  const param = key.params[0]!;
  const sides = ['a', 'b'].map((preferred) => {
    const inner = b.closure();
    const name = inner.fresh(preferred);
    b.kc.bindings.set(param.name, { expr: path(name), form: isCopy(elem) ? 'copy' : 'ref', movable: false });
    const value = lowerExpr(key.body, inner);
    const used = b.kc.facts.usage(param.name).count > 0;
    return { pattern: !used ? '_' : isCopy(elem) ? `&${name}` : name, value, clean: inner.stmts.length === 0 };
  });
  const [a, c] = sides as [(typeof sides)[0], (typeof sides)[0]];
  if (!a.clean || !c.clean) return null;
  return { params: [a.pattern, c.pattern], ka: a.value, kb: c.value };
}
