// The front end's one entry point: source text → IR program plus diagnostics.

import { diag, type Diagnostic } from '../diagnostics.js';
import type { Program } from '../ir/ir.js';
import { lower } from '../ir/lower.js';
import { check } from './checker.js';
import { lex } from './lexer.js';
import { LIMIT_CODES, resolveLimits, type Limits } from './limits.js';
import { parse } from './parser.js';

export { decodeSource } from './lexer.js';
export { DEFAULT_LIMITS, type Limits } from './limits.js';

export interface AnalyzeResult {
  /** The lowered program, or null when there is any diagnostic. */
  readonly program: Program | null;
  /** Sorted by position; diagnostics without a span come first. */
  readonly diagnostics: Diagnostic[];
  /** Milliseconds per stage (lexing counts as parsing). */
  readonly timings: { parse: number; check: number; lower: number };
}

/** An editor shows the first few; thousands of follow-on reports only cost time. */
const MAX_DIAGNOSTICS = 200;

export function analyze(source: string, limits: Partial<Limits> = {}): AnalyzeResult {
  try {
    return analyzeWithin(source, resolveLimits(limits));
  } catch (e) {
    // The nesting limit keeps recursion shallow; this net only catches a caller's limit set
    // beyond what the JavaScript stack can hold.
    if (!(e instanceof RangeError) || !/call stack/i.test(e.message)) throw e;
    const message = 'The source nests too deeply for this machine; lower `maxNestingDepth`.';
    const d = diag(LIMIT_CODES.nestingTooDeep, 'Nesting too deep', message, null);
    return { program: null, diagnostics: [d], timings: { parse: 0, check: 0, lower: 0 } };
  }
}

function analyzeWithin(source: string, lim: Limits): AnalyzeResult {
  const timings = { parse: 0, check: 0, lower: 0 };
  const done = (diagnostics: Diagnostic[], program: Program | null = null): AnalyzeResult => ({
    program,
    diagnostics: sortByPosition(diagnostics).slice(0, MAX_DIAGNOSTICS),
    timings,
  });

  // Cheap bound first: UTF-16 length ≤ UTF-8 bytes ≤ 3 × UTF-16 length.
  if (source.length > lim.maxSourceBytes || Buffer.byteLength(source, 'utf8') > lim.maxSourceBytes) {
    return done([
      diag(
        LIMIT_CODES.sourceTooLarge,
        'Source too large',
        `The source is larger than ${lim.maxSourceBytes} bytes.`,
        null,
      ),
    ]);
  }

  let t0 = performance.now();
  const lexed = lex(source, lim.maxTokens);
  const parsed = lexed.fatal ? null : parse(lexed.tokens, lim);
  timings.parse = performance.now() - t0;
  const diagnostics = [...lexed.diagnostics, ...(parsed?.diagnostics ?? [])];
  if (!parsed || parsed.fatal) return done(diagnostics);

  t0 = performance.now();
  const checked = check(parsed.file);
  timings.check = performance.now() - t0;
  diagnostics.push(...checked.diagnostics);
  if (diagnostics.length > 0) return done(diagnostics);

  t0 = performance.now();
  const program = lower(checked.program);
  timings.lower = performance.now() - t0;
  return done(diagnostics, program);
}

function sortByPosition(diagnostics: Diagnostic[]): Diagnostic[] {
  const offset = (d: Diagnostic): number => d.span?.start.offset ?? -1;
  return diagnostics
    .map((d, i) => ({ d, i }))
    .sort((a, b) => offset(a.d) - offset(b.d) || a.i - b.i)
    .map(({ d }) => d);
}
