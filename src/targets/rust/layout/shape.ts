// rustfmt's measuring vocabulary: a Shape is the room an expression may use (its `width` on the
// current line, the block `indent` continuation lines start at, and its `offset` from that indent),
// plus the width helpers rustfmt applies to rewritten text.

/** rustfmt defaults (edition 2021, no rustfmt.toml); `maxWidth` is lifted by `withoutWidthLimit`. */
export const CONFIG = {
  maxWidth: 100,
  tabSpaces: 4,
  fnCallWidth: 60,
  structLitWidth: 18,
  chainWidth: 60,
  singleLineIfElseMaxWidth: 50,
};

const MAX_WIDTH = CONFIG.maxWidth;

/**
 * Runs `layout` with no line width at all: for code nested so deeply, or a literal so long, that
 * nothing fits in 100 columns (rustfmt itself gives up there and leaves such lines as they are).
 */
export function withoutWidthLimit<T>(layout: () => T): T {
  CONFIG.maxWidth = Number.MAX_SAFE_INTEGER;
  try {
    return layout();
  } finally {
    CONFIG.maxWidth = MAX_WIDTH;
  }
}

export class Shape {
  constructor(
    readonly width: number,
    readonly indent: number,
    readonly offset: number,
  ) {}

  /** The full line at block indentation `indent`. */
  static indented(indent: number): Shape {
    return new Shape(Math.max(0, CONFIG.maxWidth - indent), indent, 0);
  }

  offsetLeft(w: number): Shape | null {
    return w > this.width ? null : new Shape(this.width - w, this.indent, this.offset + w);
  }

  subWidth(w: number): Shape | null {
    return w > this.width ? null : new Shape(this.width - w, this.indent, this.offset);
  }

  /** Same width, block indentation moved by `extra`, offset reset. */
  blockIndent(extra: number): Shape {
    return new Shape(this.width, this.indent + extra, 0);
  }

  withMaxWidth(): Shape {
    return new Shape(Math.max(0, CONFIG.maxWidth - this.indent), this.indent, this.offset);
  }

  withWidth(width: number): Shape {
    return new Shape(Math.max(0, width), this.indent, this.offset);
  }

  usedWidth(): number {
    return this.indent + this.offset;
  }

  /** Columns reserved to the right of this shape (text that follows it on its last line). */
  rhsOverhead(): number {
    return Math.max(0, CONFIG.maxWidth - (this.usedWidth() + this.width));
  }
}

export const budget = (used: number): number => Math.max(0, CONFIG.maxWidth - used);

/** Line breaks with the indentation of common depths, made once. */
const NEWLINE_INDENTS = Array.from({ length: 64 }, (_, n) => `\n${' '.repeat(n)}`);

export const newlineIndent = (indent: number): string => NEWLINE_INDENTS[indent] ?? `\n${' '.repeat(indent)}`;

/** Display width as rustfmt's unicode_str_width counts it: wide and emoji characters take two columns. */
export function strWidth(s: string): number {
  return rangeWidth(s, 0, s.length);
}

/** Characters that may be other than one column wide. */
const NOT_NARROW = /[^\u0000-\u02ff]/;

/** strWidth of `s.slice(start, end)`. */
function rangeWidth(s: string, start: number, end: number): number {
  // Nearly all code is below U+0300 (one column each). A regex scans faster than charCodeAt
  // does on the concatenated (rope) strings layout builds.
  const text = start === 0 && end === s.length ? s : s.slice(start, end);
  return NOT_NARROW.test(text) ? wideWidth(text) : end - start;
}

function wideWidth(s: string): number {
  let n = 0;
  for (const ch of s) n += charWidth(ch.codePointAt(0)!);
  return n;
}

const NOT_ASCII = /[^\u0000-\u007f]/;

/** UTF-8 length: where rustfmt compares `str::len()`. */
export function byteLen(s: string): number {
  // Counted here rather than by Buffer.byteLength: the strings are short, and mostly ASCII.
  if (!NOT_ASCII.test(s)) return s.length;
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) continue;
    if (c < 0x800) n += 1;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n += 2; // a surrogate pair: two UTF-16 units, four bytes
      i++;
    } else n += 2; // three bytes (a lone surrogate is written as U+FFFD, also three)
  }
  return n;
}

function charWidth(cp: number): number {
  if (cp >= 0x300 && cp <= 0x36f) return 0; // combining diacritics
  if (cp === 0x200d || (cp >= 0xfe00 && cp <= 0xfe0f)) return 0; // joiners and variation selectors
  const wide =
    (cp >= 0x1100 && cp <= 0x115f) ||
    (cp >= 0x2e80 && cp <= 0xa4cf) ||
    (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    (cp >= 0x1f300 && cp <= 0x1f64f) ||
    (cp >= 0x1f900 && cp <= 0x1f9ff) ||
    (cp >= 0x20000 && cp <= 0x3fffd);
  return wide ? 2 : 1;
}

export const isSingleLine = (s: string): boolean => !s.includes('\n');

export function firstLineOf(s: string): string {
  const i = s.indexOf('\n');
  return i < 0 ? s : s.slice(0, i);
}

export function firstLineWidth(s: string): number {
  const i = s.indexOf('\n');
  return rangeWidth(s, 0, i < 0 ? s.length : i);
}

export function lastLineWidth(s: string): number {
  return rangeWidth(s, lastLineStart(s), s.length);
}

/** Where the last line of `s` starts. */
export function lastLineStart(s: string): number {
  // Most text is one line, and indexOf is much cheaper than lastIndexOf in V8.
  return s.indexOf('\n') < 0 ? 0 : s.lastIndexOf('\n') + 1;
}

export function lineCount(s: string): number {
  let n = 1;
  for (let i = s.indexOf('\n'); i >= 0; i = s.indexOf('\n', i + 1)) n++;
  return n;
}

/** rustfmt's `filtered_str_fits`: the first line within the shape, the rest within max width. */
export function fits(s: string, shape: Shape): boolean {
  let end = s.indexOf('\n');
  if (end < 0) return strWidth(s) <= shape.width;
  if (rangeWidth(s, 0, end) > shape.width) return false;
  let start = end + 1;
  for (end = s.indexOf('\n', start); end >= 0; start = end + 1, end = s.indexOf('\n', start)) {
    if (rangeWidth(s, start, end) > CONFIG.maxWidth) return false;
  }
  // The last line: within max width, and within the shape's right edge.
  const last = rangeWidth(s, start, s.length);
  return last <= CONFIG.maxWidth && last <= shape.usedWidth() + shape.width;
}

export function wrapStr(s: string | null, shape: Shape): string | null {
  return s !== null && fits(s, shape) ? s : null;
}

/** rustfmt's `last_line_extendable`: the last line holds only delimiters (`})`, `)`). */
export function lastLineExtendable(s: string): boolean {
  for (let i = s.length - 1; i >= 0; i--) {
    switch (s.charCodeAt(i)) {
      case 0x0a: // \n
        return true;
      case 0x28: // (
      case 0x29: // )
      case 0x5d: // ]
      case 0x7d: // }
      case 0x3f: // ?
      case 0x3e: // >
      case 0x20: // space
      case 0x09: // \t
        continue;
      default:
        return false;
    }
  }
  return true;
}
