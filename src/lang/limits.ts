// Resource limits of the front end: every input, however hostile, gets a CL4xxx diagnostic
// instead of a crash or a long stall.

export interface Limits {
  /** Source size in UTF-8 bytes. */
  readonly maxSourceBytes: number;
  /**
   * Depth of nested expressions, blocks and types. The parser enforces it, and because the
   * checker, lowering and every later pass recurse over the tree, it bounds them too.
   */
  readonly maxNestingDepth: number;
  readonly maxKernels: number;
  readonly maxTokens: number;
}

export const DEFAULT_LIMITS: Limits = {
  maxSourceBytes: 256 * 1024,
  maxNestingDepth: 256,
  maxKernels: 64,
  maxTokens: 50_000,
};

export function resolveLimits(overrides: Partial<Limits> = {}): Limits {
  return { ...DEFAULT_LIMITS, ...overrides };
}

export const LIMIT_CODES = {
  sourceTooLarge: 'CL4001',
  nestingTooDeep: 'CL4002',
  tooManyKernels: 'CL4003',
  tooManyTokens: 'CL4004',
} as const;
