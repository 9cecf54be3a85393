// The render service behind the routes: cache lookups on the main thread, admission through the
// adaptive limiter, one worker task per target under that target's circuit breaker, and
// in-flight de-duplication at the source level and at the IR level. See docs/api.md "Caching".

import type { Diagnostic } from '../diagnostics.js';
import type { Flags, TargetName } from '../targets/target.js';
import type { Limits } from '../lang/limits.js';
import { BreakerOpenError, type TargetBreakers } from './breakers.js';
import type { BoundedCache, TieredCache } from './cache.js';
import { InflightJobs, type CancellableJob } from './inflight.js';
import type { KeyHasher } from './keys.js';
import type { AdaptiveLimiter, SampleOutcome } from './limiter.js';
import type { CacheOutcome, ServerMetrics } from './metrics.js';
import { TaskError, type RenderPool, type TaskHandle } from './pool/pool.js';
import type { EmittedTarget, Fault, RawParamValues, RenderTaskResult } from './pool/protocol.js';
import { problem, type Problem } from './problem.js';

export interface RenderRequest {
  readonly code: string;
  readonly targets: readonly TargetName[];
  readonly flags: Flags;
  readonly paramValues: RawParamValues;
  /** Test builds only; a request with faults bypasses the cache and de-duplication. */
  readonly faults: Readonly<Partial<Record<TargetName, Fault>>> | null;
}

/** What the front end made of a source: remembered per source key. */
export type FrontEntry =
  | { readonly kind: 'invalid'; readonly diagnostics: readonly Diagnostic[] }
  | { readonly kind: 'valid'; readonly irKey: string; readonly diagnostics: readonly Diagnostic[] };

export type TargetStatus = 'ok' | 'unsupported' | 'unavailable' | 'timeout' | 'error' | 'overloaded';

/** Milliseconds. `queue` covers waiting for a worker and the hops to and from it. */
export interface TargetTimings {
  readonly queue: number;
  readonly front: number;
  readonly emit: number;
  readonly total: number;
}

export interface TargetOutcome {
  readonly target: TargetName;
  readonly status: TargetStatus;
  /** Present for ok (code) and unsupported (diagnostics). */
  readonly output: EmittedTarget | null;
  readonly cache: CacheOutcome;
  readonly timings: TargetTimings;
  /** Present when the target has no output: why, as a problem object. */
  readonly problem: Problem | null;
  readonly retryAfterMs: number;
}

export type RenderOutcome =
  | { readonly kind: 'invalid'; readonly diagnostics: readonly Diagnostic[] }
  | {
      readonly kind: 'rendered';
      readonly irKey: string | null;
      /** Front-end warnings. */
      readonly diagnostics: readonly Diagnostic[];
      readonly targets: readonly TargetOutcome[];
    };

/** The limiter refused the work: answer 429 at once. */
export const SHED = Symbol('shed');

export interface RendererDeps {
  readonly keys: KeyHasher;
  readonly sources: BoundedCache<FrontEntry>;
  readonly renders: TieredCache<EmittedTarget>;
  readonly pool: RenderPool;
  readonly breakers: TargetBreakers;
  readonly limiter: AdaptiveLimiter;
  readonly metrics: ServerMetrics;
  readonly limits: Partial<Limits>;
}

/** One target's result from a worker job, before it is shaped for a particular caller. */
type JobResult =
  | { readonly kind: 'invalid'; readonly diagnostics: readonly Diagnostic[] }
  | {
      readonly kind: 'output';
      readonly irKey: string;
      readonly diagnostics: readonly Diagnostic[];
      readonly output: EmittedTarget;
      readonly cache: 'miss' | 'ir_hit' | 'bypass';
      readonly timings: TargetTimings;
    };

type Settled =
  | { readonly kind: 'invalid'; readonly diagnostics: readonly Diagnostic[] }
  | { readonly kind: 'target'; readonly outcome: TargetOutcome; readonly front: Extract<FrontEntry, { kind: 'valid' }> | null };

interface Plan {
  readonly request: RenderRequest;
  readonly sourceKey: string;
  readonly front: FrontEntry | undefined;
  readonly hits: ReadonlyMap<TargetName, EmittedTarget>;
  readonly pending: readonly TargetName[];
}

const NO_TIME: TargetTimings = { queue: 0, front: 0, emit: 0, total: 0 };

export class Renderer {
  private readonly jobs = new InflightJobs<JobResult>();
  /** IR-level de-duplication: render key → the output a running job is about to emit. */
  private readonly emitting = new Map<string, Promise<EmittedTarget>>();

  constructor(private readonly deps: RendererDeps) {}

