// Prometheus metrics, one registry per server instance: prom-client for most, hot-metrics.ts for
// the handful updated on every request. Names are `codelive_*` with the unit in the name;
// docs/operations.md has the table and the alerts built on them.

import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { BreakerState } from './breakers.js';
import { HotCounter, HotHistogram } from './hot-metrics.js';
import type { CacheEvent, CacheStats } from './cache.js';
import type { LimiterSnapshot } from './limiter.js';
import type { PoolStats } from './pool/pool.js';
import type { Reason } from '../targets/target.js';

/** How an HTTP answer counts in success-rate dashboards. `degraded` is a 200 with a sequential fallback. */
export type StatusClass = 'success' | 'degraded' | 'rate_limit' | 'client_error' | 'server_error';

/** How one target's render was answered. */
export type CacheOutcome = 'hit' | 'ir_hit' | 'shared' | 'miss' | 'bypass';

export type CacheLevel = 'source' | 'render' | 'response';

/** Live figures read at scrape time. */
export interface MetricSources {
  pool(): PoolStats;
  limiter(): LimiterSnapshot;
  cache(level: CacheLevel): CacheStats;
  breakers(): Record<string, BreakerState>;
}

const LATENCY_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const CACHE_LEVELS: readonly CacheLevel[] = ['response', 'source', 'render'];
const BREAKER_VALUE: Record<BreakerState, number> = { closed: 0, 'half-open': 1, open: 2 };

export class ServerMetrics {
  readonly registry = new Registry();
  private sources: MetricSources | null = null;
  private liveSessions: (() => { attached: number; detached: number }) | null = null;

  readonly httpRequests = new HotCounter(
    'codelive_http_requests_total',
    'HTTP requests answered, by route, method and status class.',
    ['route', 'method', 'class'],
  );
  readonly httpDuration = new HotHistogram(
    'codelive_http_request_duration_seconds',
    'Time from request received to response sent.',
    ['route', 'class'],
    LATENCY_BUCKETS,
  );
  readonly activeRequests = new Gauge({
    name: 'codelive_http_active_requests',
    help: 'Requests being handled now.',
    registers: [this.registry],
  });
  readonly renderDuration = new HotHistogram(
    'codelive_render_duration_seconds',
    'Latency of one target render as the client saw it, by target and cache outcome.',
    ['target', 'cache'],
    LATENCY_BUCKETS,
  );
  readonly renders = new HotCounter(
    'codelive_renders_total',
    'Target renders, by outcome (ok, degraded, unsupported, unavailable, timeout, error, overloaded, cancelled).',
    ['target', 'outcome'],
  );
  readonly fallbacks = new Counter({
    name: 'codelive_render_fallbacks_total',
    help: 'Degraded renders (a sequential fallback), by target and reason code.',
    labelNames: ['target', 'reason'] as const,
    registers: [this.registry],
  });
  readonly cacheHits = new HotCounter(
    'codelive_cache_hits_total',
    'Cache lookups that hit, by level (response: exact request; source: exact source; render: canonical IR + target + flags).',
    ['level'],
  );
  readonly cacheMisses = new HotCounter('codelive_cache_misses_total', 'Cache lookups that missed, by level.', ['level']);
  readonly cacheEvictions = new Counter({
    name: 'codelive_cache_evictions_total',
    help: 'Entries dropped from the cache, by level and reason (evict: size bound; expire: TTL).',
    labelNames: ['level', 'reason'] as const,
    registers: [this.registry],
  });
  readonly dedupShared = new Counter({
    name: 'codelive_render_dedup_shared_total',
    help: 'Target renders answered by joining an identical render already in flight.',
    labelNames: ['target'] as const,
    registers: [this.registry],
  });
  readonly breakerTransitions = new Counter({
    name: 'codelive_breaker_transitions_total',
    help: 'Circuit breaker state changes, by target and new state.',
    labelNames: ['target', 'state'] as const,
    registers: [this.registry],
  });
  readonly shed = new Counter({
    name: 'codelive_shed_total',
    help: 'Requests refused with 429 overloaded, by reason (limiter: over the adaptive limit; queue: no worker in time).',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });
  readonly workerTerminations = new Counter({
    name: 'codelive_worker_terminations_total',
    help: 'Render workers terminated and replaced, by reason (timeout, failed).',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });
  readonly batchSize = new Histogram({
    name: 'codelive_batch_size_items',
    help: 'Items per POST /v1/render/batch.',
    buckets: [1, 2, 3, 5, 8, 10, 15, 20, 50, 100],
    registers: [this.registry],
  });
  readonly glitchActivations = new Counter({
    name: 'codelive_glitch_activations_total',
    help: 'Injected faults that fired (test faults now, glitch mode later), by target and kind.',
    labelNames: ['target', 'kind'] as const,
    registers: [this.registry],
  });

