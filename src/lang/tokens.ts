// Token kinds of the kernel language. Keywords and punctuation use their own text as kind.

import type { Span } from '../diagnostics.js';

/** Reserved words. `in`, `step`, `desc` and `asc` are contextual and lexed as identifiers. */
export const KEYWORDS = ['param', 'record', 'kernel', 'let', 'if', 'else', 'true', 'false'] as const;
export type Keyword = (typeof KEYWORDS)[number];

/** Longest first, so the lexer can take the first match. */
export const PUNCTUATION = [
  '..', '->', '=>', '==', '!=', '<=', '>=', '&&', '||',
  '(', ')', '{', '}', '[', ']', ',', ':', ';', '.', '+', '-', '*', '/', '%', '<', '>', '!', '=',
] as const;
export type Punctuation = (typeof PUNCTUATION)[number];

export type TokenKind = 'int' | 'float' | 'str' | 'ident' | 'eof' | Keyword | Punctuation;

export interface Token {
  readonly kind: TokenKind;
  /** Source text of the token (for `str`, including quotes). */
  readonly text: string;
  readonly span: Span;
  /** int: the magnitude as written; float: the value; str: the decoded contents. */
  readonly value?: bigint | number | string;
}

const KEYWORD_SET: ReadonlySet<string> = new Set(KEYWORDS);
export function isKeyword(word: string): word is Keyword {
  return KEYWORD_SET.has(word);
}

/** How a token is named in "expected X, found Y" messages. */
export function describeToken(t: Token): string {
  switch (t.kind) {
    case 'eof':
      return 'end of input';
    case 'int':
    case 'float':
      return `number \`${t.text}\``;
    case 'str':
      return 'a string';
    case 'ident':
      return `\`${t.text}\``;
    default:
      return `\`${t.kind}\``;
  }
}
