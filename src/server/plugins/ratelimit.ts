// Per-client rate limiting with the IETF draft RateLimit-* headers (@fastify/rate-limit). The
// client is the remote address; operational routes (health, metrics, docs) are exempt, so
// monitoring keeps working for a client that is limited.

import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import { problem, ProblemError } from '../problem.js';

export interface RateLimitOptions {
  /** Requests per window per client; 0 disables rate limiting. */
  readonly max: number;
  readonly windowMs: number;
}

export const RATE_LIMIT_EXEMPT = { rateLimit: false } as const;

export async function installRateLimit(app: FastifyInstance, { max, windowMs }: RateLimitOptions): Promise<void> {
  if (max === 0) return;
  await app.register(rateLimit, {
    global: true,
    max,
    timeWindow: windowMs,
    enableDraftSpec: true,
    errorResponseBuilder: (_request, context) =>
      new ProblemError(
        problem('rate-limited', `This client may send ${context.max} requests per ${windowMs / 1000} s; retry in ${context.after}.`, {
          limit: context.max,
        }),
        Math.max(1, Math.ceil(context.ttl / 1000)),
      ),
  });
}
