// Recursive-descent parser with panic-mode recovery: a syntax error is reported, the parser
// skips to a synchronisation point (`;`, `}` or a `param`/`record`/`kernel` keyword) and goes
// on, so one pass reports several errors. Failed parts become `error` nodes.
//
// Nesting depth is counted for every nested expression, block and type, and for every link of an
// operator or method chain (each link nests the tree one level deeper), so the tree handed to
// the checker and lowering is never deeper than `maxNestingDepth`.

import { diag, type Diagnostic, type Position, type Span } from '../diagnostics.js';
import type { BinaryOp } from '../ir/ir.js';
import type * as A from './ast.js';
import { LEX_CODES } from './lexer.js';
import { LIMIT_CODES, type Limits } from './limits.js';
import { describeToken, isKeyword, type Token, type TokenKind } from './tokens.js';

export const PARSE_CODES = {
  expectedToken: 'CL2001',
  expectedExpression: 'CL2002',
  expectedDeclaration: 'CL2003',
  expectedType: 'CL2004',
  blockWithoutResult: 'CL2005',
  chainedComparison: 'CL2006',
  letOutsideBlock: 'CL2007',
  ifWithoutElse: 'CL2008',
  expectedBlockEnd: 'CL2009',
} as const;

export interface ParseResult {
  readonly file: A.SourceFile;
  readonly diagnostics: Diagnostic[];
  /** A limit stopped parsing; the tree is incomplete and must not be checked. */
  readonly fatal: boolean;
}

const MAX_SYNTAX_ERRORS = 100;
const I64_MAX = (1n << 63n) - 1n;

/** Unwinds to the nearest recovery point after an error was reported. */
class SyncError extends Error {}
/** Unwinds the whole parse when a limit is exceeded. */
class LimitError extends Error {}

const COMPARISONS: ReadonlySet<TokenKind> = new Set(['==', '!=', '<', '<=', '>', '>=']);
const DECL_KEYWORDS: ReadonlySet<TokenKind> = new Set(['param', 'record', 'kernel']);

export function parse(tokens: readonly Token[], limits: Limits): ParseResult {
  const parser = new Parser(tokens, limits);
  try {
    const file = parser.parseFile();
    return { file, diagnostics: parser.diagnostics, fatal: false };
  } catch (e) {
    if (e instanceof LimitError) return { file: { decls: [] }, diagnostics: parser.diagnostics, fatal: true };
    throw e;
  }
}

class Parser {
  readonly diagnostics: Diagnostic[] = [];
  private pos = 0;
  private depth = 0;
  private kernels = 0;
  private lastErrorOffset = -1;

  constructor(
    private readonly tokens: readonly Token[],
    private readonly limits: Limits,
  ) {}

  // ------------------------------------------------------------ token helpers

  private peek(ahead = 0): Token {
    const last = this.tokens[this.tokens.length - 1] as Token;
    return this.tokens[this.pos + ahead] ?? last;
  }

  private at(kind: TokenKind, ahead = 0): boolean {
    return this.peek(ahead).kind === kind;
  }

  private atContextual(word: string): boolean {
    return this.at('ident') && this.peek().text === word;
  }

  private advance(): Token {
    const t = this.peek();
    if (t.kind !== 'eof') this.pos++;
    return t;
  }

  private eat(kind: TokenKind): Token | null {
    return this.at(kind) ? this.advance() : null;
  }

  private expect(kind: TokenKind, context?: string): Token {
    const t = this.eat(kind);
    if (t) return t;
    const where = context ? ` ${context}` : '';
    return this.fail(PARSE_CODES.expectedToken, 'Unexpected token', `Expected \`${kind}\`${where}, found ${describeToken(this.peek())}.`);
  }

  private previousEnd(): Position {
    return (this.tokens[this.pos - 1] ?? this.peek()).span.end;
  }

  private spanFrom(start: Position): Span {
    const end = this.previousEnd();
    return { start, end: end.offset >= start.offset ? end : start };
  }

  // ------------------------------------------------------------ errors and limits

  private report(code: string, title: string, message: string, span: Span, hint?: string): void {
    // One error per position: recovery may revisit the token that caused the last one.
    if (span.start.offset === this.lastErrorOffset) return;
    this.lastErrorOffset = span.start.offset;
    if (this.diagnostics.length < MAX_SYNTAX_ERRORS) this.diagnostics.push(diag(code, title, message, span, hint));
  }

