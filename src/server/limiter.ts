// Adaptive concurrency limit in the style of Netflix's concurrency-limits Gradient2: the limit
// follows the ratio between a long-term latency baseline and the latest latency. While latency
// stays near the baseline the limit grows (by about sqrt(limit) per sample, smoothed); when it
// rises past `tolerance` × baseline the limit shrinks in proportion; a dropped request (timeout,
// overload, crash) cuts it multiplicatively as in AIMD. Requests over the limit are refused at
// once so the caller can shed them instead of letting them queue into a latency cliff. Live
// sessions are the exception (`acquire`): each waits for at most one permit and merges the
// changes that arrive meanwhile, so their waiting never piles up work. A permit stands for one
// render: a batch takes one per item that needs a worker (`tryAcquireMany`), all or none, and
// each gives its own latency sample, so a batch counts as the renders it is.
//
// The limiter is pure bookkeeping: no timers, no clock. The caller measures latency.

export interface LimiterOptions {
  readonly initialLimit: number;
  readonly minLimit: number;
  readonly maxLimit: number;
  /** Latency may reach `tolerance` × baseline before the limit is cut (Gradient2's rttTolerance). */
  readonly tolerance: number;
  /** Weight of each new limit estimate, 0..1. */
  readonly smoothing: number;
  /** Samples averaged into the long-term baseline. */
  readonly longWindow: number;
  /** Samples averaged into the short-term latency. */
  readonly shortWindow: number;
  /** Multiplier applied to the limit on a dropped request. */
  readonly backoffRatio: number;
}

export const DEFAULT_LIMITER_OPTIONS: Omit<LimiterOptions, 'initialLimit' | 'minLimit' | 'maxLimit'> = {
  tolerance: 2,
  smoothing: 0.2,
  longWindow: 600,
  shortWindow: 5,
  backoffRatio: 0.9,
};

export type SampleOutcome =
  /** Completed normally: its latency is a sample. */
  | 'success'
  /** Timed out, shed downstream or crashed: a congestion signal. */
  | 'dropped'
  /** Says nothing about capacity (e.g. the client went away): no sample. */
  | 'ignore';

export interface Permit {
  /** Give the slot back; call exactly once. */
  release(outcome: SampleOutcome, latencyMs: number): void;
}

export interface LimiterSnapshot {
  readonly limit: number;
  readonly inflight: number;
  readonly baselineMs: number | null;
  readonly recentMs: number | null;
}

export class AdaptiveLimiter {
  private estimate: number;
  private inflightCount = 0;
  private readonly longRtt: Ema;
  private readonly shortRtt: Ema;
  /** Callers of acquire() waiting for a permit, first come first served. */
  private readonly waiters: ((permit: Permit) => void)[] = [];

  constructor(private readonly options: LimiterOptions) {
    if (!(options.minLimit >= 1 && options.minLimit <= options.initialLimit && options.initialLimit <= options.maxLimit)) {
      throw new RangeError('limiter needs 1 <= minLimit <= initialLimit <= maxLimit');
    }
    this.estimate = options.initialLimit;
    this.longRtt = new Ema(options.longWindow);
    this.shortRtt = new Ema(options.shortWindow);
  }

  /** The current limit: how many permits may be out at once. */
  get limit(): number {
    return Math.floor(this.estimate);
  }

  get inflight(): number {
    return this.inflightCount;
  }

  /** A permit, or null when the limit is reached and the request should be shed. */
  tryAcquire(): Permit | null {
    return this.inflightCount < this.limit && this.waiters.length === 0 ? this.grant() : null;
  }

  /**
   * `count` permits at once, or null (none taken) when they do not fit under the limit. An idle
   * limiter admits any count, so a batch larger than the current limit is never shed forever.
   */
  tryAcquireMany(count: number): Permit[] | null {
    const fits = this.inflightCount + count <= this.limit || this.inflightCount === 0;
    return fits && this.waiters.length === 0 ? Array.from({ length: count }, () => this.grant()) : null;
  }

  /** A permit as soon as one is free: handed over by the next release, in order of asking. */
  acquire(): Promise<Permit> {
    const now = this.tryAcquire();
    if (now) return Promise.resolve(now);
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  get waiting(): number {
    return this.waiters.length;
  }

  private grant(): Permit {
    this.inflightCount++;
    let released = false;
    return {
      release: (outcome, latencyMs) => {
        if (released) throw new Error('permit released twice');
        released = true;
        const inflight = this.inflightCount;
        this.inflightCount--;
        if (outcome === 'dropped') this.onDrop();
        else if (outcome === 'success') this.onSample(latencyMs, inflight);
        while (this.waiters.length > 0 && this.inflightCount < this.limit) this.waiters.shift()!(this.grant());
      },
    };
  }

  snapshot(): LimiterSnapshot {
    return { limit: this.limit, inflight: this.inflightCount, baselineMs: this.longRtt.value, recentMs: this.shortRtt.value };
  }

  private onDrop(): void {
    this.estimate = this.clamp(this.estimate * this.options.backoffRatio);
  }

  /** `inflight`: permits out when this one came back, itself included. */
  private onSample(rttMs: number, inflight: number): void {
    const rtt = Math.max(rttMs, 0.001);
    const short = this.shortRtt.add(rtt);
    let long = this.longRtt.add(rtt);
    // After a load spike the baseline has drifted up; pull it back so it tracks the recovery
    // (Gradient2 does the same when long / short > 2).
    if (long / short > 2) long = this.longRtt.scale(0.95);
    // A server using less than half its limit learns nothing about capacity from this sample.
    if (inflight * 2 < this.estimate) return;
    const gradient = Math.max(0.5, Math.min(1, (this.options.tolerance * long) / short));
    const queueAllowance = Math.sqrt(this.estimate);
    const target = this.estimate * gradient + queueAllowance;
    this.estimate = this.clamp(this.estimate * (1 - this.options.smoothing) + target * this.options.smoothing);
  }

  private clamp(limit: number): number {
    return Math.min(this.options.maxLimit, Math.max(this.options.minLimit, limit));
  }
}

/** Exponential moving average over roughly `window` samples; the first sample seeds it. */
class Ema {
  private current: number | null = null;
  private readonly alpha: number;

  constructor(window: number) {
    this.alpha = 2 / (window + 1);
  }

  get value(): number | null {
    return this.current;
  }

  add(x: number): number {
    this.current = this.current === null ? x : this.current + this.alpha * (x - this.current);
    return this.current;
  }

  scale(factor: number): number {
    this.current = (this.current ?? 0) * factor;
    return this.current;
  }
}
