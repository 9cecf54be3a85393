// Errors as RFC 9457 problem details: one stable `type` URI per error class, so clients branch on
// the type and never on the prose. docs/api.md lists the same table.

export const PROBLEM_BASE = 'https://codelive.dev/problems/';

export const PROBLEMS = {
  validation: { status: 400, title: 'Invalid request' },
  'malformed-json': { status: 400, title: 'Malformed JSON body' },
  'not-found': { status: 404, title: 'Not found' },
  'request-timeout': { status: 408, title: 'Request not received in time' },
  'body-too-large': { status: 413, title: 'Request body too large' },
  'batch-too-large': { status: 413, title: 'Batch too large' },
  'unsupported-media-type': { status: 415, title: 'Unsupported media type' },
  'source-invalid': { status: 422, title: 'Source has errors' },
  overloaded: { status: 429, title: 'Server overloaded' },
  'rate-limited': { status: 429, title: 'Rate limit exceeded' },
  internal: { status: 500, title: 'Internal error' },
  'target-unavailable': { status: 503, title: 'Target temporarily unavailable' },
  'shutting-down': { status: 503, title: 'Server shutting down' },
  'render-timeout': { status: 504, title: 'Render timed out' },
} as const;

export type ProblemKind = keyof typeof PROBLEMS;

export interface Problem {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly instance?: string;
  /** Extension members (RFC 9457 §3.2): diagnostics, validation errors, per-target problems. */
  readonly [extension: string]: unknown;
}

export function problem(kind: ProblemKind, detail: string, extensions: Record<string, unknown> = {}): Problem {
  const { status, title } = PROBLEMS[kind];
  return { type: PROBLEM_BASE + kind, title, status, detail, ...extensions };
}

/** Thrown by route code; the error handler turns it into the response. */
export class ProblemError extends Error {
  readonly statusCode: number;
  constructor(
    readonly problem: Problem,
    /** Seconds, for 429/503 answers. */
    readonly retryAfter?: number,
  ) {
    super(problem.detail);
    this.statusCode = problem.status;
  }
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';
