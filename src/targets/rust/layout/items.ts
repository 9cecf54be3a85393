// Items and whole files. rustfmt decides line breaks from the column an expression starts at and
// by comparing alternative layouts (an overflowing last argument against one argument per line,
// a right-hand side on the `let` line against the next), which a group-based printer cannot
// express; so the layout modules decide every break as rustfmt does and this module hands the
// shared printer (doc.ts) a document of fixed lines, indented with `indent`.

import { hardline, indent as indentDoc, printDoc, type Doc } from '../../doc.js';
import type { RItem, RParam } from '../ast.js';
import { rewriteBlockBody, type LayoutContext } from './expr.js';
import { CONFIG, strWidth, withoutWidthLimit } from './shape.js';

export function rewriteItem(item: RItem, indent = 0): string {
  const ctx: LayoutContext = { forceOneLineChain: false };
  const pad = ' '.repeat(indent);
  switch (item.k) {
    case 'use':
      return `use ${item.path};`;
    case 'verbatim':
      return item.lines.join('\n');
    case 'struct': {
      const head = [...item.attrs, `pub struct ${item.name} {`];
      if (item.fields.length === 0) return [...item.attrs, `pub struct ${item.name} {}`].join('\n');
      return [...head, ...item.fields.map((f) => `    pub ${f.name}: ${f.ty},`), '}'].join('\n');
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
  const docs: Doc[] = [];
  items.forEach((item, i) => {
    if (i > 0) docs.push(item.k === 'use' && items[i - 1]!.k === 'use' ? hardline : [hardline, hardline]);
    docs.push(textToDoc(rewriteItem(item)));
  });
  return `${printDoc(docs, { width: CONFIG.maxWidth, indent: ' '.repeat(CONFIG.tabSpaces) })}\n`;
}

/** Fixed lines as a Doc: each line's leading indentation becomes that many `indent` levels. */
function textToDoc(text: string): Doc {
  const [first, ...rest] = text.split('\n');
  const docs: Doc[] = [first!];
  for (const line of rest) {
    const body = line.trimStart();
    const spaces = line.length - body.length;
    if (spaces % CONFIG.tabSpaces !== 0) throw new Error(`rust layout: indentation of ${spaces} columns in \`${line}\``);
    let doc: Doc = [hardline, body];
    for (let level = 0; level < spaces / CONFIG.tabSpaces; level++) doc = indentDoc(doc);
    docs.push(doc);
  }
  return docs;
}
