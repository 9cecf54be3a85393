// One circuit breaker per target (cockatiel): when a target's renders keep failing or timing out
// within the window, its breaker opens and requests for that target are answered at once with
// `target-unavailable` until a trial render after the cooldown succeeds. Other targets never
// notice.

import { BrokenCircuitError, CircuitState, SamplingBreaker, circuitBreaker, handleWhen, type CircuitBreakerPolicy } from 'cockatiel';
import type { TargetName } from '../targets/target.js';

export type BreakerState = 'closed' | 'open' | 'half-open';

export interface BreakerOptions {
  /** Failure ratio within the window that opens the breaker, 0..1 exclusive. */
  readonly threshold: number;
  readonly windowMs: number;
  /** Calls within the window before the ratio counts. */
  readonly minCalls: number;
  /** Open time before one trial call is let through. */
  readonly cooldownMs: number;
}

/** Thrown instead of running the call while a target's breaker is open. */
export class BreakerOpenError extends Error {
  constructor(
    readonly target: TargetName,
    readonly retryAfterMs: number,
  ) {
    super(`the ${target} renderer failed repeatedly; it is paused for ${Math.ceil(retryAfterMs / 1000)} s`);
  }
}

interface TargetBreaker {
  readonly policy: CircuitBreakerPolicy;
  openedAt: number;
}

export class TargetBreakers {
  private readonly breakers = new Map<TargetName, TargetBreaker>();

  constructor(
    targets: readonly TargetName[],
    private readonly options: BreakerOptions,
    /** Decides which errors count against the target (timeouts, crashes), and which do not (overload, cancellation). */
    isTargetFault: (error: Error) => boolean,
    onStateChange: (target: TargetName, state: BreakerState) => void = () => {},
  ) {
    for (const target of targets) {
      const policy = circuitBreaker(handleWhen(isTargetFault), {
        halfOpenAfter: options.cooldownMs,
        breaker: new SamplingBreaker({
          threshold: options.threshold,
          duration: options.windowMs,
          minimumRps: options.minCalls / (options.windowMs / 1000),
        }),
      });
      const entry: TargetBreaker = { policy, openedAt: 0 };
      policy.onBreak(() => (entry.openedAt = Date.now()));
      policy.onStateChange((state) => onStateChange(target, toBreakerState(state)));
      this.breakers.set(target, entry);
    }
  }

  async execute<T>(target: TargetName, fn: () => Promise<T>): Promise<T> {
    const entry = this.get(target);
    try {
      return await entry.policy.execute(fn);
    } catch (error) {
      if (error instanceof BrokenCircuitError) throw new BreakerOpenError(target, this.retryAfterMs(entry));
      throw error;
    }
  }

  state(target: TargetName): BreakerState {
    return toBreakerState(this.get(target).policy.state);
  }

  /** True when a call would be refused without running. */
  isOpen(target: TargetName): boolean {
    const entry = this.get(target);
    return entry.policy.state === CircuitState.Open && this.retryAfterMs(entry) > 0;
  }

  retryAfter(target: TargetName): number {
    return this.retryAfterMs(this.get(target));
  }

  snapshot(): Record<string, BreakerState> {
    return Object.fromEntries([...this.breakers.keys()].map((t) => [t, this.state(t)]));
  }

  private retryAfterMs(entry: TargetBreaker): number {
    return Math.max(0, entry.openedAt + this.options.cooldownMs - Date.now());
  }

  private get(target: TargetName): TargetBreaker {
    const entry = this.breakers.get(target);
    if (!entry) throw new Error(`no breaker for target ${target}`);
    return entry;
  }
}

function toBreakerState(state: CircuitState): BreakerState {
  if (state === CircuitState.Closed) return 'closed';
  if (state === CircuitState.HalfOpen) return 'half-open';
  return 'open';
}
