import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { StoredEvent } from '../../src/events/event.js';
import { compilePredicate, compileSql, parseQuery } from '../../src/query/index.js';
import { hasSharedData } from '../harness/shared-data.js';
import { createTestStore, dialects, type TestStore } from '../harness/stores.js';
import { edgeEvents, loadCaptures, readAllEvents, storeEvents } from './capture-store.js';
import { createQueryGenerator } from './query-generator.js';

const queryCount = 1200;
const seed = 20240915;

// One query, one set of events: the evaluator's predicate, SQLite and PostgreSQL agree.
describe.skipIf(!hasSharedData)('query language on the predicate and both stores', () => {
  const stores = new Map<string, TestStore>();
  let events: StoredEvent[] = [];

  beforeAll(async () => {
    for (const dialect of dialects) {
      const testStore = await createTestStore(dialect);
      stores.set(dialect, testStore);
      await loadCaptures(testStore.store);
      await storeEvents(testStore.store, edgeEvents());
    }
    events = await readAllEvents(stores.get('sqlite')!.store.db);
  }, 120_000);

  afterAll(async () => {
    for (const testStore of stores.values()) await testStore.destroy();
  });

  it('stores the same events on every dialect', async () => {
    expect(events.length).toBe(956);
    for (const testStore of stores.values()) {
      expect(await readAllEvents(testStore.store.db)).toEqual(events);
    }
  });

  it(`selects the same events for ${queryCount} random queries`, async () => {
    const generator = createQueryGenerator(events, seed);
    const mismatches: { query: string; predicate: number[]; [dialect: string]: unknown }[] = [];
    let matchingSome = 0;
    let matchingAll = 0;

    for (let i = 0; i < queryCount; i++) {
      const text = generator.next();
      const query = parseQuery(text);
      const predicate = compilePredicate(query);
      const expected = events.filter(predicate).map((event) => event.id);
      if (expected.length > 0) matchingSome++;
      if (expected.length === events.length) matchingAll++;

      const outcome: Record<string, number[]> = {};
      for (const [dialect, { store }] of stores) {
        const { sql, params } = compileSql(query, store.db.dialect, { alias: 'e' });
        const rows = await store.db.all<{ id: unknown }>(
          `SELECT e.id FROM events e WHERE ${sql} ORDER BY e.id`,
          params,
        );
        outcome[dialect] = rows.map((row) => Number(row.id));
      }
      if (Object.values(outcome).some((ids) => ids.join() !== expected.join())) {
        mismatches.push({ query: text, predicate: expected, ...outcome });
      }
    }

    expect(mismatches.slice(0, 5)).toEqual([]);
    // Guards against a generator whose queries all select nothing or everything.
    expect(matchingSome).toBeGreaterThan(queryCount / 3);
    expect(matchingSome - matchingAll).toBeGreaterThan(queryCount / 4);
  }, 300_000);

  it.each([
    ['processes with an empty name', 'process.name: ""', 1],
    ['percent and underscore taken literally', 'process.commandLine: *50%_off*', 0],
    ['percent and underscore next to a wildcard', 'process.commandLine: *50%?off_now*', 1],
    ['backslashes taken literally', 'process.commandLine: *\\\\server\\share', 1],
    [
      'stored wildcards matched by an exact value',
      'process.path: `C:\\Temp\\100%_done\\a*b?.exe`',
      1,
    ],
    ['ASCII case folded, non-ASCII kept', 'process.commandLine: *école*', 0],
    ['non-ASCII matched as written', 'process.commandLine: "*ÉCOLE straße*"', 1],
    ['? matching one non-BMP character', 'process.commandLine: "*straße ?"', 1],
    ['IPv4 matching its IPv6 form', 'destination.ip: 10.0.0.5', 1],
    ['IPv6 in any case and form', 'destination.ip: 2001:0db8:0:0::0001', 1],
    ['CIDR over mapped IPv4', 'destination.ip: 10.0.0.0/24', 1],
    ['text that is not an address', 'destination.ip: *', 3],
    ['numeric strings as text', 'file.name: 4688', 1],
    ['NOT over absent values', 'type: NETWORK and not network.local.address.ip: *', 0],
  ])('agrees on %s', async (_name, text, edgeMatches) => {
    const query = parseQuery(text);
    const predicate = compilePredicate(query);
    const expected = events.filter(predicate).map((event) => event.id);
    const edgeIds = new Set(
      events.filter((event) => event.hostname.toLowerCase() === 'edge-host').map((e) => e.id),
    );
    expect(expected.filter((id) => edgeIds.has(id)).length).toBe(edgeMatches);

    for (const { store } of stores.values()) {
      const { sql, params } = compileSql(query, store.db.dialect);
      const rows = await store.db.all<{ id: unknown }>(
        `SELECT id FROM events WHERE ${sql} ORDER BY id`,
        params,
      );
      expect(rows.map((row) => Number(row.id))).toEqual(expected);
    }
  });
});
