// Hand-written lexer: source text → tokens. Never throws; problems become CL1xxx diagnostics and
// the lexer carries on, so the parser still sees the rest of the file.

import { diag, type Diagnostic, type Position, type Span } from '../diagnostics.js';
import { LIMIT_CODES } from './limits.js';
import { isKeyword, PUNCTUATION, type Punctuation, type Token, type TokenKind } from './tokens.js';

export const LEX_CODES = {
  invalidCharacter: 'CL1001',
  unterminatedString: 'CL1002',
  invalidEscape: 'CL1003',
  loneSurrogate: 'CL1004',
  intOutOfRange: 'CL1005',
  floatNotFinite: 'CL1006',
  invalidUtf8: 'CL1007',
  malformedNumber: 'CL1008',
} as const;

export interface LexResult {
  readonly tokens: Token[];
  readonly diagnostics: Diagnostic[];
  /** True when lexing stopped early (token limit): nothing after it is meaningful. */
  readonly fatal: boolean;
}

/** Past this many, more lexical errors only bury the first ones. */
const MAX_LEXICAL_ERRORS = 100;

/** Punctuation grouped by first character, longest first within each group. */
const PUNCTUATION_BY_FIRST: ReadonlyMap<number, readonly Punctuation[]> = (() => {
  const groups = new Map<number, Punctuation[]>();
  for (const p of PUNCTUATION) {
    const first = p.charCodeAt(0);
    groups.set(first, [...(groups.get(first) ?? []), p]);
  }
  return groups;
})();

