// The one layout engine every emitter prints through: a document algebra after Wadler's
// "A prettier printer" and Lindig's "Strictly Pretty", shaped like Prettier's `src/document`.
//
// Emitters build `Doc`s and never concatenate output strings or indent by hand. A `group` prints
// flat (its `line`s as spaces, `softline`s as nothing) when it fits the rest of the line and its
// own flat-width budget; otherwise its direct lines break. The printer and its checks walk
// explicit stacks, so a deeply nested program cannot overflow the JS stack.

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
  for (let i = 0; i < docs.length; i++) {
    if (i > 0) out.push(separator);
    out.push(docs[i]!);
  }
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

/**
 * The pending commands (doc, indentation level, flat or broken) live in parallel stacks indexed
 * by `top`, so printing allocates nothing per doc node. Spaces and tabs are held back in
 * `pending` until something else follows on the same line, so no line ends in whitespace. The
 * current column is only needed where a group is tried flat, so the text of the line is measured
 * there, not as it is written.
 */
export function printDoc(doc: Doc, options: PrintOptions): string {
  const tabWidth = options.tabWidth ?? 4;
  const unitWidth = textWidth(options.indent, tabWidth);
  const indents = [''];
  let out = '';
  let pending = '';
  // The line so far is `column` columns wide, plus the texts lineTexts[measured..written).
  let column = 0;
  const lineTexts: string[] = [];
  let written = 0;
  let measured = 0;
  const docs: Doc[] = [doc];
  const levels: number[] = [0];
  const flats: boolean[] = [false];
  let top = 1;
  const scratch: FitScratch = { docs: [], flats: [], brokenBranches: [] };
  const write = (text: string): void => {
    lineTexts[written++] = text;
    const end = trimmedEnd(text);
    if (end === 0) {
      pending += text;
    } else if (end === text.length) {
      out += pending + text;
      pending = '';
    } else {
      out += pending + text.slice(0, end);
      pending = text.slice(end);
    }
  };
  const currentColumn = (): number => {
    for (; measured < written; measured++) column += textWidth(lineTexts[measured]!, tabWidth);
    return column;
  };

  while (top > 0) {
    top--;
    const d = docs[top]!;
    const level = levels[top]!;
    const flat = flats[top]!;
    if (typeof d === 'string') {
      write(d);
    } else if (isArray(d)) {
      // Leading strings print right away; the rest waits on the stack, last child deepest.
      let first = 0;
      for (; first < d.length; first++) {
        const child = d[first]!;
        if (typeof child !== 'string') break;
        write(child);
      }
      for (let i = d.length - 1; i >= first; i--) {
        docs[top] = d[i]!;
        levels[top] = level;
        flats[top] = flat;
        top++;
      }
    } else {
      let next: Doc;
      let nextLevel = level;
      let nextFlat = flat;
      switch (d.type) {
        case 'indent':
          next = d.contents;
          nextLevel = level + 1;
          break;
        case 'group':
          next = d.contents;
          nextFlat = flat || (!d.shouldBreak && fitsFlat(d, options.width - currentColumn(), docs, flats, top, scratch, tabWidth));
          break;
        case 'if-break':
          next = flat ? d.flat : d.broken;
          break;
        case 'line':
          if (flat && !d.hard) {
            write(d.flat);
          } else {
            while (indents.length <= level) indents.push(indents[indents.length - 1]! + options.indent);
            out += '\n';
            pending = indents[level]!;
            column = level * unitWidth;
            written = 0;
            measured = 0;
          }
          continue;
        case 'break-parent':
          continue;
      }
      docs[top] = next;
      levels[top] = nextLevel;
      flats[top] = nextFlat;
      top++;
    }
  }
  return out;
}

/** Stacks `fitsFlat` reuses on every call within one `printDoc`. */
interface FitScratch {
  readonly docs: Doc[];
  readonly flats: boolean[];
  /** The broken branches of the if-breaks inside the candidate group. */
  readonly brokenBranches: Doc[];
}

