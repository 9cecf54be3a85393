// Julia syntax tree → Doc. Four-space indentation and a 92-column line (the Julia community's
// usual width, JuliaFormatter's default).
//
// Julia ends a statement at a newline unless the line is visibly incomplete, so a long binary
// expression breaks AFTER its operator, and everything else breaks only inside brackets. A
// ternary or a comprehension never breaks between its parts (the emitter picks an `if` block
// or a loop for what does not fit).

import { group, hardline, ifBreak, indent, join, line, list, printDoc, softline, type Doc } from '../doc.js';
import type { JExpr, JIf, JStmt, Kwarg } from './syntax.js';

export const WIDTH = 92;
export const INDENT = '    ';

export function printJulia(doc: Doc): string {
  return printDoc(doc, { width: WIDTH, indent: INDENT });
}

/** Columns `e` takes printed on one line (Infinity if it cannot be). */
export function flatWidth(e: JExpr): number {
  const text = printDoc(exprDoc(e), { width: Number.MAX_SAFE_INTEGER, indent: INDENT });
  return text.includes('\n') ? Number.POSITIVE_INFINITY : text.length;
}

export function exprDoc(e: JExpr): Doc {
  switch (e.k) {
    case 'id':
      return e.name;
    case 'lit':
    case 'type':
      return e.text;
    case 'end':
      return 'end';
    case 'unary':
      return [e.op, exprDoc(e.x)];
    case 'binary':
      return group([exprDoc(e.x), ' ', e.op, indent([line, exprDoc(e.y)])]);
    case 'paren':
      // No line breaks next to the parentheses: inside them Julia reads a newline as `;`.
      return ['(', exprDoc(e.x), ')'];
    case 'ternary':
      return [exprDoc(e.cond), ' ? ', exprDoc(e.then), ' : ', exprDoc(e.else)];
    case 'call':
      return [exprDoc(e.fn), argumentList(e.args, e.kwargs)];
    case 'dot':
      return [exprDoc(e.x), '.', e.name];
    case 'index':
      return [exprDoc(e.x), '[', exprDoc(e.index), ']'];
    case 'range':
      return [exprDoc(e.lo), ':', exprDoc(e.hi)];
    case 'lambda':
      return [e.params.length === 1 ? e.params[0]! : `(${e.params.join(', ')})`, ' -> ', exprDoc(e.body)];
    case 'generator': {
      const inner = [exprDoc(e.body), ' for ', e.pattern, ' in ', exprDoc(e.iter), e.cond === null ? '' : [' if ', exprDoc(e.cond)]];
      return e.comprehension === null ? inner : [e.comprehension, '[', inner, ']'];
    }
    case 'namedtuple':
      if (e.fields.length === 1) return ['(', kwargDoc(e.fields[0]!), ',)'];
      return list('(', e.fields.map(kwargDoc), ')');
    case 'tuple':
      return e.items.length === 1 ? ['(', exprDoc(e.items[0]!), ',)'] : list('(', e.items.map(exprDoc), ')');
    case 'empty':
      return `${e.elem}[]`;
    case 'ifexpr':
      return ifDoc(e.stmt);
    case 'do':
      return [exprDoc(e.call), ' do ', e.params.join(', '), block(e.body), hardline, 'end'];
    case 'spawn':
      return ['Threads.@spawn begin', block(e.body), hardline, 'end'];
  }
}

function kwargDoc(k: Kwarg): Doc {
  return [k.name, ' = ', exprDoc(k.value)];
}

/** `(a, b; k = v)`, one argument per line with a trailing comma when it does not fit. */
function argumentList(args: readonly JExpr[], kwargs: readonly Kwarg[]): Doc {
  if (kwargs.length === 0) return list('(', args.map(exprDoc), ')');
  return parameterList(args.map(exprDoc), kwargs.map(kwargDoc));
}

function parameterList(positional: readonly Doc[], keywords: readonly Doc[]): Doc {
  if (keywords.length === 0) return list('(', positional, ')');
  const head = positional.length === 0 ? ['(;', indent(line)] : ['(', indent([softline, join([',', line], positional), ';', line])];
  return group([head, indent([join([',', line], keywords), ifBreak(',')]), softline, ')']);
}

/** `function name(a::T; k::U = v)::R`, breaking one parameter per line when too long. */
export function signatureDoc(head: string, positional: readonly Doc[], keywords: readonly Doc[], returnType: string): Doc {
  return group([head, parameterList(positional, keywords), returnType]);
}

export function stmtDoc(s: JStmt): Doc {
  switch (s.k) {
    case 'assign':
      return group([exprDoc(s.target), ` ${s.op} `, exprDoc(s.value)]);
    case 'expr':
      return exprDoc(s.x);
    case 'return':
      return ['return ', exprDoc(s.x)];
    case 'if':
      return ifDoc(s);
    case 'for':
      return [s.threads ? 'Threads.@threads ' : '', 'for ', s.pattern, ' in ', exprDoc(s.iter), block(s.body), hardline, 'end'];
    case 'continue':
    case 'break':
      return s.k;
    case 'comment':
      return `# ${s.text}`;
  }
}

function ifDoc(s: JIf): Doc {
  const parts: Doc[] = [];
  s.branches.forEach((b, i) => {
    if (i > 0) parts.push(hardline);
    parts.push(i === 0 ? 'if ' : 'elseif ', exprDoc(b.cond), block(b.body));
  });
  if (s.else !== null) parts.push(hardline, 'else', block(s.else));
  parts.push(hardline, 'end');
  return parts;
}

/** Statements one per line, indented under the line that opens them. */
export function block(stmts: readonly JStmt[]): Doc {
  return stmts.length === 0 ? '' : indent([hardline, join(hardline, stmts.map(stmtDoc))]);
}
