import { createRedisEventTarget } from '@graphql-yoga/redis-event-target';
import { createPubSub } from '@graphql-yoga/subscription';
import { Redis } from 'ioredis';
import { setMaxListeners } from 'node:events';

import type { Logger } from '../logger.js';
import type { Topic, TopicPayloads } from './topics.js';

type Channels = { [K in Topic]: [TopicPayloads[K]] };

export interface PubSubOptions {
  /**
   * Put before every Redis channel name: replicas that share a prefix see each other's
   * messages, others do not.
   * @default 'telltale:'
   */
  redisPrefix?: string;
}

/** Publishes domain events to subscribers: in this process, or across replicas via Redis. */
export interface PubSub {
  publish<T extends Topic>(topic: T, payload: TopicPayloads[T]): void;
  subscribe<T extends Topic>(topic: T): AsyncIterable<TopicPayloads[T]>;
  close(): Promise<void>;
}

/**
 * Creates the pub/sub: in-process without `redisUrl`; with it, every replica connected to
 * the same Redis receives what any replica publishes.
 */
export function createPubSubBus(
  redisUrl: string | null,
  logger: Logger,
  { redisPrefix = 'telltale:' }: PubSubOptions = {},
): PubSub {
  if (!redisUrl) {
    // Every open subscription is a listener: a dashboard per analyst is not a leak.
    const eventTarget = new EventTarget();
    setMaxListeners(0, eventTarget);
    const bus = createPubSub<Channels>({ eventTarget });
    return {
      publish: (topic, payload) => bus.publish(topic, ...([payload] as Channels[typeof topic])),
      subscribe: (topic) => bus.subscribe(topic) as AsyncIterable<TopicPayloads[typeof topic]>,
      close: async () => {},
    };
  }

  const options = { lazyConnect: false, maxRetriesPerRequest: null };
  const publishClient = new Redis(redisUrl, options);
  const subscribeClient = new Redis(redisUrl, options);
  for (const client of [publishClient, subscribeClient]) {
    client.on('error', (error: Error) =>
      logger.warnOnce(`redis:${error.message}`, 'Redis connection failed', { error }),
    );
  }

  const bus = createPubSub<Record<string, [unknown]>>({
    eventTarget: createRedisEventTarget({ publishClient, subscribeClient }),
  });
  return {
    publish: (topic, payload) => bus.publish(redisPrefix + topic, payload),
    subscribe: (topic) =>
      bus.subscribe(redisPrefix + topic) as AsyncIterable<TopicPayloads[typeof topic]>,
    close: async () => {
      publishClient.disconnect();
      subscribeClient.disconnect();
    },
  };
}
