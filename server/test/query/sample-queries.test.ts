import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { StoredEvent } from '../../src/events/event.js';
import { sampleQueries } from '../../src/events/search/sample-queries.js';
import { EventSearchService } from '../../src/events/search/search.service.js';
import { compilePredicate, parseQuery } from '../../src/query/index.js';
import { hasSharedData } from '../harness/shared-data.js';
import { createTestStore, dialects, type TestStore } from '../harness/stores.js';
import { loadCaptures, readAllEvents } from './capture-store.js';

// What each sample matches on the four captures; 0 where the captures hold no such activity.
const expectedMatches: Record<string, number> = {
  'Shells started by mshta.exe': 0,
  'Encoded PowerShell': 0,
  'PowerShell remoting connections': 116,
  'PowerShell remoting sessions': 2,
  'LSASS dump with comsvcs.dll': 1,
  'LSASS dump files': 1,
  'Cobalt Strike named pipes': 4,
  'Downloads with bitsadmin': 1,
  'Download tools with a URL': 2,
  'Processes killed by name or PID': 5,
  'Services created with sc.exe': 1,
  'Autostart registry keys': 0,
  'Scripts and programs written to Temp': 2,
};

describe('sample queries', () => {
  it.each(sampleQueries.map((sample) => [sample.name, sample.query]))(
    '%s parses',
    (_name, query) => {
      expect(parseQuery(query).root).not.toBeNull();
    },
  );

  it('has an expected count for every sample', () => {
    expect(sampleQueries.map((sample) => sample.name)).toEqual(Object.keys(expectedMatches));
  });
});

describe.skipIf(!hasSharedData).each(dialects)('sample queries on the captures (%s)', (dialect) => {
  let testStore: TestStore;
  let events: StoredEvent[];
  let sut: EventSearchService;

  beforeAll(async () => {
    testStore = await createTestStore(dialect);
    await loadCaptures(testStore.store);
    events = await readAllEvents(testStore.store.db);
    sut = new EventSearchService(testStore.store.db);
  }, 120_000);

  afterAll(async () => {
    await testStore.destroy();
  });

  it.each(sampleQueries.map((sample) => [sample.name, sample.query]))(
    '%s matches the expected events in the store and in the predicate',
    async (name, query) => {
      const tested = await sut.testQuery(query, { from: null, to: null }, 100);
      const predicate = compilePredicate(parseQuery(query));
      const newest = events
        .filter(predicate)
        .sort((a, b) => b.time - a.time || b.id - a.id)
        .map((event) => event.id);

      expect(tested.count).toBe(expectedMatches[name]);
      expect(newest.length).toBe(expectedMatches[name]);
      expect(tested.matches.map((event) => event.id)).toEqual(newest.slice(0, 100));
    },
  );
});