  private fail(code: string, title: string, message: string, hint?: string): never {
    this.report(code, title, message, this.peek().span, hint);
    throw new SyncError();
  }

  private nested<T>(parse: () => T): T {
    this.enter();
    try {
      return parse();
    } finally {
      this.depth--;
    }
  }

  private enter(): void {
    if (++this.depth > this.limits.maxNestingDepth) {
      this.diagnostics.push(
        diag(
          LIMIT_CODES.nestingTooDeep,
          'Nesting too deep',
          `Expressions, blocks and types nest more than ${this.limits.maxNestingDepth} levels deep here.`,
          this.peek().span,
          'Split the expression with `let` bindings.',
        ),
      );
      throw new LimitError();
    }
  }

  /** Skips tokens up to (not past) `;` or `}` of the current block, or a declaration keyword. */
  private skipInBlock(): void {
    let braces = 0;
    for (;;) {
      const k = this.peek().kind;
      if (k === 'eof' || DECL_KEYWORDS.has(k)) return;
      if (braces === 0 && (k === ';' || k === '}')) return;
      if (k === '{') braces++;
      if (k === '}') braces--;
      this.advance();
    }
  }

  // ------------------------------------------------------------ declarations

  parseFile(): A.SourceFile {
    const decls: A.Decl[] = [];
    while (!this.at('eof')) {
      const start = this.pos;
      try {
        decls.push(this.parseDecl());
        while (this.eat(';'));
      } catch (e) {
        if (!(e instanceof SyncError)) throw e;
        this.depth = 0;
        if (this.pos === start) this.advance();
        while (!this.at('eof') && !DECL_KEYWORDS.has(this.peek().kind)) this.advance();
      }
    }
    return { decls };
  }

  private parseDecl(): A.Decl {
    if (this.at('param')) return this.parseParam();
    if (this.at('record')) return this.parseRecord();
    if (this.at('kernel')) return this.parseKernel();
    return this.fail(
      PARSE_CODES.expectedDeclaration,
      'Expected a declaration',
      `Expected \`param\`, \`record\` or \`kernel\`, found ${describeToken(this.peek())}.`,
    );
  }

  private parseName(what: string): A.Ident {
    const t = this.peek();
    if (t.kind !== 'ident') {
      const keyword = isKeyword(t.kind);
      return this.fail(
        PARSE_CODES.expectedToken,
        'Unexpected token',
        `Expected ${what}, found ${describeToken(t)}.`,
        keyword ? `\`${t.kind}\` is a keyword and cannot be used as a name.` : undefined,
      );
    }
    this.advance();
    return { name: t.text, span: t.span };
  }

  private parseParam(): A.ParamDecl {
    const start = this.advance().span.start;
    const name = this.parseName('a param name');
    this.expect(':', 'after the param name');
    const type = this.parseType();
    this.expect('=', 'before the param default');
    const dflt = this.parseExpr();
    let range: A.ParamDecl['range'] = null;
    let step: A.Expr | null = null;
    if (this.atContextual('in')) {
      this.advance();
      const lo = this.parseExpr();
      this.expect('..', 'in the param range');
      const hi = this.parseExpr();
      range = { lo, hi };
      if (this.atContextual('step')) {
        this.advance();
        step = this.parseExpr();
      }
    }
    return { k: 'param', name, type, default: dflt, range, step, span: this.spanFrom(start) };
  }

  private parseRecord(): A.RecordDecl {
    const start = this.advance().span.start;
    const name = this.parseName('a record name');
    this.expect('{', 'to open the record fields');
    const fields = this.parseFieldTypes();
    return { k: 'record', name, fields, span: this.spanFrom(start) };
  }

  /** `name: T, …}` (the `{` already consumed); a trailing comma is allowed. */
  private parseFieldTypes(): A.FieldTypeExpr[] {
    const fields: A.FieldTypeExpr[] = [];
    while (!this.at('}')) {
      const name = this.parseName('a field name');
      this.expect(':', 'after the field name');
      fields.push({ name, type: this.parseType() });
      if (!this.eat(',')) break;
    }
    this.expect('}', 'to close the fields');
    return fields;
  }

