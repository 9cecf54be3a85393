// Cancellation for the render path: "the client went away", "the task's deadline passed". It
// has the shape of an abort signal that piscina accepts, so a worker task takes one directly.
//
// Why not AbortController: on Node 20 every AbortSignal outlives the young-generation
// collections and is promoted to the old generation, listeners or not, as an object registered
// with a FinalizationRegistry is (test/server/cancel.test.ts measures it). One per request and
// one per worker task were a seventh of what the main thread promoted per uncached render, and
// what is promoted is paid for again by the mark-compacts that set the server's latency tail.
// A Cancellation is a plain object and dies young.

type Listener = () => void;

export class Cancellation {
  private state: { readonly reason: unknown } | null = null;
  private listeners: Listener[] | null = null;

  get aborted(): boolean {
    return this.state !== null;
  }

  get reason(): unknown {
    return this.state?.reason;
  }

  /** Runs `listener` once when cancelled. The event name is there for piscina's signal interface. */
  addEventListener(_event: 'abort', listener: Listener): void {
    if (this.state) return;
    (this.listeners ??= []).push(listener);
  }

  removeEventListener(_event: 'abort', listener: Listener): void {
    const listeners = this.listeners;
    const at = listeners?.indexOf(listener) ?? -1;
    if (at >= 0) listeners!.splice(at, 1);
  }

  cancel(reason: unknown): void {
    if (this.state) return;
    this.state = { reason };
    const listeners = this.listeners;
    this.listeners = null;
    if (listeners) for (const listener of listeners) listener();
  }
}

class NeverCancelled extends Cancellation {
  override addEventListener(): void {}
  override cancel(): void {}
}

/** For callers that never cancel: a live session's render runs to the end (its result may be superseded). */
export const NEVER_CANCELLED: Cancellation = new NeverCancelled();
