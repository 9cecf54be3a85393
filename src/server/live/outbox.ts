// One connection's outgoing frames with backpressure. Control frames (welcome, pong, error) are
// small and always sent. Renders and stats are "latest wins" per slot: while the socket holds
// more than the high-water mark unsent, a new frame for a slot replaces the one waiting there
// (counted as dropped) instead of piling up, and the waiting frames go out once it drains.

import type { Socket } from 'node:net';
import type { WebSocket } from 'ws';
import type { Codec } from './codec.js';
import type { ServerMessage } from './protocol.js';

/** How often a congested socket is checked for room. */
const DRAIN_POLL_MS = 20;

export class Outbox {
  /** slot (target name, 'stats') → the newest frame not yet sent; insertion order = send order. */
  private readonly waiting = new Map<string, ServerMessage>();
  private poll: NodeJS.Timeout | null = null;
  /**
   * The TCP socket under the WebSocket (ws keeps it as `_socket`), corked while frames of one
   * tick are written: a render cycle sends a frame per target, and one write system call for
   * them all costs a fraction of one each (on loopback the receiver's TCP work runs inside it).
   */
  private readonly tcp: Socket | undefined;
  private corked = false;

  constructor(
    private readonly socket: WebSocket,
    private readonly codec: Codec,
    private readonly highWaterBytes: number,
    private readonly onDropped: (message: ServerMessage) => void,
  ) {
    this.tcp = (socket as unknown as { _socket?: Socket })._socket;
  }

  get open(): boolean {
    return this.socket.readyState === this.socket.OPEN;
  }

  get congested(): boolean {
    return this.socket.bufferedAmount > this.highWaterBytes;
  }

  /** Control frames: sent now, whatever the buffer holds. */
  sendNow(message: ServerMessage): void {
    if (this.open) this.write(message);
  }

  /** A latest-wins frame for `slot`. */
  offer(slot: string, message: ServerMessage): void {
    if (!this.open) return;
    if (this.waiting.size === 0 && !this.congested) {
      this.write(message);
      return;
    }
    const superseded = this.waiting.get(slot);
    if (superseded) {
      this.onDropped(superseded);
      this.waiting.delete(slot); // re-inserted last: the newer frame keeps its place in the order
    }
    this.waiting.set(slot, message);
    this.poll ??= setInterval(() => this.flush(), DRAIN_POLL_MS);
  }

  closeSocket(code: number, reason: string): void {
    this.close();
    this.socket.close(code, reason);
  }

  close(): void {
    if (this.poll) clearInterval(this.poll);
    this.poll = null;
    this.waiting.clear();
  }

  private flush(): void {
    if (!this.open) return this.close();
    for (const [slot, message] of this.waiting) {
      if (this.congested) return;
      this.waiting.delete(slot);
      this.write(message);
    }
    this.close();
  }

  private write(message: ServerMessage): void {
    if (this.tcp && !this.corked) {
      this.corked = true;
      this.tcp.cork();
      process.nextTick(() => {
        this.corked = false;
        this.tcp!.uncork();
      });
    }
    this.socket.send(this.codec.encode(message));
  }
}
