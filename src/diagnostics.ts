// Diagnostics are plain data; `formatDiagnostic` is the one place that turns them into text.

export interface Position {
  /** 1-based line. */
  readonly line: number;
  /** 1-based column, counted in Unicode code points. */
  readonly column: number;
  /** 0-based UTF-16 offset into the source. */
  readonly offset: number;
}

export interface Span {
  readonly start: Position;
  readonly end: Position;
}

export type Severity = 'error' | 'warning';

export interface Diagnostic {
  /** Stable code, `CL` + 4 digits; the table is in docs/diagnostics.md. */
  readonly code: string;
  readonly severity: Severity;
  /** Short title, e.g. "Unknown variable". */
  readonly title: string;
  /** Plain prose; names in backticks. */
  readonly message: string;
  readonly span: Span | null;
  readonly hint?: string;
}

export const NO_SPAN: Span | null = null;

export function diag(code: string, title: string, message: string, span: Span | null, hint?: string): Diagnostic {
  return hint === undefined
    ? { code, severity: 'error', title, message, span }
    : { code, severity: 'error', title, message, span, hint };
}

export function formatDiagnostic(d: Diagnostic, file = '<input>'): string {
  const where = d.span ? `${file}:${d.span.start.line}:${d.span.start.column}` : file;
  const hint = d.hint ? `\n  hint: ${d.hint}` : '';
  return `${where}: ${d.severity} ${d.code}: ${d.title}: ${d.message}${hint}`;
}

/** Thrown only at API boundaries that must fail as a whole; compiler stages return diagnostics instead. */
export class CompileError extends Error {
  constructor(readonly diagnostics: readonly Diagnostic[]) {
    super(diagnostics.map((d) => formatDiagnostic(d)).join('\n'));
  }
}
