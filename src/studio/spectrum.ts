// The performance spectrum: per-target render latency (p50/p95 bars), cache hit rate,
// degraded and error counts, renders per second. A live session's `stats` messages are the
// source of truth; without them (HTTP fallback, or a server that sends none) the same figures
// are computed from the renders this page received.

import { el } from './dom.js';
import type { SpectrumStats, TargetRender } from './protocol.js';

const WINDOW = 200;
const RATE_WINDOW_MS = 5000;
/** Server stats older than this are stale: fall back to the page's own figures. */
const SERVER_STATS_TTL_MS = 3000;

interface Sample {
  readonly at: number;
  readonly ms: number;
  readonly hit: boolean;
  readonly degraded: boolean;
  readonly error: boolean;
}

export class SpectrumPanel {
  private readonly samples = new Map<string, Sample[]>();
  private serverStats: { at: number; stats: SpectrumStats } | null = null;
  private readonly bars = el('div', 'spectrum-bars');
  private readonly summary = el('div', 'spectrum-summary');

  constructor(container: HTMLElement, private readonly targets: readonly string[]) {
    container.append(this.summary, this.bars);
    setInterval(() => this.paint(), 1000);
  }

  record(render: TargetRender): void {
    const list = this.samples.get(render.target) ?? [];
    const hit = render.cache !== undefined && render.cache !== 'miss';
    list.push({ at: performance.now(), ms: render.timings.total ?? 0, hit, degraded: render.degraded, error: render.status !== 'ok' });
    if (list.length > WINDOW) list.shift();
    this.samples.set(render.target, list);
  }

  fromServer(stats: SpectrumStats): void {
    this.serverStats = { at: performance.now(), stats };
    this.paint();
  }

  /** The figures on display, from the server when fresh, else computed locally. */
  current(): SpectrumStats & { source: 'server' | 'page' } {
    if (this.serverStats && performance.now() - this.serverStats.at < SERVER_STATS_TTL_MS) return { ...this.serverStats.stats, source: 'server' };
    const now = performance.now();
    const all = [...this.samples.values()].flat();
    const targets: Record<string, SpectrumStats['targets'][string]> = {};
    for (const [target, list] of this.samples) {
      const sorted = list.filter((s) => !s.hit).map((s) => s.ms).sort((a, b) => a - b);
      targets[target] = {
        p50: quantile(sorted, 0.5),
        p95: quantile(sorted, 0.95),
        errors: list.filter((s) => s.error).length,
        degraded: list.filter((s) => s.degraded).length,
      };
    }
    return {
      source: 'page',
      targets,
      cacheHitRate: all.length === 0 ? 0 : all.filter((s) => s.hit).length / all.length,
      rendersPerSecond: all.filter((s) => now - s.at < RATE_WINDOW_MS).length / (RATE_WINDOW_MS / 1000),
    };
  }

  private paint(): void {
    const stats = this.current();
    const scale = Math.max(1, ...Object.values(stats.targets).map((t) => t.p95));
    this.summary.textContent =
      `cache hits ${(stats.cacheHitRate * 100).toFixed(0)}% · ${stats.rendersPerSecond.toFixed(1)} renders/s · ` +
      `${stats.source === 'server' ? 'server stats' : 'measured by this page'}`;
    this.bars.replaceChildren(
      ...this.targets.map((target) => {
        const t = stats.targets[target] ?? { p50: 0, p95: 0, errors: 0, degraded: 0 };
        const row = el('div', 'spectrum-row');
        row.dataset['target'] = target;
        const track = el('div', 'spectrum-track');
        const p95 = el('div', 'bar p95');
        const p50 = el('div', 'bar p50');
        p95.style.width = `${(100 * t.p95) / scale}%`;
        p50.style.width = `${(100 * t.p50) / scale}%`;
        track.append(p95, p50);
        const figures = `p50 ${t.p50.toFixed(1)} · p95 ${t.p95.toFixed(1)} ms${t.degraded ? ` · ${t.degraded} degraded` : ''}${t.errors ? ` · ${t.errors} errors` : ''}`;
        row.append(el('span', 'spectrum-name', target), track, el('span', 'spectrum-figures', figures));
        return row;
      }),
    );
  }
}

function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}
