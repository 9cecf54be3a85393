// One live session: the state the client edits (source, params, flags, targets), the
// coalescing render loop and the param predictor. A session outlives its connection for the
// resume grace period; renders made meanwhile are kept (latest per target) and re-sent on resume.
//
// Coalescing: renders start at most once per `coalesceMs`. The first change after a quiet period
// renders at once; changes arriving within the window after a render started are merged into
// the next render, which starts when that window closes (latest value wins). At most one render
// is in flight per session, so renders leave in sequence order.

import { analyze } from '../../lang/frontend.js';
import type { ParamDecl } from '../../ir/ir.js';
import type { Limits } from '../../lang/limits.js';
import { DEFAULT_FLAGS, type Flags, type TargetName } from '../../targets/target.js';
import { NEVER_CANCELLED } from '../cancel.js';
import type { Permit } from '../limiter.js';
import type { ServerMetrics } from '../metrics.js';
import type { RawParamValues } from '../pool/protocol.js';
import { SHED, type RenderOutcome, type RenderRequest, type TargetOutcome } from '../renderer.js';
import type { ServerServices } from '../services.js';
import { neighbours, type ParamValue } from './prediction.js';
import { ProtocolError, type ChangeMessage, type LiveFlags, type ServerMessage } from './protocol.js';
import type { Outbox } from './outbox.js';
import { SessionStats } from './stats.js';

export interface SessionOptions {
  readonly coalesceMs: number;
  readonly maxSourceBytes: number;
  readonly prediction: boolean;
  readonly languageLimits: Partial<Limits>;
  readonly onInternalError: (error: unknown) => void;
}

export interface SessionState {
  source: string;
  params: Record<string, ParamValue>;
  flags: LiveFlags;
  targets: TargetName[];
}

type RenderMessage = Extract<ServerMessage, { t: 'render' }>;

/** Pre-rendered param states remembered per session, to count prediction hits. */
const PREDICTED_MEMORY = 64;
/** A prediction skipped for lack of capacity is tried again this often, this many times. */
const PREDICT_RETRY_MS = 50;
const PREDICT_ATTEMPTS = 10;
/** Above this event-loop utilization the main thread is the bottleneck: no predictions. */
const PREDICT_MAX_LOOP_UTILIZATION = 0.5;

export class LiveSession {
  /** The last change applied. */
  seq = 0;
  lastActivity = performance.now();
  detachedAt: number | null = null;
  readonly stats = new SessionStats();
  private outbox: Outbox | null = null;
  /** When the oldest change not yet rendered arrived (null: everything is rendered). */
  private windowStart: number | null = null;
  private lastRenderAt = -Infinity;
  private timer: NodeJS.Timeout | null = null;
  private predictRetry: NodeJS.Timeout | undefined;
  private rendering = false;
  private predicting = false;
  private closed = false;
  /** What the last render depended on; an unchanged key needs no render (runtime-mode params). */
  private renderedKey: string | null = null;
  private readonly latest = new Map<TargetName, RenderMessage>();
  private lastDiagnostics: ServerMessage | null = null;
  /** The param being scrubbed and its direction of travel. */
  private scrub: { name: string; direction: number } | null = null;
  private lastChangeWasParam = false;
  private decls: { source: string; params: readonly ParamDecl[] } | null = null;
  private readonly predicted = new Set<string>();

  constructor(
    readonly id: string,
    private state: SessionState,
    private readonly services: ServerServices,
    private readonly options: SessionOptions,
  ) {
    checkSourceSize(state.source, options.maxSourceBytes);
  }

  get attached(): boolean {
    return this.outbox !== null;
  }

  private get metrics(): ServerMetrics {
    return this.services.metrics;
  }

  /** Bind a connection; on resume, re-send the latest render of every subscribed target. */
  attach(outbox: Outbox, resumed: boolean): void {
    if (this.outbox && this.outbox !== outbox) this.outbox.closeSocket(4001, 'session resumed on another connection');
    this.outbox = outbox;
    this.detachedAt = null;
    this.lastActivity = performance.now();
    if (resumed) {
      for (const target of this.state.targets) {
        const r = this.latest.get(target);
        if (r) outbox.offer(target, r);
      }
      // Last: when the newest state does not compile, its diagnostics are newer than the renders.
      if (this.lastDiagnostics) outbox.offer('diagnostics', this.lastDiagnostics);
    }
    if (this.renderedKey === null) this.changed();
  }

  detach(outbox: Outbox): void {
    if (this.outbox !== outbox) return;
    this.outbox = null;
    this.detachedAt = performance.now();
  }

  /** Any message from the client keeps the session from timing out. */
  touch(): void {
    this.lastActivity = performance.now();
  }

