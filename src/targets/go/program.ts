// Program mode: `func main()` reads {"args": {...}, "params": {...}} from stdin, runs the entry
// kernel and prints its result as one line of canonical JSON. Decoding and printing are the
// `input`/`printJSON` helpers (runtime.ts), generic over the kernel's types by reflection, so
// main itself only names the arguments and params.

import type { Kernel, Program } from '../../ir/ir.js';
import type { FileContext } from './context.js';
import { goString, literal, typed } from './literals.js';
import { localName } from './names.js';
import type { FuncDecl } from './printer.js';
import { call, callSel, define, exprStmt, ident, lit, unary, varDecl, type GoExpr, type GoStmt } from './syntax.js';

export function programMain(file: FileContext, program: Program, kernel: Kernel, kernelName: string): FuncDecl {
  const scope = file.pkg.child();
  const body: GoStmt[] = [{ k: 'defer', call: call(file.use('exitOnPanic')) }];
  const input = scope.claim('in');
  file.use('input');
  // A kernel without inputs still reads (and so validates) the document.
  body.push(kernel.args.length + kernel.params.length > 0 ? define(input, call('readInput')) : exprStmt(call('readInput')));
  const passed: GoExpr[] = [];
  for (const a of kernel.args) {
    const name = scope.claim(localName(a.name));
    body.push(varDecl(name, file.goType(a.type)));
    body.push(exprStmt(callSel(input, 'arg', lit(goString(a.name)), unary('&', ident(name)))));
    passed.push(ident(name));
  }
  // Runtime params: the declared default unless the input sets one (baked renders have none).
  for (const p of kernel.params) {
    const decl = program.params.find((d) => d.name === p.name);
    if (!decl) throw new Error(`param ${p.name} is not declared`);
    const name = scope.claim(localName(p.name));
    body.push(define(name, typed(literal(decl.default, file), p.type)));
    body.push(exprStmt(callSel(input, 'param', lit(goString(p.name)), unary('&', ident(name)))));
    passed.push(ident(name));
  }
  body.push(exprStmt(call(file.use('printJSON'), call(kernelName, ...passed))));
  return { comment: [], name: 'main', params: [], result: null, body };
}
