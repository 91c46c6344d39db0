import type { Clock } from './clock.js';
import { systemClock } from './clock.js';
import type { Config } from './config.js';
import { mountIngestRoute } from './events/ingest/ingest.route.js';
import { createSchema } from './graphql/schema.js';
import { startHttpServer, type HttpServer } from './http/server.js';
import type { Logger } from './logger.js';
import { createPubSubBus } from './pubsub/pubsub.js';
import { createServices, type Services } from './services.js';
import { openStore } from './store/store.js';

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
  const store = await openStore(config.store, logger.child('store'));
  const pubsub = createPubSubBus(config.redisUrl, logger.child('pubsub'));
  const services = createServices({
    config,
    clock: options.clock ?? systemClock,
    logger,
    store,
    pubsub,
  });

  try {
    const user = await services.users.ensure();
    const schema = await createSchema(pubsub);
    const http = await startHttpServer(services, schema, {
      host: config.host,
      port: config.port,
      user,
      routes: (app) =>
        mountIngestRoute(app, services.ingest, {
          maxBodyBytes: config.ingestMaxBodyBytes,
          logger: logger.child('ingest'),
        }),
    });
    services.evaluator.start();
    services.dispatcher.start();

    return {
      services,
      http,
      close: async () => {
        await http.close();
        await services.evaluator.stop();
        await services.dispatcher.stop();
        await pubsub.close();
        await store.close();
      },
    };
  } catch (error) {
    await pubsub.close();
    await store.close();
    throw error;
  }
}
