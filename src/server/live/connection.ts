// One WebSocket connection: rate limit, decode, validate, dispatch. Every refusal is an error
// frame; only the transport (a frame over maxPayload, a broken socket) ends the connection.

import type { RawData, WebSocket } from 'ws';
import type { ServerMetrics } from '../metrics.js';
import type { Codec } from './codec.js';
import { Outbox } from './outbox.js';
import { parseClientMessage, ProtocolError, type ClientMessage, type LiveLimits } from './protocol.js';
import { TokenBucket } from './rate.js';
import type { SessionRegistry } from './registry.js';
import type { LiveSession } from './session.js';

export interface ConnectionOptions {
  readonly limits: LiveLimits;
  readonly highWaterBytes: number;
  readonly onInternalError: (error: unknown) => void;
}

export class LiveConnection {
  private session: LiveSession | null = null;
  private readonly outbox: Outbox;
  private readonly bucket: TokenBucket;

  constructor(
    socket: WebSocket,
    private readonly codec: Codec,
    private readonly registry: SessionRegistry,
    private readonly metrics: ServerMetrics,
    private readonly options: ConnectionOptions,
  ) {
    this.outbox = new Outbox(socket, codec, options.highWaterBytes, (dropped) => {
      metrics.liveRendersDropped.inc({ type: dropped.t });
      if (this.session) this.session.stats.dropped++;
    });
    this.bucket = new TokenBucket(options.limits.messagesPerSecond, options.limits.burst);
    socket.on('message', (data, isBinary) => this.receive(toBuffer(data), isBinary));
    socket.on('close', () => {
      this.outbox.close();
      this.session?.detach(this.outbox);
    });
    socket.on('error', () => {}); // followed by 'close'
  }

  private receive(data: Buffer, isBinary: boolean): void {
    try {
      if (!this.bucket.take()) {
        const { messagesPerSecond, burst } = this.options.limits;
        throw new ProtocolError('rate-limited', `More than ${messagesPerSecond} messages a second (bursts of ${burst}); this one was dropped.`);
      }
      const message = parseClientMessage(this.codec.decode(data, isBinary));
      this.metrics.liveMessages.inc({ type: message.t });
      this.session?.touch();
      this.dispatch(message);
    } catch (error) {
      // A bug must cost this message, not the server: ws would rethrow it as uncaught.
      if (!(error instanceof ProtocolError)) this.options.onInternalError(error);
      const e = error instanceof ProtocolError ? error : new ProtocolError('internal', 'The server failed to handle this message.');
      this.metrics.liveErrors.inc({ code: e.code });
      this.outbox.sendNow({ t: 'error', code: e.code, message: e.message, ...(e.seq === undefined ? {} : { seq: e.seq }) });
    }
  }

  private dispatch(message: ClientMessage): void {
    switch (message.t) {
      case 'ping':
        return this.outbox.sendNow({ t: 'pong', id: message.id });
      case 'hello': {
        if (this.session) throw new ProtocolError('bad-message', 'this connection already has a session');
        const { session, resumed } = this.registry.open(message);
        this.session = session;
        this.outbox.sendNow({ t: 'welcome', session: session.id, resumed, seq: session.seq, limits: this.options.limits });
        session.attach(this.outbox, resumed);
        return;
      }
      default:
        if (!this.session) throw new ProtocolError('no-session', 'send `hello` first', message.seq);
        this.session.apply(message);
    }
  }
}

function toBuffer(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.from(data);
}
