// The render service behind the routes: cache lookups on the main thread, admission through the
// adaptive limiter, one worker job per target under that target's circuit breaker (the pool
// sends a request's jobs as one task), and in-flight de-duplication of identical jobs. See
// docs/api.md "Caching".

import type { Diagnostic } from '../diagnostics.js';
import type { Flags, Reason, TargetName } from '../targets/target.js';
import type { Limits } from '../lang/limits.js';
import { BreakerOpenError, type TargetBreakers } from './breakers.js';
import type { Cancellation } from './cancel.js';
import type { BoundedCache, TieredCache } from './cache.js';
import { InflightJobs, type CancellableJob } from './inflight.js';
import { jobKey, renderKey, sourceKey } from './keys.js';
import type { AdaptiveLimiter, Permit, SampleOutcome } from './limiter.js';
import type { CacheOutcome, ServerMetrics } from './metrics.js';
import { TaskError, type RenderPool, type TaskHandle } from './pool/pool.js';
import type { EmittedTarget, Fault, RawParamValues } from './pool/protocol.js';
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

type ValidFront = Extract<FrontEntry, { kind: 'valid' }>;

/** `cancelled`: every client waiting for it went away before a worker picked it up (never seen by a client). */
export type TargetStatus = 'ok' | 'unsupported' | 'unavailable' | 'timeout' | 'error' | 'overloaded' | 'cancelled';

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
      /** In the requested order. */
      readonly targets: readonly TargetOutcome[];
    };

/** The limiter refused the work: answer 429 at once. */
export const SHED = Symbol('shed');

export interface RendererDeps {
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
      readonly front: ValidFront;
      readonly output: EmittedTarget;
      readonly cache: 'miss' | 'ir_hit' | 'bypass';
      readonly timings: TargetTimings;
    };

interface Plan {
  readonly request: RenderRequest;
  readonly sourceKey: string;
  readonly front: FrontEntry | undefined;
  /** Aligned with request.targets: the cached output, or undefined when it needs a worker. */
  readonly hits: readonly (EmittedTarget | undefined)[];
  readonly complete: boolean;
}

const NO_TIME: TargetTimings = { queue: 0, front: 0, emit: 0, total: 0 };

export class Renderer {
  private readonly jobs = new InflightJobs<JobResult>();

  constructor(private readonly deps: RendererDeps) {}

  /**
   * Render several requests, each that needs a worker under a concurrency permit of its own
   * (all granted or the whole call is shed). Requests answered entirely from the cache need no
   * permit and never leave the main thread. `clientGone` is asked for only when work goes to
   * the workers. `granted`: the permit of a single request, already held by the caller (it is
   * used or released either way).
   */
  async renderAll(requests: readonly RenderRequest[], clientGone: () => Cancellation, granted?: Permit): Promise<RenderOutcome[] | typeof SHED> {
    if (granted && requests.length !== 1) throw new Error('a granted permit covers a single request');
    const started = performance.now();
    const plans = requests.map((r) => this.plan(r));
    const needed = plans.filter((p) => !p.complete).length;
    if (needed === 0) {
      granted?.release('ignore', 0);
      return plans.map((p) => this.finish(p, [], started));
    }
    const permits = granted ? [granted] : this.deps.limiter.tryAcquireMany(needed);
    if (!permits) {
      this.deps.metrics.shed.inc({ reason: 'limiter' });
      return SHED;
    }
    const signal = clientGone();
    return Promise.all(plans.map((p) => (p.complete ? this.execute(p, signal, started) : this.executeUnder(permits.pop()!, p, signal, started))));
  }

  /** One request's renders under its permit, which gets the request's latency as its sample. */
  private async executeUnder(permit: Permit, plan: Plan, signal: Cancellation, started: number): Promise<RenderOutcome> {
    let outcome: SampleOutcome = 'ignore';
    try {
      const result = await this.execute(plan, signal, started);
      outcome = signal.aborted ? 'ignore' : sampleOutcome(result);
      return result;
    } finally {
      permit.release(outcome, performance.now() - started);
    }
  }

  private plan(request: RenderRequest): Plan {
    const { sources, renders } = this.deps;
    const key = sourceKey(request.code, request.flags.params, request.paramValues);
    const front = request.faults ? undefined : sources.get(key);
    const hits: (EmittedTarget | undefined)[] = [];
    let complete = front?.kind === 'invalid';
    if (front?.kind === 'valid') {
      complete = true;
      for (const target of request.targets) {
        const hit = renders.getLocal(renderKey(front.irKey, target, request.flags));
        hits.push(hit);
        if (!hit) complete = false;
      }
    }
    return { request, sourceKey: key, front, hits, complete };
  }

  private async execute(planned: Plan, signal: Cancellation, started: number): Promise<RenderOutcome> {
    const plan = await this.withSecondLevel(planned);
    if (plan.complete) return this.finish(plan, [], started);
    const jobs = plan.request.targets.map((t, i) => (plan.hits[i] ? null : this.renderTarget(plan, t, signal, started)));
    return this.finish(plan, await Promise.all(jobs), started);
  }

  /** What level 1 missed may be in the shared second level, when the source index knows the IR. */
  private async withSecondLevel(plan: Plan): Promise<Plan> {
    const { renders } = this.deps;
    const front = plan.front;
    if (plan.complete || !renders.hasSecondLevel || front?.kind !== 'valid') return plan;
    const { targets, flags } = plan.request;
    const hits = await Promise.all(targets.map((t, i) => plan.hits[i] ?? renders.get(renderKey(front.irKey, t, flags))));
    return { ...plan, hits, complete: hits.every((h) => h !== undefined) };
  }