  readonly liveMessages = new Counter({
    name: 'codelive_live_messages_total',
    help: 'Live protocol messages received, by type.',
    labelNames: ['type'] as const,
    registers: [this.registry],
  });
  readonly liveErrors = new Counter({
    name: 'codelive_live_errors_total',
    help: 'Live protocol error frames sent, by code.',
    labelNames: ['code'] as const,
    registers: [this.registry],
  });
  readonly liveRenderCycles = new Counter({
    name: 'codelive_live_render_cycles_total',
    help: 'Coalesced live renders (one per burst of changes); divide by change messages for renders per event.',
    registers: [this.registry],
  });
  readonly liveRendersSent = new Counter({
    name: 'codelive_live_renders_total',
    help: 'Live render frames produced (one per target per render cycle).',
    registers: [this.registry],
  });
  readonly liveRendersDropped = new Counter({
    name: 'codelive_live_dropped_total',
    help: 'Live frames superseded before a slow client could take them, by message type.',
    labelNames: ['type'] as const,
    registers: [this.registry],
  });
  readonly liveEditToRender = new Histogram({
    name: 'codelive_live_edit_to_render_seconds',
    help: 'From the first change of a coalesced burst to its render being ready (coalescing window included).',
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });
  readonly livePredictions = new Counter({
    name: 'codelive_live_predictions_total',
    help: 'Param-driven live renders in baked mode, by whether prediction had pre-rendered that state (hit, miss).',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });
  readonly livePrerenders = new Counter({
    name: 'codelive_live_prerenders_total',
    help: 'Neighbouring param states pre-rendered by prediction.',
    registers: [this.registry],
  });

  constructor() {
    const self = this;
    const live = (): MetricSources => {
      if (!self.sources) throw new Error('metric sources not attached');
      return self.sources;
    };
    new Gauge({
      name: 'codelive_limiter_limit',
      help: 'Current adaptive concurrency limit (requests that may use the workers at once).',
      registers: [this.registry],
      collect() {
        this.set(live().limiter().limit);
      },
    });
    new Gauge({
      name: 'codelive_limiter_inflight',
      help: 'Requests holding a concurrency permit.',
      registers: [this.registry],
      collect() {
        this.set(live().limiter().inflight);
      },
    });
    new Gauge({
      name: 'codelive_queue_depth',
      help: 'Renders waiting for a worker.',
      registers: [this.registry],
      collect() {
        this.set(live().pool().queued);
      },
    });
    new Gauge({
      name: 'codelive_workers',
      help: 'Render worker threads, by state (total, busy).',
      labelNames: ['state'] as const,
      registers: [this.registry],
      collect() {
        const pool = live().pool();
        this.set({ state: 'total' }, pool.threads);
        this.set({ state: 'busy' }, pool.running);
      },
    });
    new Gauge({
      name: 'codelive_cache_entries',
      help: 'Entries in the in-process cache, by level.',
      labelNames: ['level'] as const,
      registers: [this.registry],
      collect() {
        for (const level of CACHE_LEVELS) this.set({ level }, live().cache(level).entries);
      },
    });
    new Gauge({
      name: 'codelive_cache_bytes',
      help: 'Approximate bytes held by the in-process cache, by level.',
      labelNames: ['level'] as const,
      registers: [this.registry],
      collect() {
        for (const level of CACHE_LEVELS) this.set({ level }, live().cache(level).bytes);
      },
    });
    new Gauge({
      name: 'codelive_breaker_state',
      help: 'Circuit breaker state per target: 0 closed, 1 half-open, 2 open.',
      labelNames: ['target'] as const,
      registers: [this.registry],
      collect() {
        for (const [target, state] of Object.entries(live().breakers())) this.set({ target }, BREAKER_VALUE[state]);
      },
    });
    new Gauge({
      name: 'codelive_live_sessions',
      help: 'Live sessions, by state (attached: connected; detached: awaiting resume).',
      labelNames: ['state'] as const,
      registers: [this.registry],
      collect() {
        const counts = self.liveSessions?.() ?? { attached: 0, detached: 0 };
        this.set({ state: 'attached' }, counts.attached);
        this.set({ state: 'detached' }, counts.detached);
      },
    });
    // Process CPU, memory, GC and event-loop lag (codelive_nodejs_eventloop_lag_*_seconds).
    collectDefaultMetrics({ register: this.registry, prefix: 'codelive_', eventLoopMonitoringPrecision: 10 });
  }

  /** The Prometheus text exposition of every metric. */
  async exposition(): Promise<string> {
    const hot = [this.httpRequests, this.httpDuration, this.renderDuration, this.renders, this.cacheHits, this.cacheMisses];
    return (await this.registry.metrics()) + hot.map((m) => m.exposition()).join('');
  }

  attach(sources: MetricSources): void {
    this.sources = sources;
  }

  attachLive(sessions: () => { attached: number; detached: number }): void {
    this.liveSessions = sessions;
  }

  /** One target's render answered: outcome counters, fallbacks (`degradedBy`: a degraded render's reasons, else null), latency. */
  targetRendered(target: string, status: string, degradedBy: readonly Reason[] | null, cache: CacheOutcome, totalMs: number): void {
    const degraded = status === 'ok' && degradedBy !== null;
    this.renders.inc(target, degraded ? 'degraded' : status);
    if (degraded) for (const r of degradedBy) this.fallbacks.inc({ target, reason: r.code });
    if (status === 'overloaded') this.shed.inc({ reason: 'queue' });
    this.renderDuration.observe(totalMs / 1000, target, cache);
  }

  cacheEvent(level: CacheLevel, event: CacheEvent): void {
    if (event === 'hit') this.cacheHits.inc(level);
    else if (event === 'miss') this.cacheMisses.inc(level);
    else this.cacheEvictions.inc({ level, reason: event });
  }
}

export function statusClass(status: number, degraded: boolean): StatusClass {
  if (status === 429) return 'rate_limit';
  if (status >= 500) return 'server_error';
  if (status >= 400) return 'client_error';
  return degraded ? 'degraded' : 'success';
}
