import { startApp } from '../app.js';
import { readConfig } from '../config.js';
import { createLogger } from '../logger.js';

/** `telltale serve`: runs until SIGINT or SIGTERM, then closes cleanly. */
export async function serve(args: string[]): Promise<number> {
  const unknown = args.filter((arg) => arg !== '--demo');
  if (unknown.length > 0) {
    console.error(`telltale serve: unknown option ${unknown[0]}`);
    return 2;
  }

  const config = readConfig();
  const logger = createLogger('telltale', { level: config.logLevel });
  const app = await startApp(config, logger, { demo: args.includes('--demo') });
  logger.info('listening', { url: app.http.url, store: app.services.store.location });

  await new Promise<void>((resolve) => {
    let stopping = false;
    const stop = (signal: string) => {
      if (stopping) return;
      stopping = true;
      logger.info('stopping', { signal });
      void app.close().then(resolve);
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
  });
  return 0;
}
