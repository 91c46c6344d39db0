import { graphql, type GraphQLSchema } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { emptyEvent, type NormalizedEvent } from '../../src/events/event.js';
import { EventSearchService, histogramGrid } from '../../src/events/search/search.service.js';
import { createErrorFormatter } from '../../src/graphql/format-error.js';
import { createSchema } from '../../src/graphql/schema.js';
import { silentLogger } from '../../src/logger.js';
import { createPubSubBus } from '../../src/pubsub/pubsub.js';
import { QueryError } from '../../src/query/index.js';
import { createTestStore, dialects, type TestStore } from '../harness/stores.js';
import { storeEvents } from './capture-store.js';

const t0 = Date.UTC(2024, 8, 15, 12, 0, 0);
const minute = 60_000;
const hour = 60 * minute;
const day = 24 * hour;

function createNormalizedEvent(overrides: Partial<NormalizedEvent>): NormalizedEvent {
  return {
    ...emptyEvent({
      time: t0,
      type: 'PROCESS',
      action: 'STARTED',
      source: 'native',
      hostname: 'ws-01',
      raw: '{}',
    }),
    ...overrides,
  };
}

// Ids follow the order of this list (1 to 8).
const scenario: NormalizedEvent[] = [
  // 1, 2: a process that started and terminated: not current.
  createNormalizedEvent({ processName: 'cmd.exe', processGuid: 'g-1', processPid: 10 }),
  createNormalizedEvent({
    time: t0 + 5 * minute,
    action: 'TERMINATED',
    processName: 'cmd.exe',
    processGuid: 'g-1',
    processPid: 10,
  }),
  // 3: a running process.
  createNormalizedEvent({
    time: t0 + 2 * minute,
    processName: 'powershell.exe',
    processGuid: 'g-2',
    processPid: 20,
    processCommandLine: 'powershell -enc AAAA',
  }),
  // 4, 5: a file created then modified: the modification is current.
  createNormalizedEvent({
    time: t0 + 2 * minute,
    type: 'FILE',
    action: 'CREATED',
    filePath: 'C:\\Temp\\a.ps1',
    fileName: 'a.ps1',
    processName: 'powershell.exe',
    processGuid: 'g-2',
  }),
  createNormalizedEvent({
    time: t0 + 3 * minute,
    type: 'FILE',
    action: 'MODIFIED',
    filePath: 'C:\\Temp\\a.ps1',
    fileName: 'a.ps1',
    processName: 'powershell.exe',
    processGuid: 'g-2',
  }),
  // 6: a DNS query: a point event, never current.
  createNormalizedEvent({
    time: t0 + 4 * minute,
    type: 'NETWORK',
    action: 'DNS_QUERY',
    remoteFqdn: 'example.com',
    processName: 'powershell.exe',
    processGuid: 'g-2',
  }),
  // 7, 8: a file created and deleted, at the same time as 3 and 4.
  createNormalizedEvent({
    time: t0 + 2 * minute,
    type: 'FILE',
    action: 'CREATED',
    filePath: 'C:\\Temp\\b.txt',
    fileName: 'b.txt',
    processName: 'powershell.exe',
    processGuid: 'g-2',
  }),
  createNormalizedEvent({
    time: t0 + 6 * minute,
    type: 'FILE',
    action: 'DELETED',
    filePath: 'C:\\Temp\\b.txt',
    fileName: 'b.txt',
    processName: 'powershell.exe',
    processGuid: 'g-2',
  }),
];

const allTime = { kind: 'period', from: null, to: null } as const;

