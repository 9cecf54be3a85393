// The server's long-lived parts, built once from the config and shared by the routes.

import type { FastifyBaseLogger } from 'fastify';
import { TARGET_NAMES } from '../targets/registry.js';
import { TargetBreakers } from './breakers.js';
import { approximateSize, BoundedCache, ENCODED_ENTRY_OVERHEAD, messagePackCodec, TieredCache, type SecondLevelCache } from './cache.js';
import type { ServerConfig } from './config.js';
import { AdaptiveLimiter, DEFAULT_LIMITER_OPTIONS } from './limiter.js';
import { LoopGauge } from './loop-gauge.js';
import { ServerMetrics } from './metrics.js';
import { RenderPool, TaskError } from './pool/pool.js';
import type { EmittedTarget } from './pool/protocol.js';
import { Renderer, type FrontEntry } from './renderer.js';
import type { MemoEntry } from './routes/memo.js';

export interface ServerServices {
  readonly metrics: ServerMetrics;
  readonly responses: BoundedCache<MemoEntry>;
  readonly sources: BoundedCache<FrontEntry>;
  readonly renders: TieredCache<EmittedTarget>;
  readonly pool: RenderPool;
  readonly breakers: TargetBreakers;
  readonly limiter: AdaptiveLimiter;
  readonly renderer: Renderer;
  /** The main thread's recent event-loop utilization. */
  readonly loop: LoopGauge;
  close(): Promise<void>;
}

export interface ServiceOptions {
  /** A shared second cache level (Redis); none by default. */
  readonly secondLevel?: SecondLevelCache<EmittedTarget>;
}

export interface ServiceParts {
  /** The render workers' module (pool/bundle.ts). */
  readonly workerFile: string;
}

/**
 * How `cacheMaxBytes` is shared: the render cache holds the code; the response memo holds
 * serialized answers, mostly repeats of renders. The source index (source digest → IR key)
 * has an entry of about 300 bytes per source state for every one to six render entries of a
 * few KB: its eighth holds several times the render cache's entries, so it never evicts first
 * (when it does, the renders still cached are out of reach and each costs a worker task).
 */
const BUDGET_SHARES = { render: 5 / 8, response: 1 / 4, source: 1 / 8 } as const;

export function createServices(config: ServerConfig, log: FastifyBaseLogger, parts: ServiceParts, options: ServiceOptions = {}): ServerServices {
  const metrics = new ServerMetrics();
  const sizeOf = (key: string, value: object): number => 2 * key.length + approximateSize(value);
  const budget = (level: keyof typeof BUDGET_SHARES): number => Math.floor(config.cacheMaxBytes * BUDGET_SHARES[level]);
  const sources = new BoundedCache<FrontEntry>({
    maxBytes: budget('source'),
    ttlMs: config.cacheTtlMs,
    sizeOf,
    onEvent: (e) => metrics.cacheEvent('source', e),
  });
  // The emitted code is most of what the caches hold: kept off the V8 heap (see Codec).
  const renderLevel1 = new BoundedCache<EmittedTarget>({
    maxBytes: budget('render'),
    ttlMs: config.cacheTtlMs,
    codec: messagePackCodec(),
    onEvent: (e) => metrics.cacheEvent('render', e),
  });
  const responses = new BoundedCache<MemoEntry>({
    maxBytes: budget('response'),
    ttlMs: config.cacheTtlMs,
    sizeOf: (key, entry) => 2 * key.length + ENCODED_ENTRY_OVERHEAD + entry.body.byteLength + 2 * entry.timing.length + 64 * entry.targets.length,
    onEvent: (e) => metrics.cacheEvent('response', e),
  });
  const renders = new TieredCache(renderLevel1, config.cacheTtlMs, options.secondLevel ?? null);
  const pool = new RenderPool({ ...config, filename: parts.workerFile }, {
    onWorkerError: (error) => log.error({ err: error }, 'render worker failed'),
    onTermination: (reason) => {
      metrics.workerTerminations.inc({ reason });
      log.warn({ reason }, 'render worker terminated and replaced');
    },
  });
  const breakers = new TargetBreakers(
    TARGET_NAMES,
    {
      threshold: config.breakerThreshold,
      windowMs: config.breakerWindowMs,
      minCalls: config.breakerMinCalls,
      cooldownMs: config.breakerCooldownMs,
    },
    (error) => error instanceof TaskError && (error.failure === 'timeout' || error.failure === 'failed'),
    (target, state) => {
      metrics.breakerTransitions.inc({ target, state });
      log.warn({ target, state }, 'circuit breaker changed state');
    },
  );
  const limiter = new AdaptiveLimiter({
    ...DEFAULT_LIMITER_OPTIONS,
    initialLimit: config.limiterInitial,
    minLimit: config.limiterMin,
    maxLimit: config.limiterMax,
    tolerance: config.limiterTolerance,
  });
  metrics.attach({
    pool: () => pool.stats(),
    limiter: () => limiter.snapshot(),
    cache: (level) => ({ source: sources, render: renderLevel1, response: responses })[level].stats(),
    breakers: () => breakers.snapshot(),
  });
  const renderer = new Renderer({ sources, renders, pool, breakers, limiter, metrics, limits: config.languageLimits });
  return { metrics, responses, sources, renders, pool, breakers, limiter, renderer, loop: new LoopGauge(), close: () => pool.close() };
}
