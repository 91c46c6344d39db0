import type { Clock } from './clock.js';
import type { Config } from './config.js';
import type { Logger } from './logger.js';
import type { PubSub } from './pubsub/pubsub.js';
import type { Store } from './store/store.js';
import { UserService } from './users/user.service.js';

/** The server's services, built once at start and handed to resolvers and routes. */
export interface Services {
  config: Config;
  clock: Clock;
  logger: Logger;
  store: Store;
  pubsub: PubSub;
  users: UserService;
}

export interface ServiceDeps {
  config: Config;
  clock: Clock;
  logger: Logger;
  store: Store;
  pubsub: PubSub;
}

/** Wires the services together. Nothing starts running here; see app.ts. */
export function createServices(deps: ServiceDeps): Services {
  const { store } = deps;
  return {
    ...deps,
    users: new UserService(store.prisma),
  };
}
