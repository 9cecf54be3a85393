// The worker pool: piscina threads running pool/worker.ts (bundled, see bundle.ts). Callers ask
// for one target at a time; the targets of one source asked for in the same tick travel as one
// task, so the worker analyses the source once and the task pays one round trip.
//
// Each target has two deadlines: a queue deadline (waiting for a worker) and a run deadline
// from the moment the worker starts on it. Aborting a running task makes piscina terminate that
// worker and start a fresh one, which is the only way to stop a runaway render. Only the target
// that was running is blamed: the task's other targets go out again as a new task.

import { Piscina } from 'piscina';
import { Cancellation } from '../cancel.js';
import { PROGRESS, type Fault, type RawParamValues, type RenderTask, type RenderTaskResult, type StageTimings, type EmittedTarget } from './protocol.js';
import type { Diagnostic } from '../../diagnostics.js';
import type { Limits } from '../../lang/limits.js';
import type { Flags, TargetName } from '../../targets/target.js';

export interface PoolOptions {
  /** The worker module (bundle.ts builds it). */
  readonly filename: string;
  readonly workers: number;
  readonly maxQueue: number;
  readonly renderTimeoutMs: number;
  readonly queueTimeoutMs: number;
}

export type TaskFailure =
  /** The render ran past the run deadline; its worker was terminated. */
  | 'timeout'
  /** The render threw or its worker died. */
  | 'failed'
  /** No worker became free before the queue deadline, or the queue was full. */
  | 'overloaded'
  /** Every caller went away before the worker got to it. */
  | 'cancelled'
  | 'closed';

export class TaskError extends Error {
  constructor(
    readonly failure: TaskFailure,
    message: string,
  ) {
    super(message);
  }
}

/** One target of one source. Jobs whose code, flags, param values and limits are the same objects share a task. */
export interface TargetJob {
  readonly code: string;
  readonly target: TargetName;
  readonly flags: Flags;
  readonly paramValues: RawParamValues;
  readonly limits: Partial<Limits>;
  readonly fault: Fault | null;
}

export type TaskResult =
  | { readonly kind: 'invalid'; readonly diagnostics: readonly Diagnostic[]; readonly timings: StageTimings }
  | {
      readonly kind: 'rendered';
      readonly irKey: string;
      readonly diagnostics: readonly Diagnostic[];
      readonly output: EmittedTarget;
      readonly timings: StageTimings;
    };

export interface TaskHandle {
  readonly promise: Promise<TaskResult>;
  /**
   * Nobody wants the result: the worker skips this target (a task nobody wants returns as soon
   * as a worker picks it up). Never terminates a worker — restarting one costs far more.
   */
  cancel(): void;
}

export interface PoolHooks {
  /** A worker died with no task to blame (piscina's 'error' event). */
  onWorkerError(error: Error): void;
  /** A worker was terminated (run deadline) or died under a task (crash); piscina replaces it. */
  onTermination(reason: 'timeout' | 'crash'): void;
}

export interface PoolStats {
  readonly threads: number;
  readonly queued: number;
  readonly running: number;
}

interface Part {
  readonly job: TargetJob;
  readonly resolve: (result: TaskResult) => void;
  readonly reject: (error: TaskError) => void;
  cancelled: boolean;
  /** Where the worker looks for this part's cancellation, once the part is in a task. */
  slot: { readonly progress: Int32Array; readonly index: number } | null;
}

export class RenderPool {
  private readonly piscina: Piscina<RenderTask, RenderTaskResult>;
  /** Tasks handed to piscina and not yet settled. */
  private inflight = 0;
  /** Groups being formed this tick; sent when the tick's microtasks run. */
  private forming: Part[][] = [];

  constructor(
    private readonly options: PoolOptions,
    private readonly hooks: PoolHooks,
  ) {
    this.piscina = new Piscina<RenderTask, RenderTaskResult>({
      filename: options.filename,
      // The parent's own flags (test runner, tsx, inspector) stay out of the workers.
      execArgv: ['--enable-source-maps'],
      minThreads: options.workers,
      maxThreads: options.workers,
      maxQueue: options.maxQueue,
      idleTimeout: Number.POSITIVE_INFINITY,
    });
    // Piscina reports a worker that dies with no task as an 'error' event; unhandled, it would
    // take the whole server down.
    this.piscina.on('error', (error: Error) => hooks.onWorkerError(error));
  }

  run(job: TargetJob): TaskHandle {
    let part!: Part;
    const promise = new Promise<TaskResult>((resolve, reject) => {
      part = { job, resolve, reject, cancelled: false, slot: null };
    });
    const group = this.forming.find((g) => sameSource(g[0]!.job, job));
    if (group) group.push(part);
    else {
      if (this.forming.length === 0) queueMicrotask(() => this.flush());
      this.forming.push([part]);
    }
    return {
      promise,
      cancel: () => {
        part.cancelled = true;
        if (part.slot) Atomics.store(part.slot.progress, PROGRESS.CANCELLED + part.slot.index, 1);
      },
    };
  }