  /**
   * Render several requests under one concurrency permit. Requests answered entirely from the
   * cache need no permit and never leave the main thread.
   */
  async renderAll(requests: readonly RenderRequest[], signal: AbortSignal): Promise<RenderOutcome[] | typeof SHED> {
    const started = performance.now();
    const plans = requests.map((r) => this.plan(r));
    if (plans.every((p) => p.front?.kind === 'invalid' || p.pending.length === 0)) {
      return plans.map((p) => this.finish(p, [], started));
    }
    const permit = this.deps.limiter.tryAcquire();
    if (!permit) {
      this.deps.metrics.shed.inc({ reason: 'limiter' });
      return SHED;
    }
    let outcome: SampleOutcome = 'ignore';
    try {
      const results = await Promise.all(plans.map((p) => this.execute(p, signal, started)));
      outcome = signal.aborted ? 'ignore' : sampleOutcome(results);
      return results;
    } finally {
      permit.release(outcome, performance.now() - started);
    }
  }

  private plan(request: RenderRequest): Plan {
    const { keys, sources, renders } = this.deps;
    const sourceKey = keys.sourceKey(request.code, request.flags.params, request.paramValues);
    const front = request.faults ? undefined : sources.get(sourceKey);
    const hits = new Map<TargetName, EmittedTarget>();
    if (front?.kind === 'valid') {
      for (const target of request.targets) {
        const hit = renders.getLocal(keys.renderKey(front.irKey, target, request.flags));
        if (hit) hits.set(target, hit);
      }
    }
    return { request, sourceKey, front, hits, pending: request.targets.filter((t) => !hits.has(t)) };
  }

  private async execute(plan: Plan, signal: AbortSignal, started: number): Promise<RenderOutcome> {
    if (plan.front?.kind === 'invalid') return this.finish(plan, [], started);
    const settled = await Promise.all(plan.pending.map((t) => this.renderTarget(plan, t, signal, started)));
    return this.finish(plan, settled, started);
  }

  /** Assemble the outcome in the requested target order. */
  private finish(plan: Plan, settled: readonly Settled[], started: number): RenderOutcome {
    let front = plan.front;
    const rendered = new Map<TargetName, TargetOutcome>();
    for (const s of settled) {
      if (s.kind === 'invalid') return s;
      rendered.set(s.outcome.target, s.outcome);
      front ??= s.front ?? undefined;
    }
    if (front?.kind === 'invalid') return front;
    const targets = plan.request.targets.map((target) => {
      const hit = plan.hits.get(target);
      if (hit) return this.record(outputOutcome(target, hit, 'hit', { ...NO_TIME, total: performance.now() - started }));
      const outcome = rendered.get(target);
      if (!outcome) throw new Error(`no outcome for target ${target}`);
      return outcome;
    });
    return { kind: 'rendered', irKey: front?.irKey ?? null, diagnostics: front?.diagnostics ?? [], targets };
  }

  private async renderTarget(
    plan: Plan,
    target: TargetName,
    signal: AbortSignal,
    started: number,
  ): Promise<Settled> {
    const { request } = plan;
    const { breakers, keys, metrics } = this.deps;
    if (breakers.isOpen(target)) {
      const open = new BreakerOpenError(target, breakers.retryAfter(target));
      return { kind: 'target', outcome: this.record(failedOutcome(target, open, started)), front: null };
    }
    const fault = request.faults?.[target] ?? null;
    try {
      let result: JobResult;
      let shared = false;
      if (fault) {
        metrics.glitchActivations.inc({ target, kind: fault.split(':')[0]! });
        const job = this.startJob(plan, target, fault);
        signal.addEventListener('abort', () => job.cancel(), { once: true });
        result = await job.promise;
      } else {
        const joined = this.jobs.join(keys.jobKey(plan.sourceKey, target, request.flags), () => this.startJob(plan, target, null), signal);
        shared = joined.shared;
        result = await joined.promise;
      }
      if (result.kind === 'invalid') return result;
      if (shared) metrics.dedupShared.inc({ target });
      const timings = shared ? { ...result.timings, total: performance.now() - started } : result.timings;
      const outcome = this.record(outputOutcome(target, result.output, shared ? 'shared' : result.cache, timings));
      return { kind: 'target', outcome, front: { kind: 'valid', irKey: result.irKey, diagnostics: result.diagnostics } };
    } catch (error) {
      return { kind: 'target', outcome: this.record(failedOutcome(target, error, started)), front: null };
    }
  }

