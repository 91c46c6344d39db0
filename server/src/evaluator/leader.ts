import pg from 'pg';

import type { Logger } from '../logger.js';
import type { StoreTarget } from '../store/store.js';

// Any constant shared by every replica; distinct from the migration lock.
const evaluatorLockKey = 7_357_002;

/** Decides which process runs the evaluator. */
export interface Leadership {
  /** True while this process is the leader; tries to become it when it is not. */
  acquire(): Promise<boolean>;
  release(): Promise<void>;
}

/**
 * One evaluator at a time. On SQLite the process is alone and always leads. On
 * PostgreSQL the leader holds a session advisory lock on a connection of its own; when
 * that connection dies, the lock goes with it and another replica takes over.
 */
export function createLeadership(target: StoreTarget, logger: Logger): Leadership {
  if (target.dialect === 'sqlite') {
    return { acquire: async () => true, release: async () => {} };
  }
  return new AdvisoryLockLeadership(target.url, logger);
}

class AdvisoryLockLeadership implements Leadership {
  #client: pg.Client | null = null;
  #leader = false;

  constructor(
    private readonly url: string,
    private readonly logger: Logger,
  ) {}

  async acquire(): Promise<boolean> {
    if (this.#leader && this.#client) return true;

    try {
      const client = this.#client ?? (await this.#connect());
      const result = await client.query<{ locked: boolean }>(
        'SELECT pg_try_advisory_lock($1) AS locked',
        [evaluatorLockKey],
      );
      this.#leader = result.rows[0]?.locked === true;
      if (this.#leader) this.logger.info('this process now runs the evaluator');
      return this.#leader;
    } catch (error) {
      this.logger.warnOnce('leader-lock', 'could not take the evaluator lock; retrying', {
        error,
      });
      await this.#drop();
      return false;
    }
  }

  async release(): Promise<void> {
    const client = this.#client;
    this.#client = null;
    this.#leader = false;
    await client?.end().catch(() => {});
  }

  async #connect(): Promise<pg.Client> {
    const client = new pg.Client({ connectionString: this.url });
    client.on('error', (error) => {
      if (this.#leader) this.logger.warn('lost the evaluator lock connection', { error });
      void this.#drop();
    });
    await client.connect();
    this.#client = client;
    return client;
  }

  async #drop(): Promise<void> {
    const client = this.#client;
    this.#client = null;
    this.#leader = false;
    await client?.end().catch(() => {});
  }
}
