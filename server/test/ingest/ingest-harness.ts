import { createReadStream } from 'node:fs';

import type { Clock } from '../../src/clock.js';
import { IngestService } from '../../src/events/ingest/ingest.service.js';
import { silentLogger } from '../../src/logger.js';
import type { Queryable } from '../../src/store/db.js';
import type { Store } from '../../src/store/store.js';
import { sysmonCapture } from '../harness/shared-data.js';

/** A fixed arrival time, so stored events do not depend on when the test runs. */
export const testClock: Clock = { now: () => Date.UTC(2024, 8, 15, 12, 0, 0) };

/** An ingest service on `store` that publishes nothing. */
export function createIngest(store: Store, batchSize?: number): IngestService {
  return new IngestService({
    db: store.db,
    clock: testClock,
    logger: silentLogger,
    pubsub: null,
    batchSize,
  });
}

/** Streams one capture through `ingest`. */
export function ingestCapture(ingest: IngestService, name: string) {
  return ingest.ingestStream(createReadStream(sysmonCapture(name)));
}

/** `{ 'PROCESS RUNNING': 1, ... }`: objects per type and state. */
export async function objectStateCounts(db: Queryable): Promise<Record<string, number>> {
  const rows = await db.all<{ type: string; state: string; count: unknown }>(
    'SELECT type, state, count(*) AS count FROM object_states GROUP BY type, state ORDER BY type, state',
  );
  return Object.fromEntries(rows.map((row) => [`${row.type} ${row.state}`, Number(row.count)]));
}