const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;
const isIdentStart = (c: number): boolean =>
  (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f;
const isIdentPart = (c: number): boolean => isIdentStart(c) || isDigit(c);
const isSurrogate = (c: number): boolean => c >= 0xd800 && c <= 0xdfff;

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = { n: '\n', t: '\t', r: '\r', '\\': '\\', '"': '"' };

export function lex(source: string, maxTokens: number): LexResult {
  return new Lexer(source, maxTokens).run();
}

class Lexer {
  private offset = 0;
  private line = 1;
  private column = 1;
  private readonly tokens: Token[] = [];
  private readonly diagnostics: Diagnostic[] = [];

  constructor(
    private readonly src: string,
    private readonly maxTokens: number,
  ) {}

  run(): LexResult {
    if (this.src.charCodeAt(0) === 0xfeff) this.bump();
    for (;;) {
      this.skipTrivia();
      const start = this.position();
      if (this.offset >= this.src.length) {
        this.tokens.push({ kind: 'eof', text: '', span: { start, end: start } });
        return { tokens: this.tokens, diagnostics: this.diagnostics, fatal: false };
      }
      if (this.tokens.length >= this.maxTokens) {
        this.diagnostics.push(
          diag(LIMIT_CODES.tooManyTokens, 'Too many tokens', `The source has more than ${this.maxTokens} tokens.`, {
            start,
            end: start,
          }),
        );
        return { tokens: [], diagnostics: this.diagnostics, fatal: true };
      }
      this.lexToken(start);
    }
  }

  private position(): Position {
    return { line: this.line, column: this.column, offset: this.offset };
  }

  private peekCode(ahead = 0): number {
    const i = this.offset + ahead;
    return i < this.src.length ? this.src.charCodeAt(i) : -1;
  }

  /** Consumes one code point (a surrogate pair counts as one column). */
  private bump(): number {
    const cp = this.src.codePointAt(this.offset) ?? -1;
    if (cp === 0x0a || (cp === 0x0d && this.src.charCodeAt(this.offset + 1) !== 0x0a)) {
      this.line++;
      this.column = 1;
    } else if (cp !== 0x0d) {
      this.column++;
    }
    this.offset += cp > 0xffff ? 2 : 1;
    return cp;
  }

  private spanFrom(start: Position): Span {
    return { start, end: this.position() };
  }

  private push(kind: TokenKind, start: Position, value?: bigint | number | string): void {
    const text = this.src.slice(start.offset, this.offset);
    const span = this.spanFrom(start);
    this.tokens.push(value === undefined ? { kind, text, span } : { kind, text, span, value });
  }

  private report(code: string, title: string, message: string, span: Span, hint?: string): void {
    if (this.diagnostics.length < MAX_LEXICAL_ERRORS) this.diagnostics.push(diag(code, title, message, span, hint));
  }

  private skipTrivia(): void {
    for (;;) {
      const c = this.peekCode();
      if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) this.bump();
      else if (c === 0x23 /* # */) {
        while (this.offset < this.src.length && this.peekCode() !== 0x0a && this.peekCode() !== 0x0d) {
          this.skipCommentChar();
        }
      } else return;
    }
  }

  /** Comments may hold any text, but not broken UTF-16 (it could not be saved as UTF-8). */
  private skipCommentChar(): void {
    const start = this.position();
    const cp = this.bump();
    if (isSurrogate(cp)) this.reportSurrogate(start);
  }

  private reportSurrogate(start: Position): void {
    this.report(
      LEX_CODES.loneSurrogate,
      'Lone surrogate',
      'The source contains an unpaired UTF-16 surrogate, which is not a Unicode character.',
      this.spanFrom(start),
    );
  }

  private lexToken(start: Position): void {
    const c = this.peekCode();
    if (isIdentStart(c)) {
      while (isIdentPart(this.peekCode())) this.bump();
      const word = this.src.slice(start.offset, this.offset);
      this.push(isKeyword(word) ? word : 'ident', start);
      return;
    }
    if (isDigit(c)) return this.lexNumber(start);
    if (c === 0x22 /* " */) return this.lexString(start);
    for (const p of PUNCTUATION_BY_FIRST.get(c) ?? []) {
      if (this.src.startsWith(p, this.offset)) {
        for (let i = 0; i < p.length; i++) this.bump();
        this.push(p, start);
        return;
      }
    }
    const cp = this.bump();
    if (isSurrogate(cp)) return this.reportSurrogate(start);
    const ch = String.fromCodePoint(cp);
    const hint = ch === '&' ? 'Logical and is `&&`.' : ch === '|' ? 'Logical or is `||`.' : undefined;
    this.report(
      LEX_CODES.invalidCharacter,
      'Invalid character',
      `The character \`${ch}\` (U+${cp.toString(16).toUpperCase().padStart(4, '0')}) cannot appear here.`,
      this.spanFrom(start),
      hint,
    );
  }

  private lexNumber(start: Position): void {
    let isFloat = false;
    while (isDigit(this.peekCode())) this.bump();
    // `1..5` is a range of ints: a dot makes a float only when a digit follows it.
    if (this.peekCode() === 0x2e && isDigit(this.peekCode(1))) {
      isFloat = true;
      this.bump();
      while (isDigit(this.peekCode())) this.bump();
    }
    const e = this.peekCode();
    if (e === 0x65 || e === 0x45) {
      const sign = this.peekCode(1) === 0x2b || this.peekCode(1) === 0x2d ? 1 : 0;
      if (isDigit(this.peekCode(1 + sign))) {
        isFloat = true;
        this.bump();
        if (sign) this.bump();
        while (isDigit(this.peekCode())) this.bump();
      } else {
        return this.malformedNumber(start);
      }
    }
    if (isIdentStart(this.peekCode())) return this.malformedNumber(start);
    const text = this.src.slice(start.offset, this.offset);
    if (!isFloat) {
      this.push('int', start, BigInt(text));
      return;
    }
    const value = Number(text);
    if (!Number.isFinite(value)) {
      this.report(
        LEX_CODES.floatNotFinite,
        'Float literal out of range',
        `\`${text}\` is too large for \`f64\`; float literals must be finite.`,
        this.spanFrom(start),
        'There are no NaN/Infinity literals; compute them (e.g. `1.0 / 0.0`) if you need them.',
      );
      this.push('float', start, 0);
      return;
    }
    this.push('float', start, value);
  }

  /** Swallows the rest of a token like `12abc` or `1e` so it is reported once. */
  private malformedNumber(start: Position): void {
    while (isIdentPart(this.peekCode())) this.bump();
    const text = this.src.slice(start.offset, this.offset);
    this.report(
      LEX_CODES.malformedNumber,
      'Malformed number',
      `\`${text}\` is not a valid number literal.`,
      this.spanFrom(start),
      'Float literals look like `1.0` or `2.5e-3`; identifiers cannot start with a digit.',
    );
    this.push('int', start, 0n);
  }

  private lexString(start: Position): void {
    this.bump(); // opening quote
    let value = '';
    for (;;) {
      const c = this.peekCode();
      if (c === -1 || c === 0x0a || c === 0x0d) {
        this.report(
          LEX_CODES.unterminatedString,
          'Unterminated string',
          'This string has no closing `"` before the end of the line.',
          this.spanFrom(start),
          'Strings cannot span lines; write `\\n` for a line break.',
        );
        this.push('str', start, value);
        return;
      }
      if (c === 0x22) {
        this.bump();
        this.push('str', start, value);
        return;
      }
      if (c === 0x5c /* \ */) {
        value += this.lexEscape();
        continue;
      }
      const charStart = this.position();
      const cp = this.bump();
      if (isSurrogate(cp)) this.reportSurrogate(charStart);
      else value += String.fromCodePoint(cp);
    }
  }

  private lexEscape(): string {
    const start = this.position();
    this.bump(); // backslash
    const c = this.peekCode();
    const simple = c === -1 ? undefined : SIMPLE_ESCAPES[String.fromCharCode(c)];
    if (simple !== undefined) {
      this.bump();
      return simple;
    }
    if (c === 0x75 /* u */ && this.peekCode(1) === 0x7b /* { */) {
      this.bump();
      this.bump();
      let hex = '';
      while (/[0-9a-fA-F]/.test(String.fromCharCode(this.peekCode())) && hex.length < 8) {
        hex += String.fromCharCode(this.bump());
      }
      if (this.peekCode() === 0x7d /* } */ && hex.length >= 1 && hex.length <= 6) {
        this.bump();
        const cp = parseInt(hex, 16);
        if (isSurrogate(cp)) {
          this.report(
            LEX_CODES.loneSurrogate,
            'Lone surrogate',
            `\`\\u{${hex}}\` is a UTF-16 surrogate, not a Unicode character.`,
            this.spanFrom(start),
          );
          return '';
        }
        if (cp <= 0x10ffff) return String.fromCodePoint(cp);
      }
      this.report(
        LEX_CODES.invalidEscape,
        'Invalid escape',
        'A `\\u{…}` escape needs 1 to 6 hex digits naming a code point up to `10FFFF`.',
        this.spanFrom(start),
      );
      return '';
    }
    if (c !== -1 && c !== 0x0a && c !== 0x0d) this.bump();
    this.report(
      LEX_CODES.invalidEscape,
      'Invalid escape',
      `\`${this.src.slice(start.offset, this.offset)}\` is not a valid escape.`,
      this.spanFrom(start),
      'Valid escapes: `\\n`, `\\t`, `\\r`, `\\\\`, `\\"` and `\\u{1F600}`.',
    );
    return '';
  }
}

