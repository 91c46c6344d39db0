import { afterEach, describe, expect, it } from 'vitest';

import { captureNames, hasSharedData } from '../harness/shared-data.js';
import { createTestStore, dialects, type TestStore } from '../harness/stores.js';
import { createIngest, ingestCapture } from './ingest-harness.js';

// Asset ids are not compared: an upsert may use up ids of its sequence on conflict.
const objectsQuery =
  'SELECT key, type, asset_id, state, guid, pid, parent_guid, parent_pid, name, process_key, started_at, ended_at, first_event_id, last_event_id, last_time FROM object_states';
const eventsQuery = 'SELECT id, asset_id, object_key FROM events ORDER BY id';

describe.skipIf(!hasSharedData).each(dialects)('ingest in batches of any size on %s', (dialect) => {
  const stores: TestStore[] = [];

  afterEach(async () => {
    await Promise.all(stores.splice(0).map((store) => store.destroy()));
  });

  async function ingestAll(batchSize: number) {
    const store = await createTestStore(dialect);
    stores.push(store);
    const sut = createIngest(store.store, batchSize);
    for (const name of captureNames) await ingestCapture(sut, name);
    const db = store.store.db;
    const hosts = new Map(
      (await db.all<{ id: unknown; host_key: string }>('SELECT id, host_key FROM assets')).map(
        (row) => [Number(row.id), row.host_key],
      ),
    );
    const byHost = (row: Record<string, unknown>) =>
      JSON.parse(
        JSON.stringify(row).replace(
          /"(asset_id)":(\d+)|"(\w+)\|(\d+)\|/g,
          (_, column: string, id: string, kind: string, keyId: string) =>
            column
              ? `"${column}":"${hosts.get(Number(id))}"`
              : `"${kind}|${hosts.get(Number(keyId))}|`,
        ),
      ) as Record<string, unknown>;
    return {
      objects: (await db.all(objectsQuery))
        .map(byHost)
        .sort((a, b) => ((a.key as string) < (b.key as string) ? -1 : 1)),
      events: (await db.all(eventsQuery)).map(byHost),
    };
  }

  it('stores the same events and object states in batches of 7 as in one batch a capture', async () => {
    const whole = await ingestAll(1000);
    const small = await ingestAll(7);

    expect(whole.events).toHaveLength(947);
    expect(small.events).toEqual(whole.events);
    expect(small.objects).toEqual(whole.objects);
  });
});