  stats(): PoolStats {
    const queued = this.piscina.queueSize;
    return {
      threads: this.piscina.threads.length,
      queued,
      running: Math.max(0, this.inflight - queued),
    };
  }

  async close(): Promise<void> {
    await this.piscina.destroy();
  }

  private flush(): void {
    const groups = this.forming;
    this.forming = [];
    for (const parts of groups) this.submit(parts);
  }

  private submit(parts: readonly Part[]): void {
    const { queueTimeoutMs, renderTimeoutMs } = this.options;
    const progress = new Int32Array(new SharedArrayBuffer(4 * (PROGRESS.CANCELLED + parts.length)));
    const startedAt = new Float64Array(new SharedArrayBuffer(8 * parts.length));
    parts.forEach((part, index) => {
      part.slot = { progress, index };
      if (part.cancelled) progress[PROGRESS.CANCELLED + index] = 1;
    });
    const deadline = new Cancellation();
    let failure: TaskFailure | null = null;
    let blamed = -1;
    const abort = (why: TaskFailure, index: number): void => {
      if (failure !== null) return;
      failure = why;
      blamed = index;
      deadline.cancel(why);
    };
    // The deadlines are read off `progress` when due, so the worker never has to message us.
    const submittedAt = Date.now();
    let timer: NodeJS.Timeout;
    const watch = (): void => {
      const running = Atomics.load(progress, PROGRESS.RUNNING) - 1;
      const now = Date.now();
      if (running < 0) {
        const queueLeft = submittedAt + queueTimeoutMs - now;
        if (queueLeft <= 0) return abort('overloaded', -1);
        timer = setTimeout(watch, Math.min(queueLeft, renderTimeoutMs));
      } else {
        const runLeft = startedAt[running]! + renderTimeoutMs - now;
        if (runLeft <= 0) return abort('timeout', running);
        timer = setTimeout(watch, runLeft);
      }
    };
    timer = setTimeout(watch, Math.min(queueTimeoutMs, renderTimeoutMs));

    const { code, flags, paramValues, limits } = parts[0]!.job;
    const task: RenderTask = {
      code,
      flags,
      paramValues,
      limits,
      targets: parts.map((p) => p.job.target),
      faults: parts.map((p) => p.job.fault),
      progress,
      startedAt,
    };
    this.inflight++;
    this.piscina
      .run(task, { signal: deadline })
      .then(
        (result) => settle(parts, result),
        (error: unknown) => {
          const taskError = toTaskError(error, failure);
          const crashed = taskError.failure === 'failed' && /worker exited/i.test(taskError.message);
          if (taskError.failure === 'timeout') this.hooks.onTermination('timeout');
          if (crashed) this.hooks.onTermination('crash');
          const culprit = taskError.failure === 'timeout' ? blamed : crashed ? Atomics.load(progress, PROGRESS.RUNNING) - 1 : -1;
          if (culprit < 0) {
            for (const part of parts) part.reject(taskError);
            return;
          }
          // The worker is gone with whatever it had done: the culprit fails, the rest go again.
          parts[culprit]!.reject(taskError);
          const rest = parts.filter((part, i) => i !== culprit && !rejectIfCancelled(part));
          if (rest.length > 0) this.submit(rest);
        },
      )
      .finally(() => {
        clearTimeout(timer);
        this.inflight--;
      });
  }
}

function sameSource(a: TargetJob, b: TargetJob): boolean {
  return a.code === b.code && a.flags === b.flags && a.paramValues === b.paramValues && a.limits === b.limits;
}

const CANCELLED = (): TaskError => new TaskError('cancelled', 'every client waiting for this render went away');

function rejectIfCancelled(part: Part): boolean {
  if (part.cancelled) part.reject(CANCELLED());
  return part.cancelled;
}

function settle(parts: readonly Part[], result: RenderTaskResult): void {
  parts.forEach((part, i) => {
    if (result.kind === 'cancelled') return part.reject(CANCELLED());
    if (result.kind === 'invalid') {
      return part.resolve({ kind: 'invalid', diagnostics: result.diagnostics, timings: { front: result.frontMs, emit: 0 } });
    }
    const out = result.outputs[i]!;
    if (out.kind === 'skipped') return part.reject(CANCELLED());
    if (out.kind === 'failed') return part.reject(new TaskError('failed', out.message));
    const timings = { front: result.frontMs, emit: out.emitMs };
    part.resolve({ kind: 'rendered', irKey: result.irKey, diagnostics: result.diagnostics, output: out.output, timings });
  });
}

function toTaskError(error: unknown, failure: TaskFailure | null): TaskError {
  if (error instanceof TaskError) return error;
  const message = error instanceof Error ? error.message : String(error);
  if (failure === 'timeout') return new TaskError('timeout', 'the render ran past its time limit; its worker was terminated');
  if (failure === 'overloaded') return new TaskError('overloaded', 'no worker became free in time');
  if (/task queue is at limit|no task queue available/i.test(message)) return new TaskError('overloaded', 'the render queue is full');
  if (/pool is closed|terminating worker thread/i.test(message)) return new TaskError('closed', 'the worker pool is shutting down');
  return new TaskError('failed', message);
}