/**
 * Whether `g` may print flat: it holds no hard line or breakParent anywhere (else it must break),
 * and printed flat it fits in `room` columns (and its own `maxFlatWidth`), counting the text that
 * follows it up to the next possible line break in the enclosing (already decided) commands,
 * which are `docs`/`flats` below `restTop`.
 */
function fitsFlat(
  g: Group,
  room: number,
  docs: readonly Doc[],
  flats: readonly boolean[],
  restTop: number,
  scratch: FitScratch,
  tabWidth: number,
): boolean {
  const { docs: stack, flats: stackFlats, brokenBranches } = scratch;
  let branches = 0;
  let remaining = room;
  let own = g.maxFlatWidth;
  // The stack holds only the candidate's own docs until they run out, then only what follows.
  let isOwn = true;
  let top = 1;
  stack[0] = g.contents;
  stackFlats[0] = true;
  let restIndex = restTop - 1;
  for (;;) {
    if (top === 0) {
      if (isOwn) {
        // The walk met every hard line and breakParent of the candidate but those in the
        // if-breaks' broken branches, which a flat print skips.
        for (let i = 0; i < branches; i++) if (containsForcedBreak(brokenBranches[i]!, stack)) return false;
      }
      if (restIndex < 0) return true;
      isOwn = false;
      stack[0] = docs[restIndex]!;
      stackFlats[0] = flats[restIndex]!;
      restIndex--;
      top = 1;
    }
    top--;
    const d = stack[top]!;
    const flat = stackFlats[top]!;
    if (typeof d === 'string') {
      const w = textWidth(d, tabWidth);
      remaining -= w;
      if (isOwn) own -= w;
      if (remaining < 0 || own < 0) return false;
    } else if (isArray(d)) {
      for (let i = d.length - 1; i >= 0; i--) {
        stack[top] = d[i]!;
        stackFlats[top] = flat;
        top++;
      }
    } else {
      let next: Doc;
      switch (d.type) {
        // Inside the candidate everything is flat; after it, a group keeps the enclosing mode.
        case 'indent':
        case 'group':
          next = d.contents;
          break;
        case 'if-break':
          if (isOwn) brokenBranches[branches++] = d.broken;
          next = flat ? d.flat : d.broken;
          break;
        case 'line':
          if (d.hard || !flat) {
            // A hard line inside the candidate means it cannot be flat; after it, the line ends here.
            return !isOwn;
          }
          remaining -= d.flat.length;
          if (isOwn) own -= d.flat.length;
          if (remaining < 0 || own < 0) return false;
          continue;
        case 'break-parent':
          if (isOwn) return false;
          continue;
      }
      stack[top] = next;
      stackFlats[top] = flat;
      top++;
    }
  }
}

/** Whether `doc` holds a hard line or a breakParent anywhere (both branches of an if-break included). */
function containsForcedBreak(doc: Doc, stack: Doc[]): boolean {
  let top = 1;
  stack[0] = doc;
  while (top > 0) {
    const d = stack[--top]!;
    if (typeof d === 'string') continue;
    if (isArray(d)) {
      for (const child of d) stack[top++] = child;
      continue;
    }
    switch (d.type) {
      case 'group':
      case 'indent':
        stack[top++] = d.contents;
        break;
      case 'if-break':
        stack[top++] = d.broken;
        stack[top++] = d.flat;
        break;
      case 'line':
        if (d.hard) return true;
        break;
      case 'break-parent':
        return true;
    }
  }
  return false;
}

function isArray(d: Doc): d is readonly Doc[] {
  return Array.isArray(d);
}

/** Columns `s` takes: one per code point, `tabWidth` per tab. */
function textWidth(s: string, tabWidth: number): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 9) n += tabWidth - 1;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      // A surrogate pair is one code point; a lone surrogate counts as one on its own.
      const low = s.charCodeAt(i + 1);
      if (low >= 0xdc00 && low <= 0xdfff) {
        n--;
        i++;
      }
    }
  }
  return n;
}

/** The length of `text` without its trailing spaces and tabs. */
function trimmedEnd(text: string): number {
  let end = text.length;
  while (end > 0) {
    const c = text.charCodeAt(end - 1);
    if (c !== 32 && c !== 9) break;
    end--;
  }
  return end;
}
