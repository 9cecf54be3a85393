// Every live session by id. One ticker per server (not one timer per session) sends the stats
// frames, ends sessions idle past the idle timeout and drops detached ones past the grace period.

import { randomUUID } from 'node:crypto';
import type { ServerServices } from '../services.js';
import { ProtocolError, type ClientMessage } from './protocol.js';
import { LiveSession, type SessionOptions } from './session.js';

export interface RegistryOptions extends SessionOptions {
  readonly maxSessions: number;
  readonly resumeGraceMs: number;
  readonly idleTimeoutMs: number;
  readonly statsIntervalMs: number;
}

/** WebSocket close codes of the application range. */
export const CLOSE_IDLE = 4000;

type Hello = Extract<ClientMessage, { t: 'hello' }>;

export class SessionRegistry {
  private readonly sessions = new Map<string, LiveSession>();
  private readonly ticker: NodeJS.Timeout;

  constructor(
    private readonly services: ServerServices,
    private readonly options: RegistryOptions,
  ) {
    this.ticker = setInterval(() => this.tick(), options.statsIntervalMs);
    this.ticker.unref();
  }

  /** The session a hello names (resumed), or a new one; throws ProtocolError when neither is possible. */
  open(hello: Hello): { session: LiveSession; resumed: boolean } {
    const known = hello.session === undefined ? undefined : this.sessions.get(hello.session);
    if (known) return { session: known, resumed: true };
    if (hello.source === undefined || hello.targets === undefined) {
      const why = hello.session === undefined ? 'a new session needs `source` and `targets`' : `session ${hello.session} is unknown or expired; start a new one with \`source\` and \`targets\``;
      throw new ProtocolError(hello.session === undefined ? 'bad-message' : 'unknown-session', why);
    }
    if (this.sessions.size >= this.options.maxSessions) {
      throw new ProtocolError('too-many-sessions', `The server holds its maximum of ${this.options.maxSessions} live sessions.`);
    }
    const state = { source: hello.source, params: { ...hello.params }, flags: { ...hello.flags }, targets: [...hello.targets] };
    const session = new LiveSession(randomUUID(), state, this.services, this.options);
    this.sessions.set(session.id, session);
    return { session, resumed: false };
  }

  counts(): { attached: number; detached: number } {
    let attached = 0;
    for (const s of this.sessions.values()) if (s.attached) attached++;
    return { attached, detached: this.sessions.size - attached };
  }

  close(): void {
    clearInterval(this.ticker);
    for (const s of this.sessions.values()) s.close();
    this.sessions.clear();
  }

  private tick(): void {
    const now = performance.now();
    for (const [id, s] of this.sessions) {
      if (s.detachedAt !== null && now - s.detachedAt > this.options.resumeGraceMs) {
        s.close();
        this.sessions.delete(id);
      } else if (now - s.lastActivity > this.options.idleTimeoutMs) {
        s.close({ code: CLOSE_IDLE, text: 'idle timeout' });
        this.sessions.delete(id);
      } else {
        s.reportStats();
      }
    }
  }
}
