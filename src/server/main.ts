// The listening server. `codelive serve` calls startServer(); running this file directly
// (`node --import tsx src/server/main.ts [--port N ...]`) does the same with the environment and
// flags, and shuts down gracefully on SIGINT/SIGTERM.

import { pathToFileURL } from 'node:url';
import { buildApp, type CodeLiveApp } from './app.js';
import { ConfigError, loadConfig, type ServerConfig } from './config.js';
import type { ServiceOptions } from './services.js';

export interface RunningServer extends CodeLiveApp {
  /** e.g. http://127.0.0.1:4000 */
  readonly url: string;
  readonly port: number;
  /**
   * Graceful shutdown: stop accepting connections, answer new requests on open connections
   * with 503 `shutting-down`, let in-flight requests finish (up to `shutdownTimeoutMs`, then
   * cut them off), stop the workers. Safe to call more than once.
   */
  close(): Promise<void>;
}

/**
 * Build the app, start its workers and listen on `config.host:config.port` (port 0 picks a free
 * port; read it back from `port`). Resolves once the server accepts connections.
 */
export async function startServer(config: ServerConfig, options: ServiceOptions = {}): Promise<RunningServer> {
  const built = await buildApp(config, options);
  const { app } = built;
  try {
    await app.listen({ host: config.host, port: config.port });
  } catch (error) {
    await app.close();
    throw error;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : config.port;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  let closing: Promise<void> | null = null;
  const close = (): Promise<void> => (closing ??= shutdown(built, config.shutdownTimeoutMs));
  return { ...built, url: `http://${host}:${port}`, port, close };
}

async function shutdown({ app }: CodeLiveApp, timeoutMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  const closed = app.close().then(() => 'closed' as const);
  if ((await Promise.race([closed, deadline])) === 'timeout') {
    app.log.warn({ timeoutMs }, 'shutdown deadline passed; cutting off remaining connections');
    app.server.closeAllConnections();
    await closed;
  }
  clearTimeout(timer);
}

/** Entry point when run as a script: config from the environment and argv. */
async function main(): Promise<void> {
  let config: ServerConfig;
  try {
    config = loadConfig({ env: process.env, argv: process.argv.slice(2) });
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`codelive serve: ${error.message}\n`);
    process.exit(2);
  }
  const server = await startServer(config);
  const stop = (signal: NodeJS.Signals): void => {
    server.app.log.info({ signal }, 'shutting down');
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        server.app.log.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
