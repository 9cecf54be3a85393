// The per-session figures behind the `stats` message (the studio's performance spectrum):
// latency percentiles over each target's recent renders, cumulative counts, renders per second
// over the last report interval.

import type { TargetName } from '../../targets/target.js';
import type { TargetOutcome } from '../renderer.js';
import type { ServerMessage, TargetStats } from './protocol.js';

/** Renders per target whose latency the percentiles cover. */
const WINDOW = 128;

class TargetWindow {
  private readonly latencies: number[] = [];
  private next = 0;
  renders = 0;
  errors = 0;
  degraded = 0;

  add(outcome: TargetOutcome): void {
    this.renders++;
    if (outcome.output === null) this.errors++;
    else if (outcome.output.degraded) this.degraded++;
    const ms = outcome.timings.total;
    if (this.latencies.length < WINDOW) this.latencies.push(ms);
    else this.latencies[this.next] = ms;
    this.next = (this.next + 1) % WINDOW;
  }

  summary(): TargetStats {
    const sorted = [...this.latencies].sort((a, b) => a - b);
    const at = (q: number): number => (sorted.length === 0 ? 0 : round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!));
    return { p50: at(0.5), p95: at(0.95), renders: this.renders, errors: this.errors, degraded: this.degraded };
  }
}

const round = (ms: number): number => Math.round(ms * 100) / 100;

export class SessionStats {
  private readonly targets = new Map<TargetName, TargetWindow>();
  private renders = 0;
  private hits = 0;
  private rendersAtLastReport = 0;
  private droppedAtLastReport = 0;
  private lastReport = performance.now();
  dropped = 0;

  record(outcome: TargetOutcome): void {
    let w = this.targets.get(outcome.target);
    if (!w) this.targets.set(outcome.target, (w = new TargetWindow()));
    w.add(outcome);
    this.renders++;
    if (outcome.cache === 'hit' || outcome.cache === 'ir_hit' || outcome.cache === 'shared') this.hits++;
  }

  /** True when frames were rendered or dropped since the last report (idle sessions get no stats). */
  get active(): boolean {
    return this.renders !== this.rendersAtLastReport || this.dropped !== this.droppedAtLastReport;
  }

  report(): Extract<ServerMessage, { t: 'stats' }> {
    const now = performance.now();
    const seconds = Math.max(0.001, (now - this.lastReport) / 1000);
    const rendersPerSecond = Math.round(((this.renders - this.rendersAtLastReport) / seconds) * 10) / 10;
    this.rendersAtLastReport = this.renders;
    this.droppedAtLastReport = this.dropped;
    this.lastReport = now;
    const targets: Partial<Record<TargetName, TargetStats>> = {};
    for (const [name, w] of this.targets) targets[name] = w.summary();
    const cacheHitRate = this.renders === 0 ? 0 : Math.round((this.hits / this.renders) * 1000) / 1000;
    return { t: 'stats', targets, cacheHitRate, rendersPerSecond, dropped: this.dropped };
  }
}
