import { createReadStream, readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';

import { hasSharedData, sysmonCapture } from '../../../test/harness/shared-data.js';
import { createTestStore, type TestStore } from '../../../test/harness/stores.js';
import { silentLogger } from '../../logger.js';
import type { Db } from '../../store/db.js';
import { IngestService } from './ingest.service.js';
import type { IngestSummary } from './ingest.summary.js';
import { readLine } from './record.js';

const capture = 'cmd_bitsadmin_download_psh_script';
const fixedClock = { now: () => Date.UTC(2024, 8, 15, 12, 0, 0) };

// The line numbers of the capture's events, in order.
function eventLines(): number[] {
  return readFileSync(sysmonCapture(capture), 'utf8')
    .split('\n')
    .flatMap((text, index) => (text.trim() && readLine(text).kind === 'event' ? [index + 1] : []));
}

// The store, with every transaction after the first `commits` failing.
function failingAfter(db: Db, commits: number): Db {
  let count = 0;
  return {
    ...db,
    transaction: (work) => {
      count += 1;
      return count > commits ? Promise.reject(new Error('disk full')) : db.transaction(work);
    },
  };
}

describe.skipIf(!hasSharedData)(IngestService.name, () => {
  let store: TestStore;

  afterEach(async () => {
    await store?.destroy();
  });

  function createSut(db: Db) {
    return new IngestService({
      db,
      clock: fixedClock,
      logger: silentLogger,
      pubsub: null,
      batchSize: 40,
    });
  }

  it('counts each batch once it commits, in order, while reading the next', async () => {
    store = await createTestStore('sqlite');
    const sut = createSut(store.store.db);
    const progress: IngestSummary[] = [];

    const { summary, stopped } = await sut.ingestStream(createReadStream(sysmonCapture(capture)), {
      onProgress: (latest) => progress.push(latest),
    });

    const lines = eventLines();
    expect(stopped).toBeNull();
    expect(summary).toMatchObject({ lines: 424, accepted: 95, firstId: 1, lastId: 95 });
    expect(progress.map((latest) => [latest.accepted, latest.lines])).toEqual([
      [40, lines[39]],
      [80, lines[79]],
      [95, 424],
    ]);
  });

  it('stops at a failed batch, counting only the batches committed before it', async () => {
    store = await createTestStore('sqlite');
    const sut = createSut(failingAfter(store.store.db, 1));

    const { summary, stopped } = await sut.ingestStream(createReadStream(sysmonCapture(capture)));

    expect(stopped?.code).toBe('STORE_FAILED');
    expect(summary).toMatchObject({ lines: eventLines()[39], accepted: 40, lastId: 40 });
    expect(await store.store.db.get('SELECT count(*) AS n FROM events')).toEqual({ n: 40 });
  });
});
