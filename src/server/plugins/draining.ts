// Graceful shutdown from inside the app: once close() starts, requests that still arrive on open
// connections get 503 `shutting-down`, and connections are closed as soon as their in-flight
// answer has gone out.

import type { FastifyInstance } from 'fastify';
import { problem, ProblemError } from '../problem.js';

/** How often idle keep-alive connections are swept while draining. */
const IDLE_SWEEP_MS = 25;

export function installDraining(app: FastifyInstance): void {
  let draining = false;
  let idleSweep: NodeJS.Timeout | undefined;
  app.addHook('preClose', async () => {
    draining = true;
    // Keep-alive connections whose in-flight answer was just sent would otherwise hold the
    // shutdown open until their idle timeout.
    idleSweep = setInterval(() => app.server.closeIdleConnections(), IDLE_SWEEP_MS);
  });
  app.addHook('onClose', async () => clearInterval(idleSweep));
  app.addHook('onRequest', (_request, reply, done) => {
    if (!draining) return done();
    reply.header('connection', 'close');
    done(new ProblemError(problem('shutting-down', 'The server is shutting down; retry on another instance.'), 1));
  });
}