  private parseKernel(): A.KernelDecl {
    const start = this.advance().span.start;
    if (++this.kernels > this.limits.maxKernels) {
      this.diagnostics.push(
        diag(
          LIMIT_CODES.tooManyKernels,
          'Too many kernels',
          `A source may declare at most ${this.limits.maxKernels} kernels.`,
          this.tokens[this.pos - 1]?.span ?? null,
        ),
      );
      throw new LimitError();
    }
    const name = this.parseName('a kernel name');
    this.expect('(', 'to open the kernel arguments');
    const args: { name: A.Ident; type: A.TypeExpr }[] = [];
    while (!this.at(')')) {
      const argName = this.parseName('an argument name');
      this.expect(':', 'after the argument name');
      args.push({ name: argName, type: this.parseType() });
      if (!this.eat(',')) break;
    }
    this.expect(')', 'to close the kernel arguments');
    this.expect('->', 'before the return type');
    const ret = this.parseType();
    if (!this.at('{')) this.expect('{', 'to open the kernel body');
    const body = this.parseBranch();
    return { k: 'kernel', name, args, ret, body, span: this.spanFrom(start) };
  }

  // ------------------------------------------------------------ types

  private parseType(): A.TypeExpr {
    return this.nested(() => {
      const start = this.peek().span.start;
      if (this.eat('[')) {
        const elem = this.parseType();
        this.expect(']', 'to close the array type');
        return { k: 'array', elem, span: this.spanFrom(start) };
      }
      if (this.eat('{')) {
        const fields = this.parseFieldTypes();
        return { k: 'record', fields, span: this.spanFrom(start) };
      }
      if (this.at('ident')) {
        const t = this.advance();
        return { k: 'named', name: t.text, span: t.span };
      }
      return this.fail(
        PARSE_CODES.expectedType,
        'Expected a type',
        `Expected a type such as \`f64\`, \`[i64]\` or a record name, found ${describeToken(this.peek())}.`,
      );
    });
  }

  // ------------------------------------------------------------ expressions

  parseExpr(): A.Expr {
    return this.nested(() => {
      if (this.at('ident') && this.at('=>', 1)) return this.parseLambda();
      if (this.at('(') && this.isParenthesisedLambda()) return this.parseLambda();
      return this.parseBinary(0);
    });
  }

  /** `(x) =>`, `(a, b) =>`, `(x: T) =>` and `() =>` (rejected later by the checker). */
  private isParenthesisedLambda(): boolean {
    if (this.at(')', 1)) return this.at('=>', 2);
    if (!this.at('ident', 1)) return false;
    const after = this.peek(2).kind;
    return after === ',' || after === ':' || (after === ')' && this.at('=>', 3));
  }

  private parseLambda(): A.Expr {
    const start = this.peek().span.start;
    const params: A.LambdaParam[] = [];
    if (this.eat('(')) {
      while (!this.at(')')) {
        const name = this.parseName('a lambda parameter');
        const type = this.eat(':') ? this.parseType() : null;
        params.push({ name, type });
        if (!this.eat(',')) break;
      }
      this.expect(')', 'to close the lambda parameters');
    } else {
      params.push({ name: this.parseName('a lambda parameter'), type: null });
    }
    this.expect('=>', 'in the lambda');
    const body = this.parseExpr();
    return { k: 'lambda', params, body, span: this.spanFrom(start) };
  }

  /** Binary operators by precedence level, loosest first; comparisons do not chain. */
  private static readonly LEVELS: readonly (readonly TokenKind[])[] = [
    ['||'],
    ['&&'],
    ['==', '!=', '<', '<=', '>', '>='],
    ['+', '-'],
    ['*', '/', '%'],
  ];

  private parseBinary(level: number): A.Expr {
    const ops = Parser.LEVELS[level];
    if (!ops) return this.parseUnary();
    const start = this.peek().span.start;
    let left = this.parseBinary(level + 1);
    let chained = false;
    const savedDepth = this.depth;
    try {
      while (ops.includes(this.peek().kind)) {
        const opToken = this.advance();
        this.enter();
        const right = this.parseBinary(level + 1);
        left = { k: 'binary', op: opToken.kind as BinaryOp, left, right, span: this.spanFrom(start) };
        if (COMPARISONS.has(opToken.kind) && COMPARISONS.has(this.peek().kind)) {
          this.report(
            PARSE_CODES.chainedComparison,
            'Chained comparison',
            `Comparisons do not chain: \`a ${opToken.kind} b ${this.peek().kind} c\` is not allowed.`,
            this.peek().span,
            'Write `a < b && b < c`.',
          );
          chained = true;
        }
      }
    } finally {
      this.depth = savedDepth;
    }
    // The chain was reported; an error node keeps the checker from adding a type error to it.
    return chained ? { k: 'error', span: left.span } : left;
  }