  /** Apply one change; throws ProtocolError when it is refused (the state is then unchanged). */
  apply(change: ChangeMessage): void {
    if (change.seq <= this.seq) {
      throw new ProtocolError('stale-seq', `seq ${change.seq} is not after the last change applied (${this.seq})`, change.seq);
    }
    const next = { ...this.state };
    switch (change.t) {
      case 'edit': {
        const source = change.source ?? splice(this.state.source, change.delta!, change.seq);
        checkSourceSize(source, this.options.maxSourceBytes, change.seq);
        next.source = source;
        break;
      }
      case 'param': {
        const previous = this.state.params[change.name];
        next.params = { ...this.state.params, [change.name]: change.value };
        const direction = typeof previous === 'number' && typeof change.value === 'number' ? Math.sign(change.value - previous) : 0;
        const sameParam = this.scrub?.name === change.name;
        this.scrub = { name: change.name, direction: direction !== 0 ? direction : sameParam ? this.scrub!.direction : 1 };
        break;
      }
      case 'flags':
        next.flags = { ...this.state.flags, ...change.flags };
        break;
      case 'subscribe':
        next.targets = [...change.targets];
        break;
    }
    this.state = next;
    this.seq = change.seq;
    this.lastChangeWasParam = change.t === 'param';
    this.changed();
  }

  /** Send the stats frame if anything was rendered since the last one. */
  reportStats(): void {
    if (this.outbox && this.stats.active) this.outbox.offer('stats', this.stats.report());
  }

  /** End the session; `reason` closes its connection too (idle timeout, shutdown). */
  close(reason?: { code: number; text: string }): void {
    this.closed = true;
    clearTimeout(this.predictRetry);
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (reason) this.outbox?.closeSocket(reason.code, reason.text);
    this.outbox = null;
  }

  private changed(): void {
    this.windowStart ??= performance.now();
    this.schedule();
  }

  private schedule(): void {
    if (this.timer || this.rendering || this.closed || this.windowStart === null) return;
    const delay = Math.max(0, this.lastRenderAt + this.options.coalesceMs - performance.now());
    this.timer = setTimeout(() => {
      this.timer = null;
      this.renderLatest().catch((error: unknown) => {
        this.options.onInternalError(error);
        this.metrics.liveErrors.inc({ code: 'internal' });
        this.outbox?.sendNow({ t: 'error', code: 'internal', message: `The render failed: ${String(error)}` });
      });
    }, delay);
  }

  /** `granted`: a permit handed over after the limiter shed this session's last attempt. */
  private async renderLatest(granted?: Permit): Promise<void> {
    const windowStart = this.windowStart!;
    const seq = this.seq;
    const state = this.state;
    const request = toRenderRequest(state, state.params, this.paramDecls(state.source));
    const key = requestKey(request);
    this.windowStart = null;
    if (key === this.renderedKey) {
      // E.g. a runtime-mode param, or a value scrubbed away and back within one window: the
      // outputs are the same, and the client learns that they are current as of `seq`.
      granted?.release('ignore', 0);
      this.outbox?.offer('current', { t: 'current', seq });
      this.metrics.liveEditToRender.observe((performance.now() - windowStart) / 1000);
      return;
    }
    this.lastRenderAt = performance.now();
    const byParam = this.lastChangeWasParam;
    if (byParam && !granted && this.predictionApplies(state)) {
      this.metrics.livePredictions.inc({ outcome: this.predicted.has(key) ? 'hit' : 'miss' });
    }
    this.rendering = true;
    let outcomes: RenderOutcome[] | typeof SHED;
    try {
      outcomes = await this.services.renderer.renderAll([request], () => NEVER_CANCELLED, granted);
    } finally {
      this.rendering = false;
    }
    if (this.closed) return;
    if (outcomes === SHED) {
      this.outbox?.sendNow({ t: 'error', code: 'overloaded', message: 'The server is at its concurrency limit; the render waits for capacity.', seq });
      this.metrics.liveErrors.inc({ code: 'overloaded' });
      // Wait for the next free permit (changes meanwhile merge into this render), then render
      // the newest state: at most one waiter per session, so waiting never piles up work.
      this.windowStart ??= windowStart;
      this.rendering = true;
      const permit = await this.services.limiter.acquire();
      this.rendering = false;
      if (this.closed) return permit.release('ignore', 0);
      return this.renderLatest(permit);
    }
    this.metrics.liveRenderCycles.inc();
    this.renderedKey = key;
    this.deliver(seq, outcomes[0]!);
    this.metrics.liveEditToRender.observe((performance.now() - windowStart) / 1000);
    if (this.windowStart !== null) this.schedule();
    else if (byParam) this.predict(state);
  }

