// The one layout engine every emitter prints through: a document algebra after Wadler's
// "A prettier printer" and Lindig's "Strictly Pretty", shaped like Prettier's `src/document`.
//
// Emitters build `Doc`s and never concatenate output strings or indent by hand. A `group` prints
// flat (its `line`s as spaces, `softline`s as nothing) when it fits the rest of the line and its
// own flat-width budget; otherwise its direct lines break. Both the break propagation and the
// printer walk an explicit stack, so a deeply nested program cannot overflow the JS stack.

export type Doc = string | readonly Doc[] | Group | Indent | Line | IfBreak | BreakParent;

export interface Group {
  readonly type: 'group';
  readonly contents: Doc;
  /** Print broken even if it fits (set by `hardline` inside, or by the caller). */
  readonly shouldBreak: boolean;
  /**
   * Flat only if the group's flat width is at most this many columns, wherever it starts.
   * Formatters such as rustfmt limit a chain or a call to a width of its own (`chain_width`,
   * `fn_call_width`) besides the line width.
   */
  readonly maxFlatWidth: number;
}

export interface Indent {
  readonly type: 'indent';
  readonly contents: Doc;
}

export interface Line {
  readonly type: 'line';
  /** Flat: '' for a softline, ' ' for a line. */
  readonly flat: '' | ' ';
  /** Always breaks, and breaks every enclosing group. */
  readonly hard: boolean;
}

export interface IfBreak {
  readonly type: 'if-break';
  readonly broken: Doc;
  readonly flat: Doc;
}

/** Forces the enclosing groups to break without printing anything. */
export interface BreakParent {
  readonly type: 'break-parent';
}

export const line: Line = { type: 'line', flat: ' ', hard: false };
export const softline: Line = { type: 'line', flat: '', hard: false };
export const hardline: Line = { type: 'line', flat: '', hard: true };
export const breakParent: BreakParent = { type: 'break-parent' };

export function group(contents: Doc, options: { shouldBreak?: boolean; maxFlatWidth?: number } = {}): Group {
  return {
    type: 'group',
    contents,
    shouldBreak: options.shouldBreak ?? false,
    maxFlatWidth: options.maxFlatWidth ?? Number.POSITIVE_INFINITY,
  };
}

export function indent(contents: Doc): Indent {
  return { type: 'indent', contents };
}

export function ifBreak(broken: Doc, flat: Doc = ''): IfBreak {
  return { type: 'if-break', broken, flat };
}

export function join(separator: Doc, docs: readonly Doc[]): Doc[] {
  const out: Doc[] = [];
  docs.forEach((d, i) => {
    if (i > 0) out.push(separator);
    out.push(d);
  });
  return out;
}

/** `lines` separated by hard line breaks. */
export function lines(docs: readonly Doc[]): Doc[] {
  return join(hardline, docs);
}

/** A bracketed, comma-separated list that breaks one item per line (with a trailing comma when broken). */
export function list(open: string, items: readonly Doc[], close: string, options: { trailingComma?: boolean; spaced?: boolean; maxFlatWidth?: number } = {}): Group {
  const inner = options.spaced ? line : softline;
  if (items.length === 0) return group([open, close]);
  return group(
    [open, indent([inner, join([',', line], items), options.trailingComma === false ? '' : ifBreak(',')]), inner, close],
    options.maxFlatWidth === undefined ? {} : { maxFlatWidth: options.maxFlatWidth },
  );
}

export interface PrintOptions {
  /** Maximum line width in columns. */
  readonly width: number;
  /** One level of indentation, e.g. '    ' or '\t'. */
  readonly indent: string;
  /** Columns a tab counts for when measuring width. */
  readonly tabWidth?: number;
}

type Mode = 'flat' | 'break';
interface Command {
  readonly indent: string;
  readonly mode: Mode;
  readonly doc: Doc;
}

