import type { Clock } from './clock.js';
import { systemClock } from './clock.js';
import type { Config } from './config.js';
import { mountIngestRoute } from './events/ingest/ingest.route.js';
import { loadDemo } from './demo/demo.js';
import { createDemoSink } from './demo/demo-sink.js';
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

  try {
    const user = await services.users.ensure();
    const schema = await createSchema(pubsub);
    const http = await startHttpServer(services, schema, {
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
    const demo = options.demo
      ? await loadDemo(services, user, { selfUrl: selfUrl(http.url) })
      : null;

    return {
      services,
      http,
      close: async () => {
        demo?.stop();
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

// The server's address as seen from itself: a wildcard listen address is not dialable.
function selfUrl(url: string): string {
  return url.replace('//0.0.0.0:', '//127.0.0.1:').replace('//[::]:', '//[::1]:');
}
