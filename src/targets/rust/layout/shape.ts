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
 * Runs `layout` with no practical line width: for code nested so deeply that nothing fits in 100
 * columns (rustfmt itself gives up there and leaves such code as it is).
 */
export function withoutWidthLimit<T>(layout: () => T): T {
  CONFIG.maxWidth = 100_000;
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

export const newlineIndent = (indent: number): string => `\n${' '.repeat(indent)}`;

/** Display width as rustfmt's unicode_str_width counts it: wide and emoji characters take two columns. */
export function strWidth(s: string): number {
  // Layout measures every candidate line, and nearly all code is below U+0300 (one column each).
  for (let i = 0; i < s.length; i++) {
    if (s.charCodeAt(i) >= 0x300) return i + wideWidth(s.slice(i));
  }
  return s.length;
}

function wideWidth(s: string): number {
  let n = 0;
  for (const ch of s) n += charWidth(ch.codePointAt(0)!);
  return n;
}

/** UTF-8 length: where rustfmt compares `str::len()`. */
export function byteLen(s: string): number {
  return Buffer.byteLength(s, 'utf8');
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

export function firstLineWidth(s: string): number {
  const i = s.indexOf('\n');
  return strWidth(i < 0 ? s : s.slice(0, i));
}

export function lastLineWidth(s: string): number {
  const i = s.lastIndexOf('\n');
  return strWidth(i < 0 ? s : s.slice(i + 1));
}

export function lineCount(s: string): number {
  let n = 1;
  for (const ch of s) if (ch === '\n') n++;
  return n;
}

/** rustfmt's `filtered_str_fits`: the first line within the shape, the rest within max width. */
export function fits(s: string, shape: Shape): boolean {
  if (firstLineWidth(s) > shape.width) return false;
  if (isSingleLine(s)) return true;
  const rest = s.split('\n').slice(1);
  if (rest.some((line) => strWidth(line) > CONFIG.maxWidth)) return false;
  return lastLineWidth(s) <= shape.usedWidth() + shape.width;
}

export function wrapStr(s: string | null, shape: Shape): string | null {
  return s !== null && fits(s, shape) ? s : null;
}

/** rustfmt's `last_line_extendable`: the last line holds only delimiters (`})`, `)`). */
export function lastLineExtendable(s: string): boolean {
  for (let i = s.length - 1; i >= 0; i--) {
    const c = s[i]!;
    if (c === '\n') return true;
    if ('()]}?> \t'.includes(c)) continue;
    return false;
  }
  return true;
}