export function printDoc(doc: Doc, options: PrintOptions): string {
  const tabWidth = options.tabWidth ?? 4;
  const width = (s: string): number => {
    let n = 0;
    for (const ch of s) n += ch === '\t' ? tabWidth : 1;
    return n;
  };
  const broken = groupsThatMustBreak(doc);
  const out: string[] = [];
  let column = 0;
  const stack: Command[] = [{ indent: '', mode: 'break', doc }];

  while (stack.length > 0) {
    const { indent: ind, mode, doc: d } = stack.pop()!;
    if (typeof d === 'string') {
      out.push(d);
      column += width(d);
    } else if (isArray(d)) {
      for (let i = d.length - 1; i >= 0; i--) stack.push({ indent: ind, mode, doc: d[i]! });
    } else {
      switch (d.type) {
        case 'indent':
          stack.push({ indent: ind + options.indent, mode, doc: d.contents });
          break;
        case 'group': {
          const mustBreak = d.shouldBreak || broken.has(d);
          const flat =
            mode === 'flat' ||
            (!mustBreak && fitsFlat(d, options.width - column, d.maxFlatWidth, stack, width));
          stack.push({ indent: ind, mode: flat ? 'flat' : 'break', doc: d.contents });
          break;
        }
        case 'if-break':
          stack.push({ indent: ind, mode, doc: mode === 'break' ? d.broken : d.flat });
          break;
        case 'line':
          if (mode === 'flat' && !d.hard) {
            out.push(d.flat);
            column += d.flat.length;
          } else {
            trimTrailingSpaces(out);
            out.push('\n', ind);
            column = width(ind);
          }
          break;
        case 'break-parent':
          break;
      }
    }
  }
  trimTrailingSpaces(out);
  return out.join('');
}

/**
 * Whether `g` printed flat fits in `room` columns (and its own `maxFlatWidth`), counting the text
 * that follows it up to the next possible line break in the enclosing (already decided) commands.
 */
function fitsFlat(g: Group, room: number, maxFlatWidth: number, rest: readonly Command[], width: (s: string) => number): boolean {
  let remaining = room;
  let own = maxFlatWidth;
  const stack: { doc: Doc; mode: Mode; own: boolean }[] = [{ doc: g.contents, mode: 'flat', own: true }];
  let restIndex = rest.length - 1;
  for (;;) {
    if (stack.length === 0) {
      if (restIndex < 0) return true;
      const next = rest[restIndex--]!;
      stack.push({ doc: next.doc, mode: next.mode, own: false });
      continue;
    }
    const { doc: d, mode, own: isOwn } = stack.pop()!;
    if (typeof d === 'string') {
      const w = width(d);
      remaining -= w;
      if (isOwn) own -= w;
      if (remaining < 0 || own < 0) return false;
    } else if (isArray(d)) {
      for (let i = d.length - 1; i >= 0; i--) stack.push({ doc: d[i]!, mode, own: isOwn });
    } else {
      switch (d.type) {
        case 'indent':
          stack.push({ doc: d.contents, mode, own: isOwn });
          break;
        case 'group':
          // Inside the candidate everything is flat; after it, groups keep their own decision.
          stack.push({ doc: d.contents, mode: isOwn ? 'flat' : mode, own: isOwn });
          break;
        case 'if-break':
          stack.push({ doc: mode === 'break' ? d.broken : d.flat, mode, own: isOwn });
          break;
        case 'line':
          if (d.hard || mode === 'break') {
            // A hard line inside the candidate means it cannot be flat; after it, the line ends here.
            return !isOwn;
          }
          remaining -= d.flat.length;
          if (isOwn) own -= d.flat.length;
          if (remaining < 0 || own < 0) return false;
          break;
        case 'break-parent':
          if (isOwn) return false;
          break;
      }
    }
  }
}

/** Groups that contain a hard line or a breakParent anywhere inside must break (iteratively). */
function groupsThatMustBreak(doc: Doc): Set<Group> {
  const result = new Set<Group>();
  const enclosing: Group[] = [];
  const stack: ({ doc: Doc } | { exit: Group })[] = [{ doc }];
  while (stack.length > 0) {
    const item = stack.pop()!;
    if ('exit' in item) {
      enclosing.pop();
      continue;
    }
    const d = item.doc;
    if (typeof d === 'string') continue;
    if (isArray(d)) {
      for (let i = d.length - 1; i >= 0; i--) stack.push({ doc: d[i]! });
      continue;
    }
    switch (d.type) {
      case 'group':
        enclosing.push(d);
        stack.push({ exit: d }, { doc: d.contents });
        break;
      case 'indent':
        stack.push({ doc: d.contents });
        break;
      case 'if-break':
        stack.push({ doc: d.broken }, { doc: d.flat });
        break;
      case 'line':
        if (d.hard) for (const g of enclosing) result.add(g);
        break;
      case 'break-parent':
        for (const g of enclosing) result.add(g);
        break;
    }
  }
  return result;
}

function isArray(d: Doc): d is readonly Doc[] {
  return Array.isArray(d);
}

function trimTrailingSpaces(out: string[]): void {
  while (out.length > 0) {
    const last = out[out.length - 1]!;
    const trimmed = last.replace(/[ \t]+$/, '');
    if (trimmed.length > 0) {
      out[out.length - 1] = trimmed;
      return;
    }
    out.pop();
  }
}
