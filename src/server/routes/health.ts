// GET /health (liveness: answers from the event loop, never touches a worker) and
// GET /health/detailed (components, cache, limiter, breakers, process figures), plus /metrics.

import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { FastifyInstance } from 'fastify';
import { RATE_LIMIT_EXEMPT } from '../plugins/ratelimit.js';
import type { ServerServices } from '../services.js';

export interface HealthRoutesOptions {
  readonly services: ServerServices;
  readonly version: string;
}

type Status = 'ok' | 'degraded' | 'down';

const component = {
  type: 'object',
  properties: { status: { type: 'string', enum: ['ok', 'degraded', 'down'] } },
  required: ['status'],
  additionalProperties: true,
} as const;

export async function healthRoutes(app: FastifyInstance, { services, version }: HealthRoutesOptions): Promise<void> {
  const { pool, limiter, breakers, sources, renders, responses, metrics } = services;
  const loopDelay = monitorEventLoopDelay({ resolution: 10 });
  loopDelay.enable();
  app.addHook('onClose', async () => loopDelay.disable());
  const startedAt = performance.now();
  let lastCpu = { usage: process.cpuUsage(), at: startedAt };

  app.get(
    '/health',
    {
      config: RATE_LIMIT_EXEMPT,
      schema: {
        summary: 'Liveness',
        response: { 200: { type: 'object', properties: { status: { type: 'string' } }, required: ['status'] } },
      },
    },
    async () => ({ status: 'ok' }),
  );

  app.get(
    '/health/detailed',
    {
      config: RATE_LIMIT_EXEMPT,
      schema: {
        summary: 'Components, cache, limiter, breakers and process figures',
        response: {
          200: {
            type: 'object',
            properties: {
              status: { type: 'string', enum: ['ok', 'degraded', 'down'] },
              version: { type: 'string' },
              uptimeSeconds: { type: 'number' },
              components: { type: 'object', additionalProperties: component },
              process: { type: 'object', additionalProperties: true },
            },
            required: ['status', 'version', 'uptimeSeconds', 'components', 'process'],
          },
        },
      },
    },
    async () => {
      const poolStats = pool.stats();
      const limiterStats = limiter.snapshot();
      const breakerStates = breakers.snapshot();
      const openTargets = Object.entries(breakerStates).filter(([, s]) => s !== 'closed').map(([t]) => t);
      const components = {
        workers: { status: (poolStats.threads > 0 ? 'ok' : 'down') as Status, ...poolStats },
        cache: { status: 'ok' as Status, response: responses.stats(), source: sources.stats(), render: renders.level1.stats() },
        limiter: { status: (limiterStats.inflight >= limiterStats.limit ? 'degraded' : 'ok') as Status, ...limiterStats },
        breakers: { status: (openTargets.length > 0 ? 'degraded' : 'ok') as Status, targets: breakerStates },
      };
      const statuses = Object.values(components).map((c) => c.status);
      const status: Status = statuses.includes('down') ? 'down' : statuses.includes('degraded') ? 'degraded' : 'ok';

      const now = { usage: process.cpuUsage(), at: performance.now() };
      const cpuMicros = now.usage.user - lastCpu.usage.user + (now.usage.system - lastCpu.usage.system);
      const cpuPercent = now.at > lastCpu.at ? (cpuMicros / 1000 / (now.at - lastCpu.at)) * 100 : 0;
      lastCpu = now;
      const memory = process.memoryUsage();
      const processFigures = {
        pid: process.pid,
        cpu: { userSeconds: now.usage.user / 1e6, systemSeconds: now.usage.system / 1e6, percentSinceLastCall: cpuPercent },
        memory: { rssBytes: memory.rss, heapUsedBytes: memory.heapUsed, heapTotalBytes: memory.heapTotal, externalBytes: memory.external },
        eventLoopDelayMs: { p50: loopDelay.percentile(50) / 1e6, p99: loopDelay.percentile(99) / 1e6, max: loopDelay.max / 1e6 },
      };
      loopDelay.reset();
      return { status, version, uptimeSeconds: (performance.now() - startedAt) / 1000, components, process: processFigures };
    },
  );

  app.get('/metrics', { config: RATE_LIMIT_EXEMPT, schema: { hide: true } }, async (_request, reply) => {
    reply.type(metrics.registry.contentType);
    return metrics.exposition();
  });
}
