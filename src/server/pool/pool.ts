// The worker pool: piscina threads running pool/worker.ts (bundled, see bundle.ts), each task under two deadlines — a
// queue deadline (waiting for a worker) and a run deadline armed when the worker picks the
// task up. Aborting a running task makes piscina terminate that worker and start a fresh one,
// which is the only way to stop a runaway render.

import { MessageChannel } from 'node:worker_threads';
import { Piscina } from 'piscina';
import type { Diagnostic } from '../../diagnostics.js';
import type { RenderTask, RenderTaskResult, WorkerMessage } from './protocol.js';

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

export type TaskResult = Exclude<RenderTaskResult, { kind: 'cancelled' }>;

export interface TaskHandle {
  readonly promise: Promise<TaskResult>;
  /**
   * Nobody wants the result: a queued task returns as soon as a worker picks it up, a running
   * one skips its emitter. Never terminates a worker — restarting one costs far more.
   */
  cancel(): void;
}

/** Told mid-task, as soon as the worker knows the IR key (it goes on emitting meanwhile). */
export type AnalysedHook = (irKey: string, diagnostics: readonly Diagnostic[], frontMs: number) => void;

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
  /** 0..1: share of time the threads were busy since start. */
  readonly utilization: number;
}

export class RenderPool {
  private readonly piscina: Piscina<RenderTask, RenderTaskResult>;
  private runningCount = 0;

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

  run(task: Omit<RenderTask, 'port' | 'cancelled'>, onAnalysed: AnalysedHook): TaskHandle {
    const { port1, port2 } = new MessageChannel();
    const cancelled = new Int32Array(new SharedArrayBuffer(4));
    const controller = new AbortController();
    let failure: TaskFailure | null = null;
    let started = false;
    let runTimer: NodeJS.Timeout | undefined;
    const abort = (why: TaskFailure): void => {
      if (failure !== null || controller.signal.aborted) return;
      failure = why;
      controller.abort(why);
    };
    const queueTimer = setTimeout(() => abort('overloaded'), this.options.queueTimeoutMs);

    port1.on('message', (message: WorkerMessage) => {
      if (message.kind === 'started') {
        started = true;
        this.runningCount++;
        clearTimeout(queueTimer);
        runTimer = setTimeout(() => abort('timeout'), this.options.renderTimeoutMs);
      } else {
        onAnalysed(message.irKey, message.diagnostics, message.frontMs);
      }
    });

    const promise = this.piscina
      .run({ ...task, port: port2, cancelled }, { transferList: [port2], signal: controller.signal })
      .then((result): TaskResult => {
        if (result.kind === 'cancelled') throw new TaskError('cancelled', 'every client waiting for this render went away');
        return result;
      })
      .catch((error: unknown) => {
        const taskError = toTaskError(error, failure);
        if (taskError.failure === 'timeout') this.hooks.onTermination('timeout');
        else if (taskError.failure === 'failed' && /worker exited/i.test(taskError.message)) this.hooks.onTermination('crash');
        throw taskError;
      })
      .finally(() => {
        clearTimeout(queueTimer);
        clearTimeout(runTimer);
        if (started) this.runningCount--;
        port1.close();
      });
    return { promise, cancel: () => Atomics.store(cancelled, 0, 1) };
  }

  stats(): PoolStats {
    return {
      threads: this.piscina.threads.length,
      queued: this.piscina.queueSize,
      running: this.runningCount,
      utilization: this.piscina.utilization,
    };
  }

  async close(): Promise<void> {
    await this.piscina.destroy();
  }
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
