import type { Queryable } from '../store/db.js';
import type { StoredEvent } from './event.js';
import { findEvents } from './event.repository.js';
import {
  assembleHierarchy,
  assetKey,
  createHierarchyData,
  type HierarchyData,
  type HierarchyLimits,
  type HierarchyNeeds,
  type ProcessGraph,
} from './hierarchy.js';
import type { ObjectRecord } from './object-state.js';
import { objectColumnList, rowToObject } from './object-state.row.js';

const listSize = 500;

/**
 * Loads the hierarchy of `focus`'s process: each round runs the handful of indexed
 * queries the assembler asked for (object keys, PIDs, parent GUIDs, parent PIDs, process
 * keys, event ids), until it can build the graph.
 */
export async function loadHierarchy(
  db: Queryable,
  focus: StoredEvent,
  limits: HierarchyLimits,
): Promise<ProcessGraph> {
  const data = createHierarchyData();
  // Each round settles at least one more generation or ancestor.
  const maxRounds = limits.ancestors + 2 * limits.depth + 8;
  for (let round = 0; round < maxRounds; round++) {
    const step = assembleHierarchy(focus, data, limits);
    if ('graph' in step) return step.graph;
    await load(db, data, step.needs, limits);
  }
  throw new Error(`the hierarchy of event ${focus.id} did not settle in ${maxRounds} rounds`);
}

async function load(
  db: Queryable,
  data: HierarchyData,
  needs: HierarchyNeeds,
  limits: HierarchyLimits,
): Promise<void> {
  const remember = (record: ObjectRecord) => data.byKey.set(record.key, record);
  const select = `SELECT ${objectColumnList} FROM object_states`;

  for (const chunk of chunks(needs.keys)) {
    const rows = await db.all(`${select} WHERE key IN (${marks(chunk)})`, chunk);
    for (const key of chunk) data.byKey.set(key, null);
    rows.map(rowToObject).forEach(remember);
  }

  await loadGroups(
    needs.pids,
    data.byPid,
    async (assets, pids) =>
      db.all(
        `${select} WHERE asset_id IN (${marks(assets)}) AND pid IN (${marks(pids)}) AND type = 'PROCESS'`,
        [...assets, ...pids],
      ),
    (record) => assetKey(record.assetId, record.pid ?? -1),
  );
  await loadGroups(
    needs.childrenOfPid,
    data.childrenByPid,
    async (assets, pids) =>
      db.all(
        `${select} WHERE asset_id IN (${marks(assets)}) AND parent_pid IN (${marks(pids)}) AND type = 'PROCESS'`,
        [...assets, ...pids],
      ),
    (record) => assetKey(record.assetId, record.parentPid ?? -1),
  );

  for (const chunk of chunks(needs.childrenOfGuid)) {
    const guids = chunk.map((need) => need.guid);
    const rows = await db.all(
      `${select} WHERE parent_guid IN (${marks(guids)}) AND type = 'PROCESS'`,
      guids,
    );
    for (const need of chunk) data.childrenByGuid.set(assetKey(need.assetId, need.guid), []);
    for (const record of rows.map(rowToObject)) {
      remember(record);
      data.childrenByGuid.get(assetKey(record.assetId, record.parentGuid!))?.push(record);
    }
  }

  const types = limits.objectTypes.length > 0 ? limits.objectTypes : ['NETWORK'];
  for (const chunk of chunks(needs.objectsOf)) {
    // One more than shown per process, so the assembler can tell that some were left out.
    const rows = await db.all(
      `SELECT * FROM (
         SELECT ${objectColumnList},
           ROW_NUMBER() OVER (PARTITION BY process_key ORDER BY last_time DESC, key) AS position
         FROM object_states
         WHERE process_key IN (${marks(chunk)}) AND type IN (${marks(types)})
       ) ranked WHERE position <= ?`,
      [...chunk, ...types, limits.objectsPerProcess + 1],
    );
    for (const key of chunk) data.objectsByProcess.set(key, []);
    for (const record of rows.map(rowToObject)) {
      remember(record);
      data.objectsByProcess.get(record.processKey!)?.push(record);
    }
  }

  for (const chunk of chunks(needs.events)) {
    const events = await findEvents(db, chunk);
    for (const id of chunk) data.events.set(id, null);
    for (const event of events) data.events.set(event.id, event);
  }

  async function loadGroups(
    wanted: ReadonlyArray<{ assetId: number; pid: number }>,
    into: Map<string, ObjectRecord[]>,
    query: (assets: number[], pids: number[]) => Promise<Record<string, unknown>[]>,
    groupOf: (record: ObjectRecord) => string,
  ) {
    for (const chunk of chunks(wanted)) {
      const assets = [...new Set(chunk.map((need) => need.assetId))];
      const pids = [...new Set(chunk.map((need) => need.pid))];
      const rows = await query(assets, pids);
      for (const need of chunk) into.set(assetKey(need.assetId, need.pid), []);
      for (const record of rows.map(rowToObject)) {
        remember(record);
        into.get(groupOf(record))?.push(record);
      }
    }
  }
}

function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let start = 0; start < items.length; start += listSize) {
    out.push(items.slice(start, start + listSize));
  }
  return out;
}

function marks(items: readonly unknown[]): string {
  return items.map(() => '?').join(', ');
}
