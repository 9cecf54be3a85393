// Items and whole files. rustfmt decides line breaks from the column an expression starts at and
// by comparing alternative layouts (an overflowing last argument against one argument per line,
// a right-hand side on the `let` line against the next), which a group-based printer cannot
// express; so the layout modules decide every break as rustfmt does, and this module joins the
// resulting fixed lines as the shared printer (doc.ts) would print them.

import type { RItem, RParam } from '../ast.js';
import { layoutContext, rewriteBlockBody } from './expr.js';
import { CONFIG, strWidth, withoutWidthLimit } from './shape.js';

export function rewriteItem(item: RItem, indent = 0): string {
  const ctx = layoutContext();
  const pad = ' '.repeat(indent);
  switch (item.k) {
    case 'use':
      return `use ${item.path};`;
    case 'verbatim':
      return item.lines.join('\n');
    case 'struct': {
      let out = '';
      for (const a of item.attrs) out += `${a}\n`;
      if (item.fields.length === 0) return `${out}pub struct ${item.name} {}`;
      out += `pub struct ${item.name} {`;
      for (const f of item.fields) out += `\n    pub ${f.name}: ${f.ty},`;
      return `${out}\n}`;
    }
    case 'fn': {
      const body = rewriteBlockBody(ctx, item.body, indent) ?? withoutWidthLimit(() => rewriteBlockBody(ctx, item.body, indent));
      if (body === null) throw new Error(`rust layout: cannot lay out the body of \`${item.name}\``);
      const docs = item.doc.map((line) => (line === '' ? `${pad}///` : `${pad}/// ${line}`));
      const attrs = item.attrs.map((a) => pad + a);
      return [...docs, ...attrs, `${signature(indent, item.pub, item.name, item.params, item.ret)}${body}`].join('\n');
    }
    case 'impl': {
      const fns = item.fns.map((f) => rewriteItem(f, indent + CONFIG.tabSpaces));
      return `${pad}${item.header} {\n${fns.join('\n\n')}\n${pad}}`;
    }
  }
}

/** `pub fn name(a: A, b: B) -> R ` on one line when it fits with its `{`, else one parameter per line. */
function signature(indent: number, pub: boolean, name: string, params: readonly RParam[], ret: string | null): string {
  const outer = ' '.repeat(indent);
  const head = `${outer}${pub ? 'pub ' : ''}fn ${name}(`;
  const tail = `)${ret === null ? '' : ` -> ${ret}`} `;
  const list = params.map((p) => (p.ty === '' ? p.pat : `${p.pat}: ${p.ty}`));
  const oneLine = `${head}${list.join(', ')}${tail}{`;
  if (strWidth(oneLine) <= CONFIG.maxWidth || list.length === 0) return oneLine.slice(0, -1);
  const inner = ' '.repeat(indent + CONFIG.tabSpaces);
  return `${head}\n${list.map((p) => `${inner}${p},`).join('\n')}\n${outer}${tail}`;
}

/** Items separated by blank lines, consecutive `use`s kept together; ends with a newline. */
export function layoutFile(items: readonly RItem[]): string {
  let out = '';
  items.forEach((item, i) => {
    if (i > 0) out += item.k === 'use' && items[i - 1]!.k === 'use' ? '\n' : '\n\n';
    out += fixedLines(rewriteItem(item));
  });
  return `${out}\n`;
}

/**
 * The item's text as the shared printer (doc.ts) would print it as fixed lines, each indented by
 * whole levels: lines re-indented with spaces and trailing blanks removed. Written directly, as
 * the text's own line breaks leave the printer nothing to decide.
 */
function fixedLines(text: string): string {
  let out = '';
  let start = 0;
  for (;;) {
    const newline = text.indexOf('\n', start);
    const line = newline < 0 ? text.slice(start) : text.slice(start, newline);
    if (start === 0) out += trimTrailingBlanks(line);
    else {
      const body = line.trimStart();
      const spaces = line.length - body.length;
      if (spaces % CONFIG.tabSpaces !== 0) throw new Error(`rust layout: indentation of ${spaces} columns in \`${line}\``);
      // A blank line keeps no indentation.
      out += body === '' ? '\n' : `\n${' '.repeat(spaces)}${trimTrailingBlanks(body)}`;
    }
    if (newline < 0) return out;
    start = newline + 1;
  }
}

function trimTrailingBlanks(line: string): string {
  let end = line.length;
  while (end > 0 && (line.charCodeAt(end - 1) === 0x20 || line.charCodeAt(end - 1) === 0x09)) end--;
  return end === line.length ? line : line.slice(0, end);
}