  private deliver(seq: number, outcome: RenderOutcome): void {
    if (outcome.kind === 'invalid') {
      this.lastDiagnostics = { t: 'diagnostics', seq, diagnostics: outcome.diagnostics };
      this.outbox?.offer('diagnostics', this.lastDiagnostics);
      return;
    }
    this.lastDiagnostics = null;
    for (const t of outcome.targets) {
      const previous = this.latest.get(t.target);
      if (previous && previous.seq > seq) continue; // never send an older state after a newer one
      const message = renderMessage(seq, t, outcome.diagnostics);
      this.latest.set(t.target, message);
      this.stats.record(t);
      this.metrics.liveRendersSent.inc();
      this.outbox?.offer(t.target, message);
    }
  }

  private predictionApplies(state: SessionState): boolean {
    return this.options.prediction && state.flags.params === 'baked';
  }

  /**
   * Pre-render the scrubbed param's neighbours into the cache, one state at a time (direction of
   * travel first) and only while a worker is idle with nothing queued, the limiter has room and
   * the event loop has time to spare: prediction must never stand in the queue ahead of a render
   * somebody is waiting for.
   */
  private predict(state: SessionState, attempt = 0): void {
    const scrub = this.scrub;
    if (!scrub || this.predicting || this.closed || this.state !== state || !this.predictionApplies(state)) return;
    const { limiter, pool, loop } = this.services;
    const workers = pool.stats();
    const busy = limiter.inflight * 2 >= limiter.limit || workers.queued > 0 || workers.running >= workers.threads;
    if (busy || loop.utilization() > PREDICT_MAX_LOOP_UTILIZATION) {
      // Busy now; the hand may rest on this value a while, so look again shortly.
      if (attempt < PREDICT_ATTEMPTS) {
        this.predictRetry = setTimeout(() => this.predict(state, attempt + 1), PREDICT_RETRY_MS);
      }
      return;
    }
    const decl = this.paramDecls(state.source).find((p) => p.name === scrub.name);
    const value = state.params[scrub.name];
    if (!decl || value === undefined) return;
    const next = neighbours(decl, value, scrub.direction)
      .map((v) => toRenderRequest(state, { ...state.params, [scrub.name]: v }, this.paramDecls(state.source)))
      .find((r) => !this.predicted.has(requestKey(r)));
    if (!next) return;
    this.remember(requestKey(next));
    this.predicting = true;
    this.metrics.livePrerenders.inc();
    void this.services.renderer
      .renderAll([next], () => NEVER_CANCELLED)
      .catch(() => {})
      .finally(() => {
        this.predicting = false;
        this.predict(state);
      });
  }

  private remember(key: string): void {
    this.predicted.add(key);
    if (this.predicted.size > PREDICTED_MEMORY) this.predicted.delete(this.predicted.values().next().value!);
  }

  /** The declared params of `source`, from a main-thread analysis done once per source. */
  private paramDecls(source: string): readonly ParamDecl[] {
    if (this.decls?.source !== source) {
      this.decls = { source, params: analyze(source, this.options.languageLimits).program?.params ?? [] };
    }
    return this.decls.params;
  }
}

function toRenderRequest(state: SessionState, params: RawParamValues, declared: readonly ParamDecl[]): RenderRequest {
  const flags: Flags = { ...DEFAULT_FLAGS, ...state.flags };
  // Runtime-mode code takes params as arguments: their values do not change it. Values of params
  // an edit removed are kept for when the param comes back, but never sent.
  const paramValues =
    flags.params === 'baked' ? Object.fromEntries(Object.entries(params).filter(([name]) => declared.some((p) => p.name === name))) : {};
  return { code: state.source, targets: state.targets, flags, paramValues, faults: null };
}

function requestKey(r: RenderRequest): string {
  const values = Object.keys(r.paramValues)
    .sort()
    .map((k) => [k, r.paramValues[k]]);
  return JSON.stringify([r.targets, r.flags, values, r.code]);
}

function renderMessage(seq: number, t: TargetOutcome, frontDiagnostics: RenderMessage['diagnostics']): RenderMessage {
  const output = t.output;
  return {
    t: 'render',
    seq,
    target: t.target,
    status: t.status,
    code: output?.code ?? null,
    degraded: output?.degraded ?? false,
    reasons: output?.reasons ?? [],
    diagnostics: output ? [...frontDiagnostics, ...output.diagnostics] : frontDiagnostics,
    timings: t.timings,
    cache: t.cache,
    problem: t.problem,
  };
}

function splice(source: string, delta: { from: number; to: number; insert: string }, seq: number): string {
  if (delta.to > source.length) throw new ProtocolError('bad-message', `delta.to ${delta.to} is past the end of the source (${source.length})`, seq);
  return source.slice(0, delta.from) + delta.insert + source.slice(delta.to);
}

function checkSourceSize(source: string, maxBytes: number, seq?: number): void {
  const bytes = Buffer.byteLength(source, 'utf8');
  if (bytes > maxBytes) throw new ProtocolError('source-too-large', `The source is ${bytes} bytes; the limit is ${maxBytes}.`, seq);
}
