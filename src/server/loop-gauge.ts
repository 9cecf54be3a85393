// How busy the main thread's event loop has been lately (event-loop utilization, 0..1, over the
// last window). Work that only pays off with spare capacity asks it first: when the loop itself
// is the bottleneck, a live prediction costs the main thread what a render costs, and about half
// of the predictions are never used.

import { performance } from 'node:perf_hooks';

export class LoopGauge {
  private last = performance.eventLoopUtilization();
  private lastAt = performance.now();
  private value = 0;

  constructor(private readonly windowMs = 100) {}

  /** Utilization over the last completed window; cheap enough to ask per event. */
  utilization(): number {
    const now = performance.now();
    if (now - this.lastAt >= this.windowMs) {
      const current = performance.eventLoopUtilization();
      this.value = performance.eventLoopUtilization(current, this.last).utilization;
      this.last = current;
      this.lastAt = now;
    }
    return this.value;
  }
}
