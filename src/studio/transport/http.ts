// The fallback transport: POST /v1/render with every shown target. One request in flight at a
// time and only the newest state queued behind it, so a burst of keystrokes costs two requests,
// not one per key, and answers never arrive out of order.

import { wireFlags, type Change, type Diagnostic, type RenderState, type SeqCounter, type TargetRender, type Transport, type TransportEvents } from '../protocol.js';

interface RenderAnswer {
  diagnostics?: Diagnostic[];
  renders?: Record<string, TargetRender>;
  detail?: string;
  title?: string;
}

export class HttpTransport implements Transport {
  readonly kind = 'http';
  private inFlight = false;
  private queued: { state: RenderState; seq: number } | null = null;
  private closed = false;

  constructor(
    private readonly baseUrl: string,
    private readonly events: TransportEvents,
    private readonly seqs: SeqCounter,
  ) {}

  push(state: RenderState, _change: Change): number {
    const seq = this.seqs.next();
    this.queued = { state, seq };
    if (!this.inFlight) void this.drain();
    return seq;
  }

  close(): void {
    this.closed = true;
  }

  private async drain(): Promise<void> {
    this.inFlight = true;
    while (this.queued && !this.closed) {
      const { state, seq } = this.queued;
      this.queued = null;
      const retryAfterMs = await this.renderOnce(state, seq);
      if (retryAfterMs > 0) {
        // Shed or rate-limited: wait as told, then send the newest state (or this one again).
        await new Promise((resolve) => setTimeout(resolve, retryAfterMs));
        this.queued ??= { state, seq };
      }
    }
    this.inFlight = false;
  }

  /** Returns how long to wait before retrying (0 = done). */
  private async renderOnce(state: RenderState, seq: number): Promise<number> {
    const body = {
      code: state.source,
      targets: state.targets,
      flags: wireFlags(state),
      ...(state.flags.params === 'baked' ? { paramValues: state.params } : {}),
    };
    let response: Response;
    try {
      response = await fetch(`${this.baseUrl}/v1/render`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    } catch {
      this.events.status('http: server unreachable');
      return 1000;
    }
    const answer = (await response.json().catch(() => ({}))) as RenderAnswer;
    if (response.status === 429 || response.status === 503) {
      this.events.status(`http: ${answer.title ?? response.status}; retrying`);
      return 1000 * Math.max(1, Number(response.headers.get('retry-after') ?? '1'));
    }
    this.events.status('http');
    this.events.diagnostics(answer.diagnostics ?? [], seq);
    for (const target of state.targets) {
      const render = answer.renders?.[target];
      if (render) this.events.render(render, seq);
      else if (response.status !== 422) this.events.render(failed(target, answer.detail ?? `HTTP ${response.status}`), seq);
    }
    return 0;
  }
}

function failed(target: string, detail: string): TargetRender {
  return { target, status: 'error', code: '', degraded: false, reasons: [], diagnostics: [], timings: {}, problem: { detail } };
}
