// What the main thread and a render worker exchange. One task renders one source for one or more
// targets — the targets of one request that the caches could not answer — so the worker analyses
// the source once and emits the targets in turn. There is no message channel: the task's shared
// `progress` array tells the main thread's deadlines which target is running since when, and
// tells the worker which targets nobody wants any more (measured: a MessagePort per task cost
// about as much main-thread time as the rest of the task's hops).

import type { Diagnostic } from '../../diagnostics.js';
import type { Flags, Reason, TargetName } from '../../targets/target.js';
import type { Limits } from '../../lang/limits.js';

/** Param values as JSON gives them; the worker converts integers for i64 params. */
export type RawParamValues = Readonly<Record<string, number | boolean | string>>;

/** Test builds only (CODELIVE_TEST_FAULTS): what to do instead of emitting this target. */
export type Fault = 'hang' | 'fail' | 'crash' | `delay:${number}`;

/**
 * Layout of `RenderTask.progress` (Int32, shared): `[RUNNING]` is 1 + the index of the target
 * the worker is on (0 while the task waits; the front end counts as the first target's time);
 * `[CANCELLED + i]` is 1 once target i is no longer wanted.
 */
export const PROGRESS = { RUNNING: 0, CANCELLED: 1 } as const;

export interface RenderTask {
  readonly code: string;
  readonly targets: readonly TargetName[];
  /** Aligned with `targets`. */
  readonly faults: readonly (Fault | null)[];
  readonly flags: Flags;
  readonly paramValues: RawParamValues;
  readonly limits: Partial<Limits>;
  readonly progress: Int32Array;
  /** Aligned with `targets`: Date.now() when the worker began each one (shared). */
  readonly startedAt: Float64Array;
}

/** Milliseconds spent in the worker. */
export interface StageTimings {
  /** parse + check + lower + passes, shared by the task's targets. */
  readonly front: number;
  readonly emit: number;
}

export interface EmittedTarget {
  readonly code: string;
  readonly degraded: boolean;
  readonly reasons: readonly Reason[];
  readonly diagnostics: readonly Diagnostic[];
}

/** One target of a rendered task. */
export type TargetOutput =
  | { readonly kind: 'emitted'; readonly output: EmittedTarget; readonly emitMs: number }
  /** The emitter threw (a defect, or a test fault); only this target fails. */
  | { readonly kind: 'failed'; readonly message: string }
  /** Nobody wanted it any more when its turn came. */
  | { readonly kind: 'skipped' };

export type RenderTaskResult =
  /** Dropped unrendered: every target was cancelled before the worker got to the task. */
  | { readonly kind: 'cancelled' }
  /** Front-end errors: no target can render. */
  | { readonly kind: 'invalid'; readonly diagnostics: readonly Diagnostic[]; readonly frontMs: number }
  | {
      readonly kind: 'rendered';
      readonly irKey: string;
      /** Front-end warnings, shared by all targets. */
      readonly diagnostics: readonly Diagnostic[];
      readonly frontMs: number;
      /** Aligned with the task's targets. */
      readonly outputs: readonly TargetOutput[];
    };
