import type { Clock } from '../../src/clock.js';
import type { PubSub } from '../../src/pubsub/pubsub.js';
import { Topic, type DeliveryUpdatedPayload } from '../../src/pubsub/topics.js';

/** A clock that moves only when told to. */
export function manualClock(start: number): Clock & { advance(ms: number): void } {
  let now = start;
  return {
    now: () => now,
    advance: (ms) => {
      now += ms;
    },
  };
}

export interface UpdateLog {
  updates: DeliveryUpdatedPayload[];
  /** Resolves once `count` updates were published; rejects after `timeoutMs`. */
  waitFor(count: number, timeoutMs?: number): Promise<DeliveryUpdatedPayload[]>;
  stop(): Promise<void>;
}

/** Records every DeliveryUpdated published from now on. */
export function collectUpdates(pubsub: PubSub): UpdateLog {
  const updates: DeliveryUpdatedPayload[] = [];
  const iterator = pubsub.subscribe(Topic.DeliveryUpdated)[Symbol.asyncIterator]();
  const waiters: { count: number; resolve: () => void }[] = [];

  void (async () => {
    for (;;) {
      const next = await iterator.next();
      if (next.done) return;
      updates.push(next.value);
      for (const waiter of waiters) if (updates.length >= waiter.count) waiter.resolve();
    }
  })();

  return {
    updates,
    waitFor: (count, timeoutMs = 10_000) =>
      new Promise((resolve, reject) => {
        if (updates.length >= count) return resolve(updates.slice());
        const timer = setTimeout(
          () => reject(new Error(`got ${updates.length} of ${count} delivery updates`)),
          timeoutMs,
        );
        waiters.push({
          count,
          resolve: () => {
            clearTimeout(timer);
            resolve(updates.slice());
          },
        });
      }),
    stop: async () => {
      await iterator.return?.();
    },
  };
}
