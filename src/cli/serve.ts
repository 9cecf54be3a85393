import { ConfigError, loadConfig } from '../server/config.js';
import { startServer } from '../server/main.js';

/** Runs until SIGINT/SIGTERM, then drains in-flight requests before returning. */
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
  process.stderr.write(`codelive: serving on ${server.url}\n`);
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      void server.close().then(resolve);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  return 0;
}
