// The live transport: one WebSocket session on /v1/live (docs/live.md). Each change goes out as
// its own small message with a fresh `seq`; the server coalesces and pushes one `render` per
// target for the newest state. MessagePack frames when the server accepts them, JSON otherwise.
//
// The protocol can set a param but not unset one, and a session that still holds a value for a
// param the source no longer declares may refuse baked renders (CL5001 "Unknown param"). So
// when an edit drops a param the session knows, the transport ends the session and asks for a
// fresh one (`onLost('reset')`), whose `hello` carries exactly the declared params.

import { pack, unpack } from 'msgpackr';
import {
  wireFlags,
  type Change,
  type Diagnostic,
  type RenderState,
  type SeqCounter,
  type SpectrumStats,
  type TargetRender,
  type Transport,
  type TransportEvents,
} from '../protocol.js';

export const LIVE_SUBPROTOCOLS = ['codelive.msgpack.v1', 'codelive.json.v1'];

export type LostReason = 'lost' | 'reset';

type ServerMessage =
  | { t: 'welcome'; session: string; seq?: number }
  | ({ t: 'render'; seq: number } & TargetRender)
  | { t: 'diagnostics'; seq: number; diagnostics: Diagnostic[] }
  | { t: 'current'; seq: number }
  | ({ t: 'stats' } & SpectrumStats)
  | { t: 'pong'; id: number }
  | { t: 'error'; code: string; message: string; seq?: number };

export class LiveTransport implements Transport {
  readonly kind = 'live';
  /** The param names the session holds values for. */
  private readonly sessionParams: Set<string>;
  /** The server numbers the hello state with its own session seq; the page knows it as this. */
  private readonly helloSeq: number;
  private welcomeSeq = 0;
  private resetting = false;

  private constructor(
    private readonly socket: WebSocket,
    private readonly events: TransportEvents,
    private readonly seqs: SeqCounter,
    /** The state the session starts from (changes made while it opens still went elsewhere). */
    readonly hello: RenderState,
  ) {
    this.sessionParams = new Set(Object.keys(hello.params));
    this.helloSeq = seqs.next();
  }

  /**
   * Opens a session and sends `hello` with `state`. Resolves once the server's `welcome` arrives;
   * rejects when the endpoint is missing, refuses, or stays silent past `timeoutMs`.
   */
  static open(
    url: string,
    state: RenderState,
    events: TransportEvents,
    seqs: SeqCounter,
    onLost: (reason: LostReason) => void,
    timeoutMs = 1500,
  ): Promise<LiveTransport> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(url, LIVE_SUBPROTOCOLS);
      socket.binaryType = 'arraybuffer';
      const live = new LiveTransport(socket, events, seqs, state);
      let welcomed = false;
      const timer = setTimeout(() => fail(new Error('no welcome from /v1/live')), timeoutMs);
      const fail = (error: Error): void => {
        clearTimeout(timer);
        if (welcomed) return;
        socket.close();
        reject(error);
      };
      socket.addEventListener('open', () =>
        live.send({ t: 'hello', source: state.source, params: state.params, flags: wireFlags(state), targets: state.targets }),
      );
      socket.addEventListener('error', () => fail(new Error('/v1/live failed')));
      socket.addEventListener('close', () => {
        if (welcomed) onLost(live.resetting ? 'reset' : 'lost');
        else fail(new Error('/v1/live closed'));
      });
      socket.addEventListener('message', (event: MessageEvent<ArrayBuffer | string>) => {
        const message = live.decode(event.data);
        if (!message) return;
        if (message.t === 'welcome' && !welcomed) {
          welcomed = true;
          live.welcomeSeq = message.seq ?? 0;
          clearTimeout(timer);
          events.status(`live (${socket.protocol === 'codelive.msgpack.v1' ? 'msgpack' : 'json'})`);
          resolve(live);
          return;
        }
        live.dispatch(message);
      });
    });
  }

  push(state: RenderState, change: Change): number {
    if (this.resetting) return this.seqs.current;
    switch (change.kind) {
      case 'source':
        if ([...this.sessionParams].some((name) => !(name in state.params))) {
          this.resetting = true;
          this.socket.close(1000, 'reset');
          return this.seqs.next(); // the fresh session's hello state is numbered after this
        }
        this.send({ t: 'edit', seq: this.seqs.next(), source: state.source });
        break;
      case 'params':
        for (const name of change.names) {
          const value = state.params[name];
          if (value === undefined) continue;
          this.sessionParams.add(name);
          this.send({ t: 'param', seq: this.seqs.next(), name, value });
        }
        break;
      case 'flags':
        this.send({ t: 'flags', seq: this.seqs.next(), flags: wireFlags(state) });
        break;
      case 'targets':
        this.send({ t: 'subscribe', seq: this.seqs.next(), targets: state.targets });
        break;
    }
    return this.seqs.current;
  }

  close(): void {
    this.socket.close(1000);
  }

  private send(message: Record<string, unknown>): void {
    if (this.socket.readyState !== WebSocket.OPEN) return;
    this.socket.send(this.socket.protocol === 'codelive.msgpack.v1' ? pack(message) : JSON.stringify(message));
  }

  private decode(data: ArrayBuffer | string): ServerMessage | null {
    try {
      const raw: unknown = typeof data === 'string' ? JSON.parse(data) : unpack(new Uint8Array(data));
      return typeof raw === 'object' && raw !== null && 't' in raw ? (raw as ServerMessage) : null;
    } catch {
      return null;
    }
  }

  /** The page's number for a server seq: the hello state has the server's, changes keep ours. */
  private pageSeq(seq: number): number {
    return seq <= this.welcomeSeq ? this.helloSeq : seq;
  }

  private dispatch(message: ServerMessage): void {
    switch (message.t) {
      case 'render':
        this.events.render(
          {
            ...message,
            status: message.status ?? 'ok',
            code: message.code ?? '',
            reasons: message.reasons ?? [],
            diagnostics: message.diagnostics ?? [],
            timings: message.timings ?? {},
          },
          this.pageSeq(message.seq),
        );
        break;
      case 'diagnostics':
        this.events.diagnostics(message.diagnostics, this.pageSeq(message.seq));
        break;
      case 'current':
        this.events.current(this.pageSeq(message.seq));
        break;
      case 'stats':
        this.events.stats(message);
        break;
      case 'error':
        this.events.status(`live: ${message.code}: ${message.message}`);
        break;
      default:
        break;
    }
  }
}
