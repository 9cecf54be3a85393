// GET /v1/live: the live protocol over WebSocket (docs/live.md). The subprotocol picks the
// frame encoding; without one the connection speaks JSON.

import websocket from '@fastify/websocket';
import type { FastifyInstance } from 'fastify';
import { resolveLimits } from '../../lang/limits.js';
import type { ServerConfig } from '../config.js';
import type { ServerServices } from '../services.js';
import { codecFor } from './codec.js';
import { LiveConnection } from './connection.js';
import { SUBPROTOCOL_JSON, SUBPROTOCOL_MSGPACK, type LiveLimits } from './protocol.js';
import { SessionRegistry } from './registry.js';

export interface LiveRoutesOptions {
  readonly config: ServerConfig;
  readonly services: ServerServices;
}

/** Room in a frame beyond the source itself (the other fields, escaping). */
const FRAME_OVERHEAD_BYTES = 64 * 1024;

export async function liveRoutes(app: FastifyInstance, { config, services }: LiveRoutesOptions): Promise<void> {
  const maxSourceBytes = resolveLimits(config.languageLimits).maxSourceBytes;
  const limits: LiveLimits = {
    maxSourceBytes,
    messagesPerSecond: config.liveMessageRate,
    burst: 2 * config.liveMessageRate,
    coalesceMs: config.liveCoalesceMs,
    resumeGraceMs: config.liveResumeGraceMs,
    idleTimeoutMs: config.liveIdleTimeoutMs,
  };
  await app.register(websocket, {
    options: {
      // JSON escaping can double a source; beyond this the transport closes with 1009.
      maxPayload: 2 * maxSourceBytes + FRAME_OVERHEAD_BYTES,
      handleProtocols: (offered) => (offered.has(SUBPROTOCOL_MSGPACK) ? SUBPROTOCOL_MSGPACK : offered.has(SUBPROTOCOL_JSON) ? SUBPROTOCOL_JSON : false),
    },
  });
  const onInternalError = (error: unknown): void => app.log.error({ err: error }, 'live session failed');
  const registry = new SessionRegistry(services, {
    coalesceMs: config.liveCoalesceMs,
    maxSourceBytes,
    prediction: config.livePrediction,
    languageLimits: config.languageLimits,
    onInternalError,
    maxSessions: config.liveMaxSessions,
    resumeGraceMs: config.liveResumeGraceMs,
    idleTimeoutMs: config.liveIdleTimeoutMs,
    statsIntervalMs: config.liveStatsIntervalMs,
  });
  services.metrics.attachLive(() => registry.counts());
  app.addHook('onClose', async () => registry.close());
  app.get('/v1/live', { websocket: true, schema: { summary: 'The live protocol (WebSocket; docs/live.md)' } }, (socket) => {
    new LiveConnection(socket, codecFor(socket.protocol), registry, services.metrics, {
      limits,
      highWaterBytes: config.liveHighWaterBytes,
      onInternalError,
    });
  });
}
