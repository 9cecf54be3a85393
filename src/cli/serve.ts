import { ConfigError, loadConfig } from '../server/config.js';
import { startServer } from '../server/main.js';

/** Runs until SIGINT/SIGTERM; the server drains in-flight requests before exiting. */
export async function serveCommand(argv: readonly string[]): Promise<number> {
  let config;
  try {
    config = loadConfig({ env: process.env, argv: [...argv] });
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`codelive serve: ${error.message}\n`);
    return 2;
  }
  const server = await startServer(config);
  await server.closed;
  return 0;
}