/** Decodes UTF-8 source bytes; invalid UTF-8 is a CL1007 diagnostic pointing at the first bad byte. */
export function decodeSource(bytes: Uint8Array): { source: string } | { diagnostic: Diagnostic } {
  try {
    return { source: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    const bad = firstInvalidUtf8Byte(bytes);
    const before = new TextDecoder('utf-8').decode(bytes.subarray(0, bad)).replace(/^\uFEFF/, '');
    const lines = before.split(/\r\n|\r|\n/);
    const lastLine = lines[lines.length - 1] ?? '';
    const position: Position = {
      line: lines.length,
      column: [...lastLine].length + 1,
      offset: before.length,
    };
    return {
      diagnostic: diag(
        LEX_CODES.invalidUtf8,
        'Invalid UTF-8',
        `The source is not valid UTF-8 (byte ${bad} is \`0x${(bytes[bad] ?? 0).toString(16).padStart(2, '0')}\`).`,
        { start: position, end: position },
        'Save the file as UTF-8.',
      ),
    };
  }
}

function firstInvalidUtf8Byte(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] ?? 0;
    const [len, min] = b < 0x80 ? [1, 0] : b >= 0xc2 && b < 0xe0 ? [2, 0x80] : b >= 0xe0 && b < 0xf0 ? [3, 0x800] : b >= 0xf0 && b < 0xf5 ? [4, 0x10000] : [0, 0];
    if (len === 0 || i + len > bytes.length) return i;
    let cp = len === 1 ? b : b & (0xff >> (len + 1));
    for (let k = 1; k < len; k++) {
      const cont = bytes[i + k] ?? 0;
      if ((cont & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (cont & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || isSurrogate(cp)) return i;
    i += len;
  }
  return i;
}
