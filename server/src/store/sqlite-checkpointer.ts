import { statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/** Copies committed WAL pages into the database file off the thread that commits. */
export interface Checkpointer {
  /** Called by the writer after each commit; starts the worker once the WAL is large. */
  afterCommit(): void;
  /** Whether the worker runs (then the writer's own checkpoints are only a safety net). */
  readonly isRunning: boolean;
  /** Stops the worker after a last checkpoint. */
  close(): Promise<void>;
}

export interface CheckpointerOptions {
  /** The WAL size at which the worker starts; smaller stores never need it. */
  startBytes: number;
  /** How often the worker checkpoints. */
  intervalMs: number;
  /**
   * Told when the worker starts and when it stops, so the writer can raise its own
   * checkpoint threshold while the worker runs and lower it again after.
   */
  onRunning(running: boolean): void;
}

// Runs as CommonJS in the worker, so it needs no loader for TypeScript and works the same
// under the test runner, the benchmark and the built server. A PASSIVE checkpoint never
// waits for readers or the writer: it copies what it can and leaves the rest for next time.
const workerSource = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path, { timeout: 0 });
const checkpoint = () => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch (error) {
    if (error.code !== 'SQLITE_BUSY' && error.code !== 'SQLITE_LOCKED') throw error;
  }
};
const timer = setInterval(checkpoint, workerData.intervalMs);
parentPort.once('message', () => {
  clearInterval(timer);
  checkpoint();
  db.close();
  parentPort.close();
});
`;

/**
 * A checkpointer for the SQLite file at `path`, on a worker thread with its own connection.
 *
 * @remarks
 * In WAL mode a commit appends pages to the WAL, and a checkpoint later copies them into
 * the database file and syncs it. Done by the committing connection (SQLite's default),
 * that copy stalls an ingest batch for tens of milliseconds every few batches; done here,
 * it runs on the machine's other core while the writer goes on. Durability is unchanged:
 * a commit is durable once it is in the WAL.
 */
export function createCheckpointer(path: string, options: CheckpointerOptions): Checkpointer {
  let worker: Worker | null = null;
  // Closed, or failed once: the writer's own checkpoints do the work from then on.
  let stopped = false;

  const start = () => {
    worker = new Worker(workerSource, {
      eval: true,
      workerData: {
        path,
        intervalMs: options.intervalMs,
        driver: createRequire(import.meta.url).resolve('better-sqlite3'),
      },
    });
    worker.on('error', () => {
      worker = null;
      stopped = true;
      options.onRunning(false);
    });
    worker.unref();
    options.onRunning(true);
  };

  return {
    afterCommit() {
      if (worker || stopped) return;
      if (walBytes(path) >= options.startBytes) start();
    },
    get isRunning() {
      return worker !== null;
    },
    async close() {
      stopped = true;
      const running = worker;
      worker = null;
      if (!running) return;
      // Unreferenced, the worker would not keep the process alive until it has exited.
      running.ref();
      const exited = new Promise((resolve) => running.once('exit', resolve));
      running.postMessage('close');
      await exited;
      options.onRunning(false);
    },
  };
}

function walBytes(path: string): number {
  try {
    return statSync(`${path}-wal`).size;
  } catch {
    return 0;
  }
}
