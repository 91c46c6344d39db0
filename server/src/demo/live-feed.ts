import type { Clock } from '../clock.js';
import type { NativeRecord } from './story-types.js';

export interface LiveFeedOptions {
  clock: Clock;
  /** Builds the records of one tick, given its time and number. */
  records: (at: number, tick: number) => NativeRecord[];
  send: (records: NativeRecord[]) => Promise<void>;
  /** @default 60000 */
  intervalMs?: number;
}

export interface LiveFeed {
  stop(): void;
}

/** Sends the records of one tick every interval until stopped; one tick at a time. */
export function createLiveFeed(options: LiveFeedOptions): LiveFeed {
  let tick = 0;
  let sending = false;
  const timer = setInterval(() => {
    if (sending) return;
    sending = true;
    const records = options.records(options.clock.now(), tick++);
    void options.send(records).finally(() => {
      sending = false;
    });
  }, options.intervalMs ?? 60_000);
  timer.unref();

  return { stop: () => clearInterval(timer) };
}