describe.each(dialects)(`${EventSearchService.name} on %s`, (dialect) => {
  let testStore: TestStore;
  let sut: EventSearchService;

  beforeAll(async () => {
    testStore = await createTestStore(dialect);
    await storeEvents(testStore.store, scenario);
    sut = new EventSearchService(testStore.store.db);
  });

  afterAll(async () => {
    await testStore.destroy();
  });

  const ids = (page: { events: { event: { id: number } }[] }) => page.events.map((e) => e.event.id);

  it('pages newest first by event time, then by id, with cursors', async () => {
    const first = await sut.search('', allTime, { first: 3, after: null });
    expect(ids(first)).toEqual([8, 2, 6]);
    expect(first.hasNextPage).toBe(true);
    expect(first.totalCount).toBe(8);
    expect(first.countsByType).toEqual([
      { type: 'PROCESS', count: 3 },
      { type: 'FILE', count: 4 },
      { type: 'NETWORK', count: 1 },
    ]);

    const second = await sut.search('', allTime, { first: 3, after: first.endCursor });
    expect(ids(second)).toEqual([5, 7, 4]);
    const third = await sut.search('', allTime, { first: 3, after: second.endCursor });
    expect(ids(third)).toEqual([3, 1]);
    expect(third.hasNextPage).toBe(false);
    expect(third.endCursor).toBe(third.events[1]!.cursor);
  });

  it('leaves the counts out when asked to', async () => {
    const page = await sut.search('type: FILE', allTime, { first: 1, after: null, counts: false });
    expect(ids(page)).toEqual([8]);
    expect(page.hasNextPage).toBe(true);
    expect([page.totalCount, page.countsByType]).toEqual([0, []]);
  });

  it('filters by query and by a period, from inclusive to exclusive', async () => {
    const page = await sut.search(
      'process.name: POWERSHELL.EXE and not type: NETWORK',
      { kind: 'period', from: t0 + 2 * minute, to: t0 + 6 * minute },
      { first: 50, after: null },
    );
    expect(ids(page)).toEqual([5, 7, 4, 3]);
    expect(page.totalCount).toBe(4);
    expect(page.countsByType).toEqual([
      { type: 'PROCESS', count: 1 },
      { type: 'FILE', count: 3 },
    ]);
  });

  it('shows in Current State only the latest event of each live object', async () => {
    const page = await sut.search('', { kind: 'current' }, { first: 50, after: null });
    expect(ids(page)).toEqual([5, 3]);
    const files = await sut.search('type: FILE', { kind: 'current' }, { first: 50, after: null });
    expect(ids(files)).toEqual([5]);
  });

  it('counts matches per round bucket over the period', async () => {
    const histogram = await sut.histogram(
      'process.name: *',
      { kind: 'period', from: t0, to: t0 + 10 * minute },
      5,
    );
    expect(histogram.bucketMs).toBe(2 * minute);
    expect(histogram.from).toBe(t0);
    expect(histogram.to).toBe(t0 + 10 * minute);
    expect(histogram.buckets.map((bucket) => bucket.count)).toEqual([1, 4, 2, 1, 0]);
    expect(histogram.buckets[1]).toEqual({
      start: t0 + 2 * minute,
      end: t0 + 4 * minute,
      count: 4,
      countsByType: [
        { type: 'PROCESS', count: 1 },
        { type: 'FILE', count: 3 },
      ],
    });
  });

  it('spans the matches themselves when the range is open or Current State', async () => {
    const histogram = await sut.histogram('', { kind: 'current' }, 60);
    expect(histogram.from).toBe(t0 + 2 * minute);
    expect(histogram.bucketMs).toBe(2_000);
    expect(histogram.buckets.length).toBe(31);
    expect(histogram.buckets.filter((bucket) => bucket.count > 0).map((b) => b.start)).toEqual([
      t0 + 2 * minute,
      t0 + 3 * minute,
    ]);
    expect(await sut.histogram('type: REGISTRY', allTime, 60)).toEqual({
      from: null,
      to: null,
      bucketMs: 0,
      buckets: [],
    });
  });

  it('tests a query over a period: the count and the newest matches', async () => {
    const result = await sut.testQuery('type: FILE', { from: t0, to: t0 + 5 * minute }, 2);
    expect(result.count).toBe(3);
    expect(result.matches.map((event) => event.id)).toEqual([5, 7]);
    expect((await sut.testQuery('type: FILE', { from: null, to: null }, 0)).count).toBe(4);
  });

  it('rejects a bad query, cursor, page size or range', async () => {
    await expect(sut.search('proces.name: x', allTime, { first: 5, after: null })).rejects.toThrow(
      QueryError,
    );
    await expect(sut.search('', allTime, { first: 5, after: 'bm9wZQ' })).rejects.toThrow(
      'after: is not a cursor from this search: start again without it',
    );
    await expect(sut.search('', allTime, { first: 501, after: null })).rejects.toThrow(
      'first: must be a whole number from 1 to 500',
    );
    await expect(
      sut.search('', { kind: 'period', from: t0, to: t0 }, { first: 5, after: null }),
    ).rejects.toThrow('range: from must be before to');
  });
});

