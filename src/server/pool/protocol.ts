// Messages between the main thread and a render worker. One task renders one target of one
// source. The task carries a MessagePort for a short conversation in the middle of the task:
//
//   worker → main  { kind: 'started' }           the task left the queue (arms the run timer)
//   worker → main  { kind: 'analysed', irKey }   front end done; is this IR already rendered?
//   main → worker  { emit: boolean }             false: the main thread has (or is getting) it
//
// so a whitespace- or comment-only edit, which has a new source key but the same IR key, is
// answered from the cache without running the emitter.

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
}

export type WorkerMessage = { readonly kind: 'started' } | { readonly kind: 'analysed'; readonly irKey: string };

export interface EmitAnswer {
  readonly emit: boolean;
}

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
  /** Front-end errors: no target can render. */
  | { readonly kind: 'invalid'; readonly diagnostics: readonly Diagnostic[]; readonly timings: StageTimings }
  /** The main thread said it has this IR's render; nothing was emitted. */
  | {
      readonly kind: 'known';
      readonly irKey: string;
      readonly diagnostics: readonly Diagnostic[];
      readonly timings: StageTimings;
    }
  | {
      readonly kind: 'rendered';
      readonly irKey: string;
      /** Front-end warnings, shared by all targets. */
      readonly diagnostics: readonly Diagnostic[];
      readonly output: EmittedTarget;
      readonly timings: StageTimings;
    };
