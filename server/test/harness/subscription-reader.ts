import { waitFor } from './wait.js';

/** A subscription read in the background, so a test can wait for what has arrived. */
export interface SubscriptionReader<T> {
  /** Every value so far, in the order it arrived. */
  readonly received: readonly T[];
  /** Resolves once `check(received)` holds; rejects after `timeoutMs` or when reading failed. */
  waitUntil(
    what: string,
    check: (received: readonly T[]) => boolean,
    timeoutMs?: number,
  ): Promise<void>;
  /** Ends the subscription. */
  close(): Promise<void>;
}

/** Starts reading `iterator` into `received` until it ends, fails or is closed. */
export function readSubscription<T>(iterator: AsyncIterableIterator<T>): SubscriptionReader<T> {
  const received: T[] = [];
  let failure: unknown = null;
  let ended = false;

  void (async () => {
    try {
      for (;;) {
        const step = await iterator.next();
        if (step.done) break;
        received.push(step.value);
      }
    } catch (error) {
      failure = error;
    } finally {
      ended = true;
    }
  })();

  return {
    received,
    async waitUntil(what, check, timeoutMs = 15_000) {
      await waitFor(
        what,
        () => {
          if (failure) throw failure;
          if (check(received)) return true;
          if (ended) throw new Error(`the subscription ended before ${what}`);
          return false;
        },
        { timeoutMs, intervalMs: 20 },
      );
    },
    async close() {
      await iterator.return?.();
    },
  };
}
