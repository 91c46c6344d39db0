import 'reflect-metadata';

import { startApp } from './app.js';
import { readConfig } from './config.js';
import { createLogger } from './logger.js';

const bootLogger = createLogger('telltale');

try {
  const config = readConfig();
  const logger = createLogger('telltale', { level: config.logLevel });
  const app = await startApp(config, logger);
  logger.info('listening', { url: app.http.url, store: app.services.store.location });

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info('stopping', { signal });
    await app.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
} catch (error) {
  bootLogger.error('failed to start', { error });
  process.exit(1);
}