  private parseUnary(): A.Expr {
    if (!this.at('-') && !this.at('!')) return this.parsePostfix();
    return this.nested(() => {
      const opToken = this.advance();
      const start = opToken.span.start;
      if (opToken.kind === '-' && (this.at('int') || this.at('float')) && !this.at('.', 1) && !this.at('[', 1)) {
        return this.parseNegativeLiteral(start);
      }
      const arg = this.parseUnary();
      return { k: 'unary', op: opToken.kind === '-' ? '-' : '!', arg, span: this.spanFrom(start) };
    });
  }

  /** `-9223372036854775808` is a valid i64 literal although its magnitude alone is not. */
  private parseNegativeLiteral(start: Position): A.Expr {
    const t = this.advance();
    const span = this.spanFrom(start);
    if (t.kind === 'float') return { k: 'float', value: -(t.value as number), span };
    const value = -(t.value as bigint);
    if (value < -I64_MAX - 1n) this.reportIntRange(t, span);
    return { k: 'int', value, span };
  }

  private reportIntRange(t: Token, span: Span): void {
    this.report(
      LEX_CODES.intOutOfRange,
      'Integer literal out of range',
      `\`${t.text}\` does not fit in \`i64\` (−9223372036854775808 to 9223372036854775807).`,
      span,
      'Use a float literal such as `1.0e20` if you need a larger magnitude.',
    );
  }

  private parsePostfix(): A.Expr {
    const start = this.peek().span.start;
    let e = this.parsePrimary();
    const savedDepth = this.depth;
    try {
      for (;;) {
        if (this.eat('.')) {
          this.enter();
          const name = this.parseName('a field or method name after `.`');
          if (this.at('(')) {
            const args = this.parseArgs();
            e = { k: 'method', target: e, name, args, span: this.spanFrom(start) };
          } else {
            e = { k: 'field', target: e, name, span: this.spanFrom(start) };
          }
        } else if (this.eat('[')) {
          this.enter();
          const index = this.parseExpr();
          this.expect(']', 'to close the index');
          e = { k: 'index', target: e, index, span: this.spanFrom(start) };
        } else {
          return e;
        }
      }
    } finally {
      this.depth = savedDepth;
    }
  }

  private parseArgs(): A.Expr[] {
    this.expect('(');
    const args: A.Expr[] = [];
    while (!this.at(')')) {
      args.push(this.parseExpr());
      if (!this.eat(',')) break;
    }
    this.expect(')', 'to close the argument list');
    return args;
  }

  private parsePrimary(): A.Expr {
    const t = this.peek();
    switch (t.kind) {
      case 'int': {
        this.advance();
        const value = t.value as bigint;
        if (value > I64_MAX) this.reportIntRange(t, t.span);
        return { k: 'int', value, span: t.span };
      }
      case 'float':
        this.advance();
        return { k: 'float', value: t.value as number, span: t.span };
      case 'str':
        this.advance();
        return { k: 'str', value: t.value as string, span: t.span };
      case 'true':
      case 'false':
        this.advance();
        return { k: 'bool', value: t.kind === 'true', span: t.span };
      case 'ident': {
        this.advance();
        if (!this.at('(')) return { k: 'ident', name: t.text, span: t.span };
        const args = this.parseArgs();
        return { k: 'call', callee: { name: t.text, span: t.span }, args, span: this.spanFrom(t.span.start) };
      }
      case '(': {
        this.advance();
        const inner = this.parseExpr();
        this.expect(')', 'to close the parenthesis');
        return inner;
      }
      case '{':
        return this.parseBranch();
      case 'if':
        return this.parseIf();
      case 'let':
        return this.fail(
          PARSE_CODES.letOutsideBlock,
          '`let` outside a block',
          '`let` is only allowed at the start of a block `{ let x = …; … }`.',
        );
      default:
        return this.fail(
          PARSE_CODES.expectedExpression,
          'Expected an expression',
          `Expected an expression, found ${describeToken(t)}.`,
        );
    }
  }

