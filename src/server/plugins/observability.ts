// Request-level observability on the root instance: the request id echoed in `x-request-id`,
// one structured log line per request, and the HTTP metrics (rate and errors by status class,
// latency, active requests).

import type { FastifyInstance, FastifyRequest } from 'fastify';
import { statusClass, type ServerMetrics } from '../metrics.js';

const degradedRequests = new WeakSet<FastifyRequest>();

/** Count this 200 as `degraded` rather than `success`. */
export function markDegraded(request: FastifyRequest): void {
  degradedRequests.add(request);
}

export function installObservability(app: FastifyInstance, metrics: ServerMetrics): void {
  // Skip building the log record at all when it would be dropped.
  const logRequests = ['info', 'debug', 'trace'].includes(app.log.level);
  // Callback-style hooks: they run on every request, and skip a promise each.
  app.addHook('onRequest', (request, reply, done) => {
    reply.header('x-request-id', request.id);
    metrics.activeRequests.inc();
    // 'close' fires exactly once whether the answer was sent or the client went away (Fastify's
    // onRequestAbort misses a client that leaves after sending its whole body).
    reply.raw.once('close', () => metrics.activeRequests.dec());
    done();
  });

  app.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url ?? 'unmatched';
    const cls = statusClass(reply.statusCode, degradedRequests.has(request));
    const ms = reply.elapsedTime;
    metrics.httpRequests.inc(route, request.method, cls);
    metrics.httpDuration.observe(ms / 1000, route, cls);
    if (logRequests) {
      request.log.info({ method: request.method, url: request.url, route, status: reply.statusCode, class: cls, ms }, 'request completed');
    }
    done();
  });
}
