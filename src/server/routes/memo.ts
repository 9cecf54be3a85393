// The memo of whole answers served from the cache: once a request has been answered entirely
// from cached renders, its serialized JSON is kept under the response key, so an exact repeat
// costs one lookup and no serialization — the path that has to keep up with a bare JSON route.
// Only all-hit answers are memoized: their bodies carry no per-request timings, so replaying
// the bytes is exactly what the full path would produce.

import type { BoundedCache } from '../cache.js';
import { responseKey } from '../keys.js';
import type { ServerMetrics } from '../metrics.js';
import { degradedBy, type RenderOutcome, type RenderRequest } from '../renderer.js';
import type { Reason, TargetName } from '../../targets/target.js';

/** What the metrics of one memoized target render need on a replay. */
interface ReplayedTarget {
  readonly target: TargetName;
  readonly status: string;
  /** The fallback reasons of a degraded render, else null. */
  readonly degradedBy: readonly Reason[] | null;
}

export interface MemoEntry {
  /**
   * The serialized answer as UTF-8 bytes in a buffer of its own: sent as they are (no encoding
   * per hit), and one small object to the garbage collector however long the answer.
   */
  readonly body: Buffer;
  readonly degraded: boolean;
  /** The Server-Timing cache entry, e.g. `cache;desc="rust:hit"`. */
  readonly timing: string;
  readonly targets: readonly ReplayedTarget[];
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
  replay(entry: MemoEntry, elapsedMs: number): Buffer {
    for (const t of entry.targets) this.metrics.targetRendered(t.target, t.status, t.degradedBy, 'hit', elapsedMs);
    return entry.body;
  }

  /**
   * When `outcome` came from the cache alone, serialize it once, keep it and return the bytes
   * (send those instead of serializing again); otherwise undefined.
   */
  offer(request: RenderRequest, outcome: RenderOutcome, degraded: boolean, serialize: () => string): Buffer | undefined {
    if (request.faults || outcome.kind !== 'rendered' || !outcome.targets.every((t) => t.cache === 'hit')) return undefined;
    const json = serialize();
    // Not Buffer.from: a small one is a view into a shared pool slab that the entry would pin.
    const body = Buffer.allocUnsafeSlow(Buffer.byteLength(json));
    body.write(json);
    const timing = `cache;desc="${outcome.targets.map((t) => `${t.target}:hit`).join(' ')}"`;
    const targets = outcome.targets.map((t) => ({ target: t.target, status: t.status, degradedBy: degradedBy(t) }));
    this.cache.set(key(request), { body, degraded, timing, targets });
    return body;
  }
}

function key(r: RenderRequest): string {
  return responseKey(r.code, r.targets, r.flags, r.paramValues);
}