  private parseRecordLiteral(): A.Expr {
    return this.nested(() => {
      const start = this.advance().span.start;
      const fields: { name: A.Ident; value: A.Expr }[] = [];
      while (!this.at('}')) {
        const name = this.parseName('a field name');
        this.expect(':', 'after the field name');
        fields.push({ name, value: this.parseExpr() });
        if (!this.eat(',')) break;
      }
      this.expect('}', 'to close the record literal');
      return { k: 'record', fields, span: this.spanFrom(start) };
    });
  }

  private parseIf(): A.Expr {
    return this.nested(() => {
      const start = this.advance().span.start;
      const cond = this.parseExpr();
      if (!this.at('{')) this.expect('{', 'to open the `if` branch');
      const then = this.parseBranch();
      if (!this.at('else')) {
        this.report(
          PARSE_CODES.ifWithoutElse,
          '`if` without `else`',
          '`if` is an expression and needs an `else` branch.',
          this.peek().span,
        );
        return { k: 'if', cond, then, else: { k: 'error', span: this.peek().span }, span: this.spanFrom(start) };
      }
      this.advance();
      const otherwise = this.at('if') ? this.parseIf() : this.atBlockOrFail();
      return { k: 'if', cond, then, else: otherwise, span: this.spanFrom(start) };
    });
  }

  private atBlockOrFail(): A.Expr {
    if (!this.at('{')) this.expect('{', 'after `else`');
    return this.parseBranch();
  }

  /** A kernel body or `if` branch: a block, or a record literal standing for one (`{ a: 1 }`). */
  private parseBranch(): A.Expr {
    return this.isRecordLiteralStart() ? this.parseRecordLiteral() : this.parseBlock();
  }

  private isRecordLiteralStart(): boolean {
    return this.at('{') && this.at('ident', 1) && this.at(':', 2);
  }

  /** `{ let x = e; …; result }`. Errors inside are recovered at `;` and `}`. */
  private parseBlock(): A.Expr {
    return this.nested(() => {
      const start = this.expect('{').span.start;
      const lets: A.LetStmt[] = [];
      let result: A.Expr | null = null;
      const savedDepth = this.depth;
      while (result === null) {
        if (this.at('}') || this.at('eof') || DECL_KEYWORDS.has(this.peek().kind)) {
          this.report(
            PARSE_CODES.blockWithoutResult,
            'Block without a result',
            lets.length > 0
              ? 'A block must end with an expression (its value), after the `let`s.'
              : 'A block must contain an expression; `{}` is empty.',
            this.peek().span,
          );
          result = { k: 'error', span: this.peek().span };
          break;
        }
        const depth = this.depth;
        try {
          if (this.at('let')) {
            // Each `let` nests the rest of the block one level deeper (it becomes a `let` node).
            this.enter();
            lets.push(this.parseLet());
          } else {
            result = this.parseExpr();
          }
        } catch (e) {
          if (!(e instanceof SyncError)) throw e;
          this.depth = depth;
          this.skipInBlock();
          if (!this.eat(';')) result = { k: 'error', span: this.peek().span };
        }
      }
      this.depth = savedDepth;
      this.expectBlockEnd();
      return { k: 'block', lets, result, span: this.spanFrom(start) };
    });
  }

  private expectBlockEnd(): void {
    if (this.eat('}')) return;
    const t = this.peek();
    const hint = t.kind === ';' ? 'The last expression of a block is its value and has no `;` after it.' : undefined;
    this.report(
      PARSE_CODES.expectedBlockEnd,
      'Expected end of block',
      `Expected \`}\` after the block's result expression, found ${describeToken(t)}.`,
      t.span,
      hint,
    );
    this.skipInBlock();
    if (!this.eat('}')) throw new SyncError();
  }

  private parseLet(): A.LetStmt {
    const start = this.advance().span.start;
    const name = this.parseName('a variable name after `let`');
    const type = this.eat(':') ? this.parseType() : null;
    this.expect('=', 'in the `let`');
    let value: A.Expr;
    const depth = this.depth;
    try {
      value = this.parseExpr();
    } catch (e) {
      // Keep the binding (with an error value) so later uses of the name do not cascade.
      if (!(e instanceof SyncError)) throw e;
      this.depth = depth;
      value = { k: 'error', span: this.peek().span };
      this.skipInBlock();
    }
    const span = this.spanFrom(start);
    if (!this.eat(';')) {
      this.report(
        PARSE_CODES.expectedToken,
        'Unexpected token',
        `Expected \`;\` after the \`let\`, found ${describeToken(this.peek())}.`,
        this.peek().span,
      );
    }
    return { name, type, value, span };
  }
}