  private startJob(plan: Plan, target: TargetName, fault: Fault | null): CancellableJob<JobResult> {
    const { request, sourceKey } = plan;
    const { keys, pool, breakers, renders, sources } = this.deps;
    const bypass = fault !== null;
    let handle: TaskHandle | null = null;
    let cancelled = false;
    let known: Promise<EmittedTarget> | null = null;
    let emitting: { key: string; resolve(o: EmittedTarget): void; reject(e: unknown): void } | null = null;

    const onAnalysed = async (irKey: string): Promise<boolean> => {
      if (bypass) return true;
      const renderKey = keys.renderKey(irKey, target, request.flags);
      const cached = await renders.get(renderKey);
      if (cached) {
        known = Promise.resolve(cached);
        return false;
      }
      const inFlight = this.emitting.get(renderKey);
      if (inFlight) {
        known = inFlight;
        return false;
      }
      emitting = { key: renderKey, ...deferred(renderKey, this.emitting) };
      return true;
    };

    const run = async (): Promise<JobResult> => {
      if (cancelled) throw new TaskError('cancelled', 'every client waiting for this render went away');
      const t0 = performance.now();
      handle = pool.run(
        { code: request.code, target, flags: request.flags, paramValues: request.paramValues, limits: this.deps.limits, fault },
        onAnalysed,
      );
      try {
        const result: RenderTaskResult = await handle.promise;
        const total = performance.now() - t0;
        const timings = { ...result.timings, queue: Math.max(0, total - result.timings.front - result.timings.emit), total };
        if (result.kind === 'invalid') {
          if (!bypass) sources.set(sourceKey, { kind: 'invalid', diagnostics: result.diagnostics });
          return { kind: 'invalid', diagnostics: result.diagnostics };
        }
        if (!bypass) sources.set(sourceKey, { kind: 'valid', irKey: result.irKey, diagnostics: result.diagnostics });
        if (result.kind === 'known') {
          if (!known) throw new Error('worker skipped emitting without being told to');
          return { kind: 'output', irKey: result.irKey, diagnostics: result.diagnostics, output: await known, cache: 'ir_hit', timings };
        }
        if (emitting) {
          renders.set(emitting.key, result.output);
          emitting.resolve(result.output);
        }
        return { kind: 'output', irKey: result.irKey, diagnostics: result.diagnostics, output: result.output, cache: bypass ? 'bypass' : 'miss', timings };
      } catch (error) {
        emitting?.reject(error);
        throw error;
      }
    };

    return {
      promise: breakers.execute(target, run),
      cancel: () => {
        cancelled = true;
        handle?.cancel();
      },
    };
  }

  private record(outcome: TargetOutcome): TargetOutcome {
    const { metrics } = this.deps;
    const { target, status, output } = outcome;
    const label = status === 'ok' && output?.degraded ? 'degraded' : status;
    metrics.renders.inc({ target, outcome: label });
    if (status === 'ok' && output?.degraded) for (const r of output.reasons) metrics.fallbacks.inc({ target, reason: r.code });
    metrics.renderDuration.observe({ target, cache: outcome.cache }, outcome.timings.total / 1000);
    if (status === 'overloaded') metrics.shed.inc({ reason: 'queue' });
    return outcome;
  }
}

/** A promise registered under `key` in `registry` until it settles. */
function deferred(
  key: string,
  registry: Map<string, Promise<EmittedTarget>>,
): { resolve(o: EmittedTarget): void; reject(e: unknown): void } {
  let resolve!: (o: EmittedTarget) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<EmittedTarget>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  promise.catch(() => {}); // nobody may be waiting; the emitting job reports the error itself
  registry.set(key, promise);
  const forget = (): void => {
    if (registry.get(key) === promise) registry.delete(key);
  };
  promise.then(forget, forget);
  return { resolve, reject };
}

function outputOutcome(target: TargetName, output: EmittedTarget, cache: CacheOutcome, timings: TargetTimings): TargetOutcome {
  const status: TargetStatus = output.diagnostics.length > 0 ? 'unsupported' : 'ok';
  return { target, status, output, cache, timings, problem: null, retryAfterMs: 0 };
}

function failedOutcome(target: TargetName, error: unknown, started: number): TargetOutcome {
  const timings = { ...NO_TIME, total: performance.now() - started };
  const base = { target, output: null, cache: 'miss' as const, timings, retryAfterMs: 0 };
  if (error instanceof BreakerOpenError) {
    return {
      ...base,
      status: 'unavailable',
      problem: problem('target-unavailable', error.message, { target, retryAfter: Math.ceil(error.retryAfterMs / 1000) }),
      retryAfterMs: error.retryAfterMs,
    };
  }
  if (error instanceof TaskError) {
    switch (error.failure) {
      case 'timeout':
        return { ...base, status: 'timeout', problem: problem('render-timeout', `The ${target} render ran past its time limit and was stopped.`, { target }) };
      case 'overloaded':
      case 'cancelled':
        return { ...base, status: 'overloaded', problem: problem('overloaded', `No worker was free to render ${target} in time.`, { target }), retryAfterMs: 1000 };
      case 'closed':
        return { ...base, status: 'unavailable', problem: problem('shutting-down', 'The server is shutting down.', { target }) };
      case 'failed':
        break;
    }
  }
  return { ...base, status: 'error', problem: problem('internal', `The ${target} renderer failed unexpectedly.`, { target }) };
}

function sampleOutcome(results: readonly RenderOutcome[]): SampleOutcome {
  const congested = results.some(
    (r) => r.kind === 'rendered' && r.targets.some((t) => t.status === 'timeout' || t.status === 'overloaded' || t.status === 'error'),
  );
  return congested ? 'dropped' : 'success';
}
