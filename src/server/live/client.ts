// A small Node client of the live protocol, used by the tests and by `npm run bench:live`.

import { WebSocket } from 'ws';
import { codecFor } from './codec.js';
import { SUBPROTOCOL_JSON, SUBPROTOCOL_MSGPACK, type ServerMessage } from './protocol.js';

export type Encoding = 'msgpack' | 'json' | 'none';

export interface LiveClientOptions {
  /** Keep every message in `received` (tests); off for the bench. */
  readonly keep?: boolean;
  readonly onMessage?: (message: ServerMessage) => void;
}

interface Waiter {
  readonly match: (m: ServerMessage) => boolean;
  readonly resolve: (m: ServerMessage) => void;
}

export class LiveClient {
  readonly received: ServerMessage[] = [];
  private readonly waiters = new Set<Waiter>();
  private readonly binary: boolean;

  private constructor(
    readonly socket: WebSocket,
    options: LiveClientOptions,
  ) {
    this.binary = socket.protocol === SUBPROTOCOL_MSGPACK;
    const codec = codecFor(socket.protocol);
    socket.on('message', (data: Buffer, isBinary) => {
      const message = codec.decode(data, isBinary) as ServerMessage;
      if (options.keep !== false) this.received.push(message);
      options.onMessage?.(message);
      for (const w of this.waiters) {
        if (w.match(message)) {
          this.waiters.delete(w);
          w.resolve(message);
        }
      }
    });
  }

  /** `url`: the server's http://host:port. */
  static connect(url: string, encoding: Encoding = 'msgpack', options: LiveClientOptions = {}): Promise<LiveClient> {
    const protocols = encoding === 'msgpack' ? [SUBPROTOCOL_MSGPACK] : encoding === 'json' ? [SUBPROTOCOL_JSON] : [];
    const socket = new WebSocket(`${url.replace(/^http/, 'ws')}/v1/live`, protocols, { perMessageDeflate: false });
    return new Promise((resolve, reject) => {
      socket.once('open', () => resolve(new LiveClient(socket, options)));
      socket.once('error', reject);
    });
  }

  send(message: Readonly<Record<string, unknown>>): void {
    this.socket.send(codecFor(this.socket.protocol).encode(message as unknown as ServerMessage), { binary: this.binary });
  }

  /** The first message, already received or still to come, that matches. */
  waitFor<T extends ServerMessage['t']>(
    t: T,
    match: (m: Extract<ServerMessage, { t: T }>) => boolean = () => true,
    timeoutMs = 10_000,
  ): Promise<Extract<ServerMessage, { t: T }>> {
    type M = Extract<ServerMessage, { t: T }>;
    const test = (m: ServerMessage): m is M => m.t === t && match(m as M);
    const seen = this.received.find(test);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        match: test,
        resolve: (m) => {
          clearTimeout(timer);
          resolve(m as M);
        },
      };
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(new Error(`no ${t} message within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiters.add(waiter);
    });
  }

  close(): Promise<void> {
    if (this.socket.readyState === WebSocket.CLOSED) return Promise.resolve();
    return new Promise((resolve) => {
      this.socket.once('close', () => resolve());
      this.socket.close();
    });
  }
}
