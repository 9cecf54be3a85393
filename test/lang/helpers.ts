// Shared helpers for the front-end tests: run the real front end and summarise its output.

import assert from 'node:assert/strict';
import type { Diagnostic } from '../../src/diagnostics.js';
import { formatDiagnostic } from '../../src/diagnostics.js';
import type { Expr, Lambda, Program } from '../../src/ir/ir.js';
import { analyze } from '../../src/lang/frontend.js';
import { showType } from '../../src/lang/types.js';

export function analyzeOk(source: string): Program {
  const r = analyze(source);
  assert.deepEqual(r.diagnostics.map((d) => formatDiagnostic(d)), []);
  assert.ok(r.program);
  return r.program;
}

export function diagnosticsOf(source: string): Diagnostic[] {
  const r = analyze(source);
  assert.equal(r.program, null, 'a source with diagnostics must not produce a program');
  return r.diagnostics;
}

/** `CL3001@2:5` for each diagnostic. */
export function located(source: string): string[] {
  return diagnosticsOf(source).map((d) => `${d.code}@${d.span?.start.line}:${d.span?.start.column}`);
}

export function codes(source: string): string[] {
  return diagnosticsOf(source).map((d) => d.code);
}

/** Wraps an expression into a kernel with the given args and return type. */
export function kernel(args: string, ret: string, body: string): string {
  return `kernel k(${args}) -> ${ret} {\n  ${body}\n}\n`;
}

export function bodyOf(program: Program, name = 'k'): Expr {
  const k = program.kernels.find((x) => x.name === name);
  assert.ok(k, `kernel ${name}`);
  return k.body;
}

const lambda = (f: Lambda): string => `(${f.params.map((p) => `${p.name}: ${showType(p.type)}`).join(', ')}) => ${show(f.body)}`;

/** A compact, readable rendering of IR for assertions (types shown on lets and lambdas). */
export function show(e: Expr): string {
  switch (e.k) {
    case 'lit':
      return typeof e.value === 'bigint' ? `${e.value}` : typeof e.value === 'string' ? JSON.stringify(e.value) : Number.isInteger(e.value) && typeof e.value === 'number' ? e.value.toFixed(1) : String(e.value);
    case 'var':
      return e.name;
    case 'let':
      return `let ${e.name}: ${showType(e.value.type)} = ${show(e.value)}; ${show(e.body)}`;
    case 'if':
      return `if ${show(e.cond)} { ${show(e.then)} } else { ${show(e.else)} }`;
    case 'unary':
      return `${e.op}${show(e.arg)}`;
    case 'binary':
      return `(${show(e.left)} ${e.op} ${show(e.right)})`;
    case 'call':
      return `${e.fn}(${e.args.map(show).join(', ')})`;
    case 'cast':
      return `${e.to}(${show(e.arg)})`;
    case 'record':
      return `${showType(e.type)} { ${e.fields.map((f) => `${f.name}: ${show(f.value)}`).join(', ')} }`;
    case 'field':
      return `${show(e.target)}.${e.name}`;
    case 'index':
      return `${show(e.target)}[${show(e.index)}]`;
    case 'range':
      return `range(${show(e.start)}, ${show(e.end)})`;
    case 'map':
    case 'map_indexed':
    case 'filter':
      return `${show(e.source)}.${e.k}(${lambda(e.fn)})`;
    case 'zip':
      return `${show(e.source)}.zip(${show(e.other)}, ${lambda(e.fn)})`;
    case 'reduce_op':
      return `${show(e.source)}.${e.op}(${e.fn ? lambda(e.fn) : ''})`;
    case 'scan':
    case 'fold':
      return `${show(e.source)}.${e.k}(${show(e.init)}, ${lambda(e.fn)})`;
    case 'sort':
      return `${show(e.source)}.sort(${e.key ? lambda(e.key) : ''}${e.desc ? ', desc' : ''})`;
    case 'take':
    case 'skip':
      return `${show(e.source)}.${e.k}(${show(e.count)})`;
    case 'reverse':
      return `${show(e.source)}.reverse()`;
    case 'group':
      return `${show(e.source)}.group(${lambda(e.key)}; [${e.slots.map((s) => `${s.op}${s.fn ? `(${lambda(s.fn)})` : ''}`).join(', ')}] => ${show(e.result)})`;
    case 'aggref':
      return `$${e.slot}`;
  }
}
