import type { Clock } from './clock.js';
import { systemClock } from './clock.js';
import type { Config } from './config.js';
import { mountIngestRoute } from './events/ingest/ingest.route.js';
import { loadDemo, type Demo } from './demo/demo.js';
import { createDemoSink } from './demo/demo-sink.js';
import { createSchema } from './graphql/schema.js';
import { startHttpServer, type HttpServer } from './http/server.js';
import type { Logger } from './logger.js';
import { createPubSubBus } from './pubsub/pubsub.js';
import { createServices, type Services } from './services.js';
import { lockSqliteStore } from './store/sqlite-lock.js';
import { openStore, type Store } from './store/store.js';

export interface App {
  services: Services;
  http: HttpServer;
  close(): Promise<void>;
}

export interface AppOptions {
  clock?: Clock;
  /** On an empty store, load the demo rules and action and replay the demo events. */
  demo?: boolean;
}

/** Opens the store, starts HTTP and the background workers; `close` stops them in reverse. */
export async function startApp(
  config: Config,
  logger: Logger,
  options: AppOptions = {},
): Promise<App> {
  // One server per SQLite file: a second would run a second evaluator on the same events.
  const lock =
    config.store.dialect === 'sqlite'
      ? lockSqliteStore(config.store.path, config.store.setting)
      : null;
  let store: Store;
  try {
    store = await openStore(config.store, logger.child('store'), { secretKey: config.secretKey });
  } catch (error) {
    lock?.release();
    throw error;
  }
  const pubsub = createPubSubBus(config.redisUrl, logger.child('pubsub'), {
    redisPrefix: config.redisPrefix,
  });
  const services = createServices({
    config,
    clock: options.clock ?? systemClock,
    logger,
    store,
    pubsub,
  });

  let http: HttpServer | null = null;
  let demo: Demo | null = null;
  let closing: Promise<void> | null = null;
  // Once, however often it is called: a signal and a test's cleanup may both close.
  const close = () => (closing ??= closeOnce());
  const closeOnce = async () => {
    demo?.stop();
    // Uploads in progress stop after the batch they are storing and are answered before HTTP
    // closes, with the line to send again from: nothing acknowledged is lost or repeated.
    await services.ingest.interrupt('the server is shutting down');
    if (http) {
      await http.close();
      await services.evaluator.stop();
      await services.dispatcher.stop();
    }
    await pubsub.close();
    await store.close();
    lock?.release();
  };

  try {
    const user = await services.users.ensure();
    await sealSecrets(services, logger);
    const schema = await createSchema(pubsub);
    http = await startHttpServer(services, schema, {
      host: config.host,
      port: config.port,
      user,
      routes: (app) => {
        mountIngestRoute(app, services.ingest, {
          maxBodyBytes: config.ingestMaxBodyBytes,
          logger: logger.child('ingest'),
        });
        if (options.demo) createDemoSink().mount(app);
      },
    });
    services.ingest.onCommitted(() => services.evaluator.wake());
    services.evaluator.start();
    services.dispatcher.start();
    if (options.demo) demo = await loadDemo(services, user, { selfUrl: selfUrl(http.url) });

    return { services, http, close };
  } catch (error) {
    await close();
    throw error;
  }
}

// The server's address as seen from itself: a wildcard listen address is not dialable.
function selfUrl(url: string): string {
  return url.replace('//0.0.0.0:', '//127.0.0.1:').replace('//[::]:', '//[::1]:');
}

// Checks the key against the stored secrets (a wrong or missing one stops the start) and
// encrypts those stored before a key was configured; without a key (PostgreSQL with no
// TELLTALE_SECRET_KEY), says that they are stored as they are.
async function sealSecrets(services: Services, logger: Logger) {
  const sealed = await services.actions.sealStoredSecrets();
  if (!services.store.secrets.encrypts) {
    logger.warn(
      'action secrets are stored unencrypted: set TELLTALE_SECRET_KEY, the same on every ' +
        'replica, to encrypt them',
    );
  } else if (sealed > 0) {
    logger.info('encrypted the secrets of stored actions', { actions: sealed });
  }
}
