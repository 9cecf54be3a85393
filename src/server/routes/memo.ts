// The memo of whole answers served from the cache: once a request has been answered entirely
// from cached renders, its serialized JSON is kept under the response key, so an exact repeat
// costs one lookup and no serialization — the path that has to keep up with a bare JSON route.
// Only all-hit answers are memoized: their bodies carry no per-request timings, so replaying
// the bytes is exactly what the full path would produce.

import type { BoundedCache } from '../cache.js';
import { responseKey } from '../keys.js';
import type { ServerMetrics } from '../metrics.js';
import type { RenderOutcome, RenderRequest, TargetOutcome } from '../renderer.js';

export interface MemoEntry {
  readonly json: string;
  readonly degraded: boolean;
  /** The Server-Timing cache entry, e.g. `cache;desc="rust:hit"`. */
  readonly timing: string;
  /** Replayed into the metrics on every hit. */
  readonly targets: readonly TargetOutcome[];
}

export class ResponseMemo {
  constructor(
    private readonly cache: BoundedCache<MemoEntry>,
    private readonly metrics: ServerMetrics,
  ) {}

  get(request: RenderRequest): MemoEntry | undefined {
    return request.faults ? undefined : this.cache.get(key(request));
  }

  /** Count the renders of a memoized answer that is being sent as cache hits. */
  replay(entry: MemoEntry, elapsedMs: number): string {
    for (const t of entry.targets) this.metrics.targetRendered(t.target, t.status, t.output, 'hit', elapsedMs);
    return entry.json;
  }

  /**
   * When `outcome` came from the cache alone, serialize it once, keep it and return the JSON
   * (send that instead of serializing again); otherwise undefined.
   */
  offer(request: RenderRequest, outcome: RenderOutcome, degraded: boolean, serialize: () => string): string | undefined {
    if (request.faults || outcome.kind !== 'rendered' || !outcome.targets.every((t) => t.cache === 'hit')) return undefined;
    const json = serialize();
    const timing = `cache;desc="${outcome.targets.map((t) => `${t.target}:hit`).join(' ')}"`;
    this.cache.set(key(request), { json, degraded, timing, targets: outcome.targets });
    return json;
  }
}

function key(r: RenderRequest): string {
  return responseKey(r.code, r.targets, r.flags, r.paramValues);
}
