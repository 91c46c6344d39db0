import { afterEach, describe, expect, it } from 'vitest';

import { IngestService } from '../../src/events/ingest/ingest.service.js';
import { silentLogger } from '../../src/logger.js';
import { createTestStore, type TestStore } from '../harness/stores.js';
import { createDemoStory } from '../../src/demo/story.js';

const now = Date.parse('2026-03-10T15:00:00.000Z');

describe('createDemoStory', () => {
  let store: TestStore | undefined;

  afterEach(async () => {
    await store?.destroy();
  });

  it('gives the same records for the same time and seed', () => {
    expect(JSON.stringify(createDemoStory({ now }))).toBe(JSON.stringify(createDemoStory({ now })));
  });

  it('writes every event within the two hours before now, except the boot three days earlier', () => {
    const times = createDemoStory({ now }).records.map((record) =>
      Date.parse(String(record.dateTime).replace('+0000', 'Z')),
    );
    const recent = times.filter((time) => time >= now - 2 * 3_600_000);

    expect(Math.max(...times)).toBeLessThan(now);
    expect(times.length - recent.length).toBe(4 * 8);
  });

  it('is accepted whole by ingest', async () => {
    store = await createTestStore('sqlite');
    const sut = new IngestService({
      db: store.store.db,
      clock: { now: () => now },
      logger: silentLogger,
      pubsub: null,
    });
    const { records } = createDemoStory({ now });

    const { summary, stopped } = await sut.ingestRecords(records);
    const byType = await store.store.db.all<{ type: string; count: number }>(
      'SELECT type, count(*) AS count FROM events GROUP BY type ORDER BY type',
    );

    expect(stopped).toBeNull();
    expect(summary.rejected).toBe(0);
    expect(summary.accepted).toBe(records.length);
    expect(byType).toEqual([
      { type: 'FILE', count: 75 },
      { type: 'MUTEX', count: 1 },
      { type: 'NETWORK', count: 295 },
      { type: 'PROCESS', count: 219 },
      { type: 'REGISTRY', count: 6 },
    ]);
  });
});
