// The Fastify application. buildApp() wires the services, plugins and routes and never listens:
// tests inject into it or listen on port 0; src/server/main.ts listens for real.

import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import cors from '@fastify/cors';
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import type { ServerConfig } from './config.js';
import { installDraining } from './plugins/draining.js';
import { installObservability } from './plugins/observability.js';
import { installOpenApi } from './plugins/openapi.js';
import { installProblemHandlers } from './plugins/problems.js';
import { installRateLimit } from './plugins/ratelimit.js';
import { liveRoutes } from './live/plugin.js';
import { healthRoutes } from './routes/health.js';
import { ResponseMemo } from './routes/memo.js';
import { renderRoutes } from './routes/render.js';
import { SHARED_SCHEMAS } from './routes/schemas.js';
import { studioRoutes } from './routes/studio.js';
import { targetRoutes } from './routes/targets.js';
import { workerBundle } from './pool/bundle.js';
import { createServices, type ServerServices, type ServiceOptions } from './services.js';

export interface CodeLiveApp {
  readonly app: FastifyInstance;
  readonly services: ServerServices;
}

export const VERSION: string = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

export async function buildApp(config: ServerConfig, options: ServiceOptions = {}): Promise<CodeLiveApp> {
  const app = Fastify({
    logger: { level: config.logLevel },
    // One line per request, written by the observability hooks.
    logController: new LogController({ disableRequestLogging: true, requestIdLogLabel: 'reqId' }),
    requestIdHeader: false,
    genReqId: requestId,
    bodyLimit: config.bodyLimitBytes,
    // Rate limits and logs key on request.ip: behind a trusted proxy, the forwarded client.
    trustProxy: config.trustProxy.includes('*') ? true : config.trustProxy.length > 0 ? [...config.trustProxy] : false,
    requestTimeout: config.requestTimeoutMs,
    http: slowClientDeadlines(config.requestTimeoutMs),
    keepAliveTimeout: config.keepAliveTimeoutMs,
    // While draining on shutdown we answer with our own problem document (plugins/draining.ts).
    return503OnClosing: false,
    ajv: {
      // Reject what the schema does not allow instead of silently coercing or dropping it.
      customOptions: { removeAdditional: false, coerceTypes: false, useDefaults: true, allErrors: false, allowUnionTypes: true },
    },
  });

  const services = createServices(config, app.log, { workerFile: await workerBundle() }, options);
  app.addHook('onClose', async () => services.close());

  installDraining(app);

  // JSON only: any other body type is a 415, not a confusing validation error.
  app.removeContentTypeParser('text/plain');
  for (const schema of SHARED_SCHEMAS) app.addSchema(schema);
  installProblemHandlers(app, config.bodyLimitBytes);
  installObservability(app, services.metrics);
  await installRateLimit(app, { max: config.rateLimitMax, windowMs: config.rateLimitWindowMs });
  await installOpenApi(app, VERSION);
  if (config.corsOrigins.length > 0) {
    await app.register(cors, { origin: config.corsOrigins.includes('*') ? true : [...config.corsOrigins] });
  }

  const memo = new ResponseMemo(services.responses, services.metrics);
  await app.register(renderRoutes, { config, renderer: services.renderer, memo, metrics: services.metrics });
  await app.register(targetRoutes, { config });
  await app.register(healthRoutes, { services, version: VERSION });
  await app.register(liveRoutes, { config, services });
  await app.register(studioRoutes);
  return { app, services };
}

/**
 * Node checks request deadlines every `connectionsCheckingInterval` (30 s by default), far too
 * coarse to enforce a deadline of seconds; headers must arrive within the request deadline too.
 */
function slowClientDeadlines(requestTimeoutMs: number): { connectionsCheckingInterval?: number; headersTimeout?: number } {
  if (requestTimeoutMs === 0) return {};
  return { connectionsCheckingInterval: Math.max(50, Math.min(1000, requestTimeoutMs / 4)), headersTimeout: requestTimeoutMs };
}

const CLIENT_REQUEST_ID = /^[\w.:-]{1,128}$/;

/** The client's x-request-id when it is a sane token, else a fresh UUID. */
function requestId(request: IncomingMessage): string {
  const given = request.headers['x-request-id'];
  return typeof given === 'string' && CLIENT_REQUEST_ID.test(given) ? given : randomUUID();
}
