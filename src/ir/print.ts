// Canonical text of the IR: the render cache key (equal IR ↔ equal text) and a readable dump
// for debugging. Spans are left out, so whitespace and comments in the source, which never reach
// the IR except through spans, never change it. One node per line, children indented under a
// label:
//
//   kernel score(xs: [f64]) params(threshold: f64) -> f64
//     body: reduce_op sum : f64
//       source: filter : [f64]
//         source: var arg xs : [f64]
//         fn: (x: f64) =>
//           binary > : bool
//             left: var local x : f64
//             right: var param threshold : f64
//       fn: none
//
// Literals are exact and self-describing: i64 as a decimal integer, f64 as the shortest
// round-trip decimal always showing it is a float (`2.0`, `-0.0`, `1e+21`, `NaN`), strings
// JSON-quoted.

import type { Expr, Kernel, Lambda, ParamDecl, Program, RecordDecl, ScalarValue } from './ir.js';
import type { Field } from '../lang/types.js';
import { showType } from '../lang/types.js';
import { formatF64 } from './values.js';

export function printProgram(program: Program): string {
  const out: string[] = [];
  for (const r of program.records) out.push(printRecord(r));
  for (const p of program.params) out.push(printParam(p));
  for (const k of program.kernels) printKernel(k, out);
  return out.join('\n') + '\n';
}

/** One expression (and everything below it), e.g. for test failure messages. */
export function printExpr(e: Expr): string {
  const out: string[] = [];
  printNode('', e, 0, out);
  return out.join('\n');
}

export function printLiteral(v: ScalarValue): string {
  switch (typeof v) {
    case 'bigint':
      return v.toString();
    case 'number': {
      const text = formatF64(v);
      return /^-?\d+$/.test(text) ? `${text}.0` : text;
    }
    case 'string':
      return JSON.stringify(v);
    case 'boolean':
      return String(v);
  }
}

function printRecord(r: RecordDecl): string {
  return `record ${r.name} ${r.declared ? 'declared' : 'synthesized'} {${fieldList(r.fields)}}`;
}

function printParam(p: ParamDecl): string {
  const opt = (v: ScalarValue | null): string => (v === null ? 'none' : printLiteral(v));
  return `param ${p.name}: ${showType(p.type)} = ${printLiteral(p.default)} min ${opt(p.min)} max ${opt(p.max)} step ${opt(p.step)}`;
}

function printKernel(k: Kernel, out: string[]): void {
  out.push(`kernel ${k.name}(${fieldList(k.args)}) params(${fieldList(k.params)}) -> ${showType(k.ret)}`);
  printNode('body: ', k.body, 1, out);
}

function fieldList(fields: readonly Field[]): string {
  return fields.map((f) => `${f.name}: ${showType(f.type)}`).join(', ');
}

function printNode(label: string, e: Expr, depth: number, out: string[]): void {
  out.push(`${'  '.repeat(depth)}${label}${header(e)} : ${showType(e.type)}`);
  const child = (l: string, c: Expr): void => printNode(`${l}: `, c, depth + 1, out);
  const fn = (l: string, f: Lambda | null): void => printLambda(`${l}: `, f, depth + 1, out);
  switch (e.k) {
    case 'lit':
    case 'var':
    case 'aggref':
      return;
    case 'let':
      child('value', e.value);
      return child('body', e.body);
    case 'if':
      child('cond', e.cond);
      child('then', e.then);
      return child('else', e.else);
    case 'unary':
    case 'cast':
      return child('arg', e.arg);
    case 'binary':
      child('left', e.left);
      return child('right', e.right);
    case 'call':
      return e.args.forEach((a) => child('arg', a));
    case 'record':
      return e.fields.forEach((f) => child(f.name, f.value));
    case 'field':
      return child('target', e.target);
    case 'index':
      child('target', e.target);
      return child('index', e.index);
    case 'range':
      child('start', e.start);
      return child('end', e.end);
    case 'map':
    case 'map_indexed':
    case 'filter':
      child('source', e.source);
      return fn('fn', e.fn);
    case 'zip':
      child('source', e.source);
      child('other', e.other);
      return fn('fn', e.fn);
    case 'reduce_op':
      child('source', e.source);
      return fn('fn', e.fn);
    case 'scan':
    case 'fold':
      child('source', e.source);
      child('init', e.init);
      return fn('fn', e.fn);
    case 'sort':
      child('source', e.source);
      return fn('key', e.key);
    case 'take':
    case 'skip':
      child('source', e.source);
      return child('count', e.count);
    case 'reverse':
      return child('source', e.source);
    case 'group':
      child('source', e.source);
      fn('key', e.key);
      e.slots.forEach((s, i) => {
        out.push(`${'  '.repeat(depth + 1)}slot ${i}: ${s.op} : ${showType(s.type)}`);
        printLambda('fn: ', s.fn, depth + 2, out);
      });
      return child('result', e.result);
  }
}

/** The node's kind and its non-expression attributes. */
function header(e: Expr): string {
  switch (e.k) {
    case 'lit':
      return `lit ${printLiteral(e.value)}`;
    case 'var':
      return `var ${e.scope} ${e.name}`;
    case 'let':
      return `let ${e.name}`;
    case 'unary':
    case 'binary':
      return `${e.k} ${e.op}`;
    case 'call':
      return `call ${e.fn}`;
    case 'cast':
      return `cast ${e.to}`;
    case 'field':
      return `field ${e.name}`;
    case 'reduce_op':
      return `reduce_op ${e.op}`;
    case 'sort':
      return `sort ${e.desc ? 'desc' : 'asc'}`;
    case 'aggref':
      return `aggref ${e.slot}`;
    default:
      return e.k;
  }
}

function printLambda(label: string, f: Lambda | null, depth: number, out: string[]): void {
  const indent = '  '.repeat(depth);
  if (f === null) {
    out.push(`${indent}${label}none`);
    return;
  }
  out.push(`${indent}${label}(${fieldList(f.params)}) =>`);
  printNode('', f.body, depth + 1, out);
}
