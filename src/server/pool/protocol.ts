// Messages between the main thread and a render worker. One task renders one target of one
// source. The task carries a MessagePort on which the worker reports progress; it never waits
// for an answer (measured: a worker waiting on a busy event loop idled ~4 ms per render, against
// well under 1 ms of emit saved):
//
//   worker → main  { kind: 'started' }                        left the queue: arms the run timer
//   worker → main  { kind: 'analysed', irKey, … }             front end done; emitting now
//
// On 'analysed' the main thread looks the IR key up; when this IR is already rendered for the
// target and flags (a whitespace- or comment-only edit), the client is answered at once from
// the cache while the worker finishes in the background.

import type { MessagePort } from 'node:worker_threads';
import type { Diagnostic } from '../../diagnostics.js';
import type { Flags, Reason, TargetName } from '../../targets/target.js';
import type { Limits } from '../../lang/limits.js';

/** Param values as JSON gives them; the worker converts integers for i64 params. */
export type RawParamValues = Readonly<Record<string, number | boolean | string>>;

/** Test builds only (CODELIVE_TEST_FAULTS): what to do instead of emitting this target. */
export type Fault = 'hang' | 'fail' | 'crash' | `delay:${number}`;

export interface RenderTask {
  readonly code: string;
  readonly target: TargetName;
  readonly flags: Flags;
  readonly paramValues: RawParamValues;
  readonly limits: Partial<Limits>;
  readonly fault: Fault | null;
  readonly port: MessagePort;
  /** Shared flag, set to 1 by the main thread when nobody wants the result any more. */
  readonly cancelled: Int32Array;
}

export type WorkerMessage =
  | { readonly kind: 'started' }
  | { readonly kind: 'analysed'; readonly irKey: string; readonly diagnostics: readonly Diagnostic[]; readonly frontMs: number };

/** Milliseconds spent in the worker. */
export interface StageTimings {
  /** parse + check + lower + passes, as one figure until compile() reports them apart. */
  readonly front: number;
  readonly emit: number;
}

export interface EmittedTarget {
  readonly code: string;
  readonly degraded: boolean;
  readonly reasons: readonly Reason[];
  readonly diagnostics: readonly Diagnostic[];
}

export type RenderTaskResult =
  /** Dropped unrendered: the cancellation flag was set before the worker got to it. */
  | { readonly kind: 'cancelled' }
  /** Front-end errors: no target can render. */
  | { readonly kind: 'invalid'; readonly diagnostics: readonly Diagnostic[]; readonly timings: StageTimings }
  | {
      readonly kind: 'rendered';
      readonly irKey: string;
      /** Front-end warnings, shared by all targets. */
      readonly diagnostics: readonly Diagnostic[];
      readonly output: EmittedTarget;
      readonly timings: StageTimings;
    };