  /** Assemble the outcome in the requested target order; `settled` is aligned with the targets. */
  private finish(plan: Plan, settled: readonly (Settled | null)[], started: number): RenderOutcome {
    let front = plan.front;
    if (front?.kind === 'invalid') return front;
    const targets: TargetOutcome[] = [];
    const { request, hits } = plan;
    for (let i = 0; i < request.targets.length; i++) {
      const hit = hits[i];
      const s = settled[i];
      if (hit) {
        // A hit did no render work: its timings are zero, so the answer is the same every time.
        targets.push(this.record(outputOutcome(request.targets[i]!, hit, 'hit', NO_TIME), performance.now() - started));
      } else if (s) {
        if (s.kind === 'invalid') return s;
        front ??= s.front ?? undefined;
        targets.push(s.outcome);
      }
    }
    return { kind: 'rendered', irKey: front?.irKey ?? null, diagnostics: front?.diagnostics ?? [], targets };
  }

  private async renderTarget(plan: Plan, target: TargetName, signal: Cancellation, started: number): Promise<Settled> {
    const { request } = plan;
    const { breakers, metrics } = this.deps;
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
        signal.addEventListener('abort', () => job.cancel());
        result = await job.promise;
      } else {
        const joined = this.jobs.join(jobKey(plan.sourceKey, target, request.flags), () => this.startJob(plan, target, null), signal);
        shared = joined.shared;
        result = await joined.promise;
      }
      if (result.kind === 'invalid') return result;
      if (shared) metrics.dedupShared.inc({ target });
      const timings = shared ? { ...result.timings, total: performance.now() - started } : result.timings;
      const outcome = this.record(outputOutcome(target, result.output, shared ? 'shared' : result.cache, timings));
      return { kind: 'target', outcome, front: result.front };
    } catch (error) {
      return { kind: 'target', outcome: this.record(failedOutcome(target, error, started)), front: null };
    }
  }

  /**
   * The worker job for one target (the pool sends the targets of one request as one task). The
   * source index learns the IR key and the render cache the output; an output whose render key
   * was already cached (a whitespace- or comment-only edit) counts as `ir_hit`.
   */
  private startJob(plan: Plan, target: TargetName, fault: Fault | null): CancellableJob<JobResult> {
    const { request, sourceKey: source } = plan;
    const { pool, breakers, renders, sources } = this.deps;
    const bypass = fault !== null;
    let handle: TaskHandle | null = null;
    let cancelled = false;

    const run = (): Promise<JobResult> => {
      if (cancelled) return Promise.reject(new TaskError('cancelled', 'every client waiting for this render went away'));
      const started = performance.now();
      handle = pool.run({ code: request.code, target, flags: request.flags, paramValues: request.paramValues, limits: this.deps.limits, fault });
      return handle.promise.then((result): JobResult => {
        const total = performance.now() - started;
        const timings = { ...result.timings, queue: Math.max(0, total - result.timings.front - result.timings.emit), total };
        if (result.kind === 'invalid') {
          if (!bypass) sources.set(source, { kind: 'invalid', diagnostics: result.diagnostics });
          return { kind: 'invalid', diagnostics: result.diagnostics };
        }
        const front: ValidFront = { kind: 'valid', irKey: result.irKey, diagnostics: result.diagnostics };
        if (bypass) return { kind: 'output', front, output: result.output, cache: 'bypass', timings };
        sources.set(source, front);
        const key = renderKey(result.irKey, target, request.flags);
        const known = renders.level1.has(key);
        renders.set(key, result.output);
        return { kind: 'output', front, output: result.output, cache: known ? 'ir_hit' : 'miss', timings };
      });
    };

    return {
      promise: breakers.execute(target, run),
      cancel: () => {
        cancelled = true;
        handle?.cancel();
      },
    };
  }

  private record(outcome: TargetOutcome, elapsedMs = outcome.timings.total): TargetOutcome {
    this.deps.metrics.targetRendered(outcome.target, outcome.status, degradedBy(outcome), outcome.cache, elapsedMs);
    return outcome;
  }
}

type Settled =
  | { readonly kind: 'invalid'; readonly diagnostics: readonly Diagnostic[] }
  | { readonly kind: 'target'; readonly outcome: TargetOutcome; readonly front: ValidFront | null };

/** The fallback reasons of a degraded render, else null (what the metrics count). */
export function degradedBy(outcome: TargetOutcome): readonly Reason[] | null {
  return outcome.output?.degraded ? outcome.output.reasons : null;
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
      case 'timeout': {
        const detail = `The ${target} render ran past its time limit and was stopped.`;
        return { ...base, status: 'timeout', problem: problem('render-timeout', detail, { target }) };
      }
      case 'overloaded': {
        const detail = `No worker was free to render ${target} in time.`;
        return { ...base, status: 'overloaded', problem: problem('overloaded', detail, { target }), retryAfterMs: 1000 };
      }
      case 'cancelled': {
        const detail = `The ${target} render was dropped: its clients went away.`;
        return { ...base, status: 'cancelled', problem: problem('overloaded', detail, { target }) };
      }
      case 'closed':
        return { ...base, status: 'unavailable', problem: problem('shutting-down', 'The server is shutting down.', { target }) };
      case 'failed':
        break;
    }
  }
  return { ...base, status: 'error', problem: problem('internal', `The ${target} renderer failed unexpectedly.`, { target }) };
}

function sampleOutcome(result: RenderOutcome): SampleOutcome {
  const congested = result.kind === 'rendered' && result.targets.some((t) => t.status === 'timeout' || t.status === 'overloaded' || t.status === 'error');
  return congested ? 'dropped' : 'success';
}