describe('event search API', () => {
  let testStore: TestStore;
  let schema: GraphQLSchema;

  beforeAll(async () => {
    testStore = await createTestStore('sqlite');
    await storeEvents(testStore.store, scenario);
    schema = await createSchema(createPubSubBus(null, silentLogger));
  });

  afterAll(async () => {
    await testStore.destroy();
  });

  const run = async (source: string, variableValues: Record<string, unknown> = {}) => {
    const services = { eventSearch: new EventSearchService(testStore.store.db) };
    const result = await graphql({
      schema,
      source,
      variableValues,
      contextValue: { services, user: { id: 1, name: 'test' } },
    });
    const format = createErrorFormatter(silentLogger);
    return {
      data: result.data,
      errors: result.errors?.map((error) => format(error.toJSON(), error)),
    };
  };

  it('serves a page of events with counts', async () => {
    const result = await run(
      `query ($range: TimeRangeInput) {
        events(query: "type: FILE", range: $range, first: 2) {
          edges { node { id type file { name } } }
          pageInfo { hasNextPage }
          totalCount
          countsByType { type count }
        }
      }`,
      { range: { from: new Date(t0).toISOString(), to: new Date(t0 + 10 * minute).toISOString() } },
    );
    expect(result).toEqual({
      data: {
        events: {
          edges: [
            { node: { id: '8', type: 'FILE', file: { name: 'b.txt' } } },
            { node: { id: '5', type: 'FILE', file: { name: 'a.ps1' } } },
          ],
          pageInfo: { hasNextPage: true },
          totalCount: 4,
          countsByType: [{ type: 'FILE', count: 4 }],
        },
      },
      errors: undefined,
    });
  });

  it('serves buckets wider than 32-bit milliseconds', async () => {
    const result = await run(
      `{
        eventHistogram(
          query: ""
          range: { from: "2022-01-01T00:00:00Z", to: "2026-12-05T00:00:00Z" }
        ) { from to bucketMs buckets { count } }
      }`,
    );

    const histogram = (result.data as { eventHistogram: Record<string, unknown> }).eventHistogram;
    expect(result.errors).toBeUndefined();
    expect(histogram.from).toBe('2022-01-01T00:00:00.000Z');
    expect(histogram.to).toBe('2026-12-06T00:00:00.000Z');
    expect(histogram.bucketMs).toBe(2_592_000_000);
    expect(histogram.buckets).toHaveLength(60);
  });

  it('reports a query error with its code, position and length', async () => {
    const result = await run('{ events(query: "type: FILE and proces.name: x") { totalCount } }');
    expect(result.errors).toEqual([
      {
        message: "Unknown event field 'proces.name'; did you mean process.name? (at position 15)",
        path: ['events'],
        extensions: {
          code: 'QUERY_INVALID',
          position: 15,
          length: 11,
          problem: 'unknown-field',
          field: 'proces.name',
          suggestions: ['process.name'],
        },
      },
    ]);
  });

  it('lists sample queries that all parse', async () => {
    const result = await run('{ sampleQueries { name query } }');
    const samples = (result.data as { sampleQueries: { name: string }[] }).sampleQueries;
    expect(samples.length).toBe(13);
    expect(samples[0]!.name).toBe('Shells started by mshta.exe');
  });
});

describe(histogramGrid.name, () => {
  it('snaps to the smallest round width and aligns the first bucket to it', () => {
    expect(histogramGrid(t0 + 1234, t0 + 3_600_000, 60)).toEqual({
      from: t0,
      to: t0 + 3_600_000,
      width: 60_000,
      count: 60,
    });
    expect(histogramGrid(0, 7, 60)).toEqual({ from: 0, to: 7, width: 1, count: 7 });
    expect(histogramGrid(90_000, 150_001, 2)).toEqual({
      from: 60_000,
      to: 180_000,
      width: 60_000,
      count: 2,
    });
  });

  it('takes the fewest whole days past a week, from the UTC midnight before the start', () => {
    const from = Date.parse('2025-01-01T00:00:00Z');
    const to = Date.parse('2026-12-05T00:00:00Z');

    expect(histogramGrid(from, to, 60)).toEqual({
      from,
      to: Date.parse('2026-12-10T00:00:00Z'),
      width: 12 * day,
      count: 59,
    });
    expect(histogramGrid(from + 5 * hour, to, 60)).toEqual({
      from,
      to: Date.parse('2026-12-10T00:00:00Z'),
      width: 12 * day,
      count: 59,
    });
  });

  it('leaves a week-aligned start for midnight when aligning to weeks adds a bucket', () => {
    const from = Date.parse('2025-01-01T00:00:00Z');

    expect(histogramGrid(from, from + 70 * day, 10)).toEqual({
      from,
      to: from + 70 * day,
      width: 7 * day,
      count: 10,
    });
  });
});
