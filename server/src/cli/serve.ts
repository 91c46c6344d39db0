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

  // Listening before the app starts means a signal during start-up (a slow demo load, a
  // store that takes a while) is honoured once the app is up, instead of killing it midway.
  // `on`, not `once`: a second Ctrl-C (the terminal and pnpm both forward one) must not fall
  // through to Node's default handler and cut the shutdown short.
  let stopSignal: NodeJS.Signals | null = null;
  let wake = () => {};
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopSignal) return;
    stopSignal = signal;
    wake();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  const config = readConfig();
  const logger = createLogger('telltale', { level: config.logLevel });
  const app = await startApp(config, logger, { demo: args.includes('--demo') });
  logger.info('listening', { url: app.http.url, store: app.services.store.location });

  if (!stopSignal) await new Promise<void>((resolve) => (wake = resolve));
  logger.info('stopping', { signal: stopSignal });
  await app.close();
  return 0;
}
